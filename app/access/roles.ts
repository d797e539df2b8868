// The kinds of account. What each may see and do is decided in this folder only: visibility
// (visibility.ts, scopes.server.ts) and capabilities (capabilities.ts).
export const ROLES = [
  "CTED_ADMIN",
  "CTED_EXPERT",
  "GOVERNMENT_FOCAL_POINT",
  "PARTNER_OFFICER",
  "OBSERVER",
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  CTED_ADMIN: "CTED admin",
  CTED_EXPERT: "CTED expert",
  GOVERNMENT_FOCAL_POINT: "Government focal point",
  PARTNER_OFFICER: "Partner officer",
  OBSERVER: "Observer",
};
