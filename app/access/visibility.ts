// Who may see what, decided about one person at a time without a query: the pure twin of the
// database filters in scopes.server.ts (tests/integration/permission-matrix.test.ts checks that
// the two agree for every kind of account), and the Socket.IO rooms that carry live events.
// Whoever is told about a case or a task (a notification, a mention, an email, a live event)
// passes through here at the moment they are told.
import { type Actor } from "~workflows/actor.ts";
import { caseStateHas, taskStateHas } from "~workflows/state-tags.ts";

import { may, type Person, stateActedFor } from "./capabilities.ts";
import type { Role } from "./roles.ts";

/** The signed-in user, as the session gives it to every rule. */
export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  organization: { id: string; name: string; shortName: string; kind: string; countryCode: string | null };
  /** The language and time zone the person chose (app/i18n/); null or absent: their browser's. */
  locale?: string | null;
  timeZone?: string | null;
}

/** The workflows' view of a person: identity, role, organisation and the State they act for. */
export function workflowActor(person: Person & { id: string }): Actor {
  return {
    id: person.id,
    role: person.role,
    country: stateActedFor(person),
    organizationId: person.organization.id,
  };
}

/** A partner sees only what concerns them: the case, its state and their own tasks. */
export const isPartner = (person: Pick<Person, "role">) => person.role === "PARTNER_OFFICER";

export const partnerSeesTask = (orgId: string, task: { assigneeOrgId: string; state: string }) =>
  task.assigneeOrgId === orgId && taskStateHas(task.state, "partnerVisible");

/**
 * What the rules need to know of a case to decide for anyone at once: its State and its tasks.
 * For deciding about many people without a query each (notifications, mentions, the live feed).
 */
export interface CaseAudience {
  countryCode: string;
  tasks: { id: string; assigneeOrgId: string; state: string }[];
}

/** May this person see this case (and this one of its tasks)? */
export function maySee(person: Person, c: CaseAudience, taskId?: string | null): boolean {
  const task = taskId ? c.tasks.find((t) => t.id === taskId) : undefined;
  if (taskId && !task) return false;
  switch (person.role) {
    case "CTED_ADMIN":
    case "CTED_EXPERT":
    case "OBSERVER":
      return true;
    case "GOVERNMENT_FOCAL_POINT":
      return person.organization.countryCode !== null && person.organization.countryCode === c.countryCode;
    case "PARTNER_OFFICER": {
      const orgId = person.organization.id;
      return c.tasks.some((t) => partnerSeesTask(orgId, t)) && (!task || partnerSeesTask(orgId, task));
    }
  }
}

/**
 * May this person see this evidence item of a case? Whoever sees the case sees all its evidence,
 * except a partner: only the items of their own organisation's tasks (evidenceScope is the same
 * rule as a filter).
 */
export function maySeeEvidence(person: Person, c: CaseAudience, item: { taskId: string | null }): boolean {
  if (isPartner(person) && !item.taskId) return false;
  return maySee(person, c, item.taskId);
}

export type DocumentAccess = "write" | "read";

/**
 * What a person who sees a case may do with its co-edited response and comments: those between
 * the State and CTED write, observers read, partners do not open it; while the case is under
 * review or verified the response is read-only for everyone (what is checked is what was
 * submitted), until it is returned or reopened.
 */
export function documentAccess(
  person: Person,
  c: { countryCode: string; stateValue: string },
): DocumentAccess | null {
  if (!may(person, "readDocuments")) return null;
  return may(person, "writeDocuments", c) && !caseStateHas(c.stateValue, "responseFrozen") ? "write" : "read";
}

/**
 * The Socket.IO rooms a user's live connections join, one per scope: the live twin of caseScope
 * (tests/realtime/live-events.test.ts checks every role against it).
 */
export function liveRooms(user: Person): string[] {
  switch (user.role) {
    case "CTED_ADMIN":
    case "CTED_EXPERT":
    case "OBSERVER":
      return [ALL_CASES_ROOM];
    case "GOVERNMENT_FOCAL_POINT":
      return user.organization.countryCode ? [countryRoom(user.organization.countryCode)] : [];
    case "PARTNER_OFFICER":
      return [orgRoom(user.organization.id)];
  }
}

/**
 * The rooms told about an event on a case, as the case stands now: every scope that includes
 * the case, and the partner organisations that see it: for a task's event, the task's assignee
 * while the task is theirs to see (not while merely proposed); for the case's own events, every
 * organisation that sees the case. historyScope is the same rule for catch-up.
 */
export function eventRooms(c: CaseAudience, taskId: string | null): string[] {
  const task = taskId ? c.tasks.find((t) => t.id === taskId) : undefined;
  const orgs = taskId
    ? task && partnerSeesTask(task.assigneeOrgId, task)
      ? [task.assigneeOrgId]
      : []
    : c.tasks.filter((t) => partnerSeesTask(t.assigneeOrgId, t)).map((t) => t.assigneeOrgId);
  return [ALL_CASES_ROOM, countryRoom(c.countryCode), ...[...new Set(orgs)].map(orgRoom)];
}

const ALL_CASES_ROOM = "cases:all";
const countryRoom = (countryCode: string) => `cases:country:${countryCode}`;
const orgRoom = (organizationId: string) => `cases:org:${organizationId}`;
