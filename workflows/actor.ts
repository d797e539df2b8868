// Who acts. The server builds the actor from the session, never from client input
// (app/access/visibility.ts: workflowActor).
import { type Capability, may } from "~/access/capabilities.ts";
import type { Role } from "~/access/roles.ts";

export interface Actor {
  id: string;
  role: Role;
  /** ISO 3166 alpha-3 of the State the actor acts for (a government focal point's own), or null. */
  country: string | null;
  /** The actor's organisation: a task assigned to it may be worked by any of its members. */
  organizationId?: string;
}

/** The machines' guards ask the access rules, never the role: may this actor do this (on this State's case)? */
export const actorMay = (actor: Actor, capability: Capability, onCase?: { countryCode: string }) =>
  may(
    { role: actor.role, organization: { id: actor.organizationId ?? "", countryCode: actor.country } },
    capability,
    onCase,
  );
