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

/**
 * The kind of organisation each role's accounts belong to: what a person may see follows from
 * their organisation (a government's State, a partner's tasks), so the two must agree.
 */
export const ORGANIZATION_KIND_OF_ROLE: Record<Role, string> = {
  CTED_ADMIN: "CTED",
  CTED_EXPERT: "CTED",
  GOVERNMENT_FOCAL_POINT: "GOVERNMENT",
  PARTNER_OFFICER: "PARTNER",
  OBSERVER: "COMMITTEE",
};
