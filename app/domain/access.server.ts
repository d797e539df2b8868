// The one place that turns the signed-in user into what they may see and do. Every read and
// write of cases goes through caseScope(); nothing else decides visibility.
import type { Prisma } from "~/generated/prisma/client.ts";
import { type Actor, isCtedRole, type Role } from "~workflows/actor.ts";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  organization: { id: string; name: string; shortName: string; kind: string; countryCode: string | null };
}

/** The workflows' view of the user: identity, role, organisation and, for governments, their State. */
export function workflowActor(user: SessionUser): Actor {
  return {
    id: user.id,
    role: user.role,
    country: user.role === "GOVERNMENT_FOCAL_POINT" ? user.organization.countryCode : null,
    organizationId: user.organization.id,
  };
}

/** Task states in which the assignee organisation's partners see the task, and through it the case. */
export const PARTNER_VISIBLE_TASK_STATES = ["open", "in_progress", "done"];

// Matches no row: used for roles that see nothing (yet).
const NOTHING: Prisma.CaseWhereInput = { id: { in: [] } };

/** The cases this user may see, as a filter to AND into every case query. */
export function caseScope(user: SessionUser): Prisma.CaseWhereInput {
  switch (user.role) {
    case "CTED_ADMIN":
    case "CTED_EXPERT":
    case "OBSERVER":
      return {};
    case "GOVERNMENT_FOCAL_POINT":
      // A government account without a State sees nothing rather than everything.
      return user.organization.countryCode ? { countryCode: user.organization.countryCode } : NOTHING;
    case "PARTNER_OFFICER":
      // Partners see the cases their organisation holds a task on (not one merely proposed).
      return {
        tasks: { some: { assigneeOrgId: user.organization.id, state: { in: PARTNER_VISIBLE_TASK_STATES } } },
      };
  }
}

/** A partner sees only what concerns them: the case, its state and their own tasks. */
export const isPartner = (user: Pick<SessionUser, "role">) => user.role === "PARTNER_OFFICER";

/** Whom a decision about one user needs: their role and organisation (a stored user, or the session's). */
export type Viewer = { role: Role; organization: { id: string; countryCode: string | null } };

const partnerSeesTask = (orgId: string, task: { assigneeOrgId: string; state: string }) =>
  task.assigneeOrgId === orgId && PARTNER_VISIBLE_TASK_STATES.includes(task.state);

/**
 * What the rules need to know of a case to decide for anyone at once: its State and its tasks.
 * For deciding about many users without a query each (notifications, mentions, the live feed).
 */
export interface CaseAudience {
  countryCode: string;
  tasks: { id: string; assigneeOrgId: string; state: string }[];
}

/**
 * caseScope and taskScope as a decision on one case (and one of its tasks) for one user: their
 * pure twin, kept beside them (tests/integration/permission-matrix.test.ts checks that the two
 * agree for every kind of account). Whoever is told about a case or a task (a notification, a
 * mention, an email) must pass this first, at the moment they are told.
 */
export function maySee(user: Viewer, c: CaseAudience, taskId?: string | null): boolean {
  const task = taskId ? c.tasks.find((t) => t.id === taskId) : undefined;
  if (taskId && !task) return false;
  switch (user.role) {
    case "CTED_ADMIN":
    case "CTED_EXPERT":
    case "OBSERVER":
      return true;
    case "GOVERNMENT_FOCAL_POINT":
      return user.organization.countryCode !== null && user.organization.countryCode === c.countryCode;
    case "PARTNER_OFFICER": {
      const orgId = user.organization.id;
      return c.tasks.some((t) => partnerSeesTask(orgId, t)) && (!task || partnerSeesTask(orgId, task));
    }
  }
}

/** The tasks this user may see: those of cases they see; for a partner, only their organisation's. */
export function taskScope(user: SessionUser): Prisma.TaskWhereInput {
  const onVisibleCase = { case: caseScope(user) };
  return isPartner(user)
    ? {
        AND: [
          onVisibleCase,
          { assigneeOrgId: user.organization.id, state: { in: PARTNER_VISIBLE_TASK_STATES } },
        ],
      }
    : onVisibleCase;
}

/**
 * The history entries this user may see: on visible cases; for a partner, the case's own entries
 * (its state changes, without their reasons: see cases.server.ts caseHistory) and their tasks'
 * entries, never another organisation's.
 */
export function historyScope(user: SessionUser): Prisma.CaseEventWhereInput {
  const onVisibleCase = { case: caseScope(user) };
  if (!isPartner(user)) return onVisibleCase;
  // A task's entries only while the task is the partner's to see: a proposal is not their
  // business until CTED accepts it, nor a cancelled task's talk once it is cancelled.
  const ownTask = { assigneeOrgId: user.organization.id, state: { in: PARTNER_VISIBLE_TASK_STATES } };
  return { AND: [onVisibleCase, { OR: [{ taskId: null }, { task: ownTask }] }] };
}

/**
 * The Socket.IO rooms a user's live connections join, one per scope: the live twin of caseScope,
 * and kept beside it so that the two cannot drift apart (tests/realtime/live-events.test.ts
 * checks every role against caseScope).
 */
export function liveRooms(user: SessionUser): string[] {
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

/** The assessments whose cases this user may see (for filters and forms). */
export function assessmentScope(user: SessionUser): Prisma.AssessmentWhereInput {
  if (user.role === "GOVERNMENT_FOCAL_POINT") {
    return user.organization.countryCode
      ? { countryCode: user.organization.countryCode }
      : { id: { in: [] } };
  }
  return user.role === "PARTNER_OFFICER" ? { id: { in: [] } } : {};
}

/** Drafting and editing recommendations is CTED's work. */
export const canEditCases = (user: SessionUser) => isCtedRole(user.role);

export type DocumentAccess = "write" | "read";

/**
 * What the user may do with a visible case's collaborative document: the State's focal point
 * and CTED write, observers read; a verified case is read-only for everyone until reopened.
 */
export function documentAccess(user: Pick<SessionUser, "role">, caseState: string): DocumentAccess | null {
  // The response and its comments are between the State and CTED: partners do not open them.
  if (isPartner(user)) return null;
  if (caseState === "verified" || user.role === "OBSERVER") return "read";
  return isCtedRole(user.role) || user.role === "GOVERNMENT_FOCAL_POINT" ? "write" : "read";
}
