// Who acts. The server builds the actor from the session, never from client input.
export const ROLES = [
  "CTED_ADMIN",
  "CTED_EXPERT",
  "GOVERNMENT_FOCAL_POINT",
  "PARTNER_OFFICER",
  "OBSERVER",
] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string;
  role: Role;
  /** ISO 3166 alpha-3 of the actor's government, for government users only. */
  country: string | null;
  /** The actor's organisation: a task assigned to it may be worked by any of its members. */
  organizationId?: string;
}

export const isCtedRole = (role: Role) => role === "CTED_ADMIN" || role === "CTED_EXPERT";

export const ROLE_LABELS: Record<Role, string> = {
  CTED_ADMIN: "CTED admin",
  CTED_EXPERT: "CTED expert",
  GOVERNMENT_FOCAL_POINT: "Government focal point",
  PARTNER_OFFICER: "Partner officer",
  OBSERVER: "Observer",
};
