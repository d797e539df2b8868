// Who may see what, as database filters: every read of cases, tasks, history, evidence and
// assessments ANDs one of these in, and the database's row-level security holds the same scope
// again (rowScope). Their pure twin, for deciding about one person without a query,
// is visibility.ts; what the user may not see does not exist for them (404, never 403).
import type { RowScope } from "~/db/row-scope.ts";
import { Prisma } from "~/generated/prisma/client.ts";
import { taskStatesWith } from "~workflows/state-tags.ts";

import { isPartner, type SessionUser } from "./visibility.ts";

/** Task states in which the assignee organisation's partners see the task, and through it the case. */
const PARTNER_VISIBLE_TASK_STATES = taskStatesWith("partnerVisible");

// Matches no row: used for roles that see nothing (yet).
const NOTHING = { id: { in: [] } };

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

/**
 * caseScope as SQL, for the statements written out by hand (the case list): a condition on the
 * "Case" row aliased `c`. The same rule, role by role, as caseScope; the permission matrix tests
 * both through the list.
 */
export function caseScopeSql(user: SessionUser): Prisma.Sql {
  switch (user.role) {
    case "CTED_ADMIN":
    case "CTED_EXPERT":
    case "OBSERVER":
      return Prisma.sql`TRUE`;
    case "GOVERNMENT_FOCAL_POINT":
      return user.organization.countryCode
        ? Prisma.sql`c."countryCode" = ${user.organization.countryCode}`
        : Prisma.sql`FALSE`;
    case "PARTNER_OFFICER":
      return Prisma.sql`EXISTS (SELECT 1 FROM "Task" t WHERE t."caseId" = c.id
        AND t."assigneeOrgId" = ${user.organization.id} AND t.state = ANY(${PARTNER_VISIBLE_TASK_STATES}::text[]))`;
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
 * The evidence items this user may see: those of cases they see; for a partner, only the items of
 * their organisation's tasks (visibility.ts maySeeEvidence). Items still being stored are hidden
 * by the queries themselves (app/models/evidence.server.ts), whoever asks.
 */
export function evidenceScope(user: SessionUser): Prisma.EvidenceWhereInput {
  const onVisibleCase = { case: caseScope(user) };
  if (!isPartner(user)) return onVisibleCase;
  return {
    AND: [
      onVisibleCase,
      { task: { assigneeOrgId: user.organization.id, state: { in: PARTNER_VISIBLE_TASK_STATES } } },
    ],
  };
}

/**
 * The assessment visits this user may see (for filters, forms, the visits page and their reports):
 * every visit for CTED and observers, their own State's for a government, and for a partner the
 * visits of the cases they see.
 */
export function assessmentScope(user: SessionUser): Prisma.AssessmentWhereInput {
  switch (user.role) {
    case "GOVERNMENT_FOCAL_POINT":
      return user.organization.countryCode ? { countryCode: user.organization.countryCode } : NOTHING;
    case "PARTNER_OFFICER":
      return { cases: { some: caseScope(user) } };
    default:
      return {};
  }
}

/**
 * A name for the user's cases when they are fixed by a rule no transition changes (every case; a
 * State's), for what may be kept per scope (the dashboard's past months); null for a partner,
 * whose cases come and go with their tasks.
 */
export function stableScopeKey(user: SessionUser): string | null {
  const { scope, country } = rowScope(user);
  if (scope === "all") return "all";
  return scope === "country" ? `country:${country}` : null;
}

/**
 * The user's cases in the dashboard's case tally (migration 20261209100000_tallies), whose rows
 * are kept per State and for all States together ('*'): a condition on its row aliased `c`; null
 * for a partner, whose cases the tally cannot tell apart.
 */
export function tallyScopeSql(user: SessionUser): Prisma.Sql | null {
  const { scope, country } = rowScope(user);
  if (scope === "all") return Prisma.sql`c."countryCode" = '*'`;
  if (scope === "country") return Prisma.sql`c."countryCode" = ${country}`;
  return scope === "none" ? Prisma.sql`FALSE` : null;
}

/**
 * The same scope for the database's row-level security (migration
 * 20261206400000_row_level_security), which restricts cases, tasks, evidence and history again,
 * even for a query that forgot its filter.
 */
export function rowScope(user: SessionUser): RowScope {
  const none = { country: "", organization: "", taskStates: PARTNER_VISIBLE_TASK_STATES };
  switch (user.role) {
    case "CTED_ADMIN":
    case "CTED_EXPERT":
    case "OBSERVER":
      return { ...none, scope: "all" };
    case "GOVERNMENT_FOCAL_POINT":
      return user.organization.countryCode
        ? { ...none, scope: "country", country: user.organization.countryCode }
        : { ...none, scope: "none" };
    case "PARTNER_OFFICER":
      return { ...none, scope: "organization", organization: user.organization.id };
  }
}
