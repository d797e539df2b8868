// The dashboard charts' queries: cases by top-level state at the end of each month, read back from
// the history, and overdue tasks and cases per person or organisation. Who may see which cases and
// tasks (caseScope, taskScope: app/access/scopes.server.ts), what "overdue" means
// (app/lib/deadlines.ts) and which states are active or locked (workflows/state-tags.ts) are
// decided by the callers and come in as arguments.
import { database, prisma } from "~/db/client.server.ts";
import { Prisma } from "~/generated/prisma/client.ts";

import { talliedOverdueTasks } from "./tallies.server.ts";

export interface MonthStateCount {
  /** "2025-03": the month at whose end the cases were counted. */
  month: string;
  /** Top-level state (drafted, agreed, in_progress, verified). */
  state: string;
  count: number;
}

/**
 * The in-scope case ids the history query is limited to, or null for "every case". Prisma cannot
 * turn a where-input into SQL for a raw query, and writing the scope out again as SQL here would
 * make a second place deciding who sees what. So the scope is applied by Prisma itself, selecting
 * the ids, which then go into the query as one array parameter. A scope that is the empty filter
 * (CTED and observers: every case) restricts nothing by Prisma's own meaning of `{}`; it skips that
 * round trip, which is the largest one (every case's id) and the most common.
 */
async function caseIdsWithin(scope: Prisma.CaseWhereInput): Promise<string[] | null> {
  if (Object.keys(scope).length === 0) return null;
  const rows = await prisma().case.findMany({ where: scope, select: { id: true } });
  return rows.map((r) => r.id);
}

// "2025-03-01 00:00:00": `at` is a timestamp without time zone holding UTC.
const sqlTimestamp = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");

/**
 * For each month from `firstMonth` to `lastMonth` (each the first day of a month, UTC), how many
 * cases within `scope` were in each top-level state at the month's end: each case counted in the
 * state that its latest own history entry at or before that moment put it in; a case with no
 * entry by then is not counted. Months and states with no case are left out: the caller fills in
 * the zeros, and starts at the first month with a case.
 *
 * One query, one pass over the history: rather than asking "the latest entry before this month's
 * end" once per case and month (cases x months index lookups), it keeps each case's last entry in
 * each month in which it has entries (the next entry, lead, is in a later month), which holds the
 * case's state from that month until the month of that next entry. Each of those spans adds one
 * to its state at its start and takes one away at its end; the sum of these changes up to a month
 * is the month's count. Spans that ended before the first month shown change nothing there and
 * are dropped early.
 * Tasks' entries are left out: they repeat the case's state as the task's writer read it, which a
 * case transition committed in between could have made stale.
 */
export async function caseStatesByMonth(
  scope: Prisma.CaseWhereInput,
  firstMonth: Date,
  lastMonth: Date,
): Promise<MonthStateCount[]> {
  const ids = await caseIdsWithin(scope);
  if (ids?.length === 0) return [];
  const inScope = ids ? Prisma.sql`AND e."caseId" = ANY(${ids}::text[])` : Prisma.empty;
  const from = sqlTimestamp(firstMonth);
  const to = sqlTimestamp(lastMonth);
  const months =
    (lastMonth.getUTCFullYear() - firstMonth.getUTCFullYear()) * 12 +
    lastMonth.getUTCMonth() -
    firstMonth.getUTCMonth() +
    1;
  const rows = await prisma().$queryRaw<MonthStateCount[]>`
    WITH entries AS (
      SELECT date_trunc('month', e.at) AS month, split_part(e."toState", '.', 1) AS state,
             lead(date_trunc('month', e.at)) OVER (PARTITION BY e."caseId" ORDER BY e.at, e.id) AS next_month
      FROM "CaseEvent" e
      WHERE e."taskId" IS NULL AND e.at < ${to}::timestamp + interval '1 month' ${inScope}
    ),
    spans AS (
      SELECT state, month AS starts, next_month AS ends
      FROM entries
      WHERE next_month IS DISTINCT FROM month AND (next_month IS NULL OR next_month > ${from}::timestamp)
    ),
    changes AS (
      SELECT starts AS month, state, count(*) AS change FROM spans GROUP BY 1, 2
      UNION ALL
      SELECT ends, state, -count(*) FROM spans WHERE ends IS NOT NULL GROUP BY 1, 2
    ),
    counted AS (
      SELECT m.month, c.state, sum(c.change) AS count
      FROM generate_series(0, ${months - 1}::int) AS i
      CROSS JOIN LATERAL (SELECT ${from}::timestamp + i * interval '1 month' AS month) AS m
      JOIN changes c ON c.month <= m.month
      GROUP BY m.month, c.state
    )
    SELECT to_char(month, 'YYYY-MM') AS month, state, count::int AS count
    FROM counted
    WHERE count > 0
    ORDER BY month, state`;
  return rows;
}

// Months that have ended do not change: the history is append-only and each entry is dated as it
// is written. So a stable scope's months before the current one (the query above, the dashboard's
// costliest: 1 s for CTED at 100,000 cases) are read once per database and current month and kept,
// a few hundred rows per State.
const pastMonths = new WeakMap<object, { lastMonth: number; byScope: Map<string, MonthStateCount[]> }>();

/**
 * caseStatesByMonth from `firstMonth` to `lastMonth`, kept under `scopeKey` when given (a scope
 * whose cases no transition changes: stableScopeKey, app/access/scopes.server.ts) until the
 * months asked for change. `lastMonth` must have ended.
 */
export async function endedMonthsCaseStates(
  scope: Prisma.CaseWhereInput,
  scopeKey: string | null,
  firstMonth: Date,
  lastMonth: Date,
): Promise<MonthStateCount[]> {
  if (!scopeKey) return caseStatesByMonth(scope, firstMonth, lastMonth);
  const db = database();
  let kept = pastMonths.get(db);
  if (kept?.lastMonth !== lastMonth.getTime())
    pastMonths.set(db, (kept = { lastMonth: lastMonth.getTime(), byScope: new Map() }));
  let rows = kept.byScope.get(scopeKey);
  if (!rows) kept.byScope.set(scopeKey, (rows = await caseStatesByMonth(scope, firstMonth, lastMonth)));
  return rows;
}

export interface OverdueCount {
  /** The person's or the organisation's id. */
  id: string;
  name: string;
  kind: "person" | "organization";
  count: number;
}

/**
 * How many tasks within `scope`, in one of `activeStates` and due before `overdueBefore`, each
 * assignee holds: the person when the task is assigned to one, else the organisation. Most first.
 * From the tally within `tallyScope` (tallyScopeSql) when it can answer, else counted.
 */
export async function overdueTasksByAssignee(
  scope: Prisma.TaskWhereInput,
  tallyScope: Prisma.Sql | null,
  overdue: { overdueBefore: Date; activeStates: string[] },
): Promise<OverdueCount[]> {
  const groups =
    (await talliedOverdueTasks(tallyScope, overdue)) ??
    (
      await prisma().task.groupBy({
        by: ["assigneeUserId", "assigneeOrgId"],
        where: {
          AND: [scope, { state: { in: overdue.activeStates }, dueAt: { lt: overdue.overdueBefore } }],
        },
        _count: { _all: true },
      })
    ).map((g) => ({
      assigneeUserId: g.assigneeUserId,
      assigneeOrgId: g.assigneeOrgId,
      count: g._count._all,
    }));
  const userIds = groups.flatMap((g) => (g.assigneeUserId ? [g.assigneeUserId] : []));
  const orgIds = groups.flatMap((g) => (g.assigneeUserId ? [] : [g.assigneeOrgId]));
  const [users, orgs] = await Promise.all([
    prisma().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
    prisma().organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, shortName: true } }),
  ]);
  const names = new Map([
    ...users.map((u) => [u.id, u.name] as const),
    ...orgs.map((o) => [o.id, o.shortName] as const),
  ]);
  return mostFirst(
    groups.map((g) => {
      const id = g.assigneeUserId ?? g.assigneeOrgId;
      return {
        id,
        name: names.get(id) ?? id,
        kind: g.assigneeUserId ? ("person" as const) : ("organization" as const),
        count: g.count,
      };
    }),
  );
}

/** Each owner's count of overdue cases (cases.server.ts caseCounts) with their name. Most first. */
export async function namedOverdueOwners(
  counts: { ownerId: string; count: number }[],
): Promise<OverdueCount[]> {
  const users = await prisma().user.findMany({
    where: { id: { in: counts.map((c) => c.ownerId) } },
    select: { id: true, name: true },
  });
  const names = new Map(users.map((u) => [u.id, u.name]));
  return mostFirst(
    counts.map(({ ownerId, count }) => ({
      id: ownerId,
      name: names.get(ownerId) ?? ownerId,
      kind: "person" as const,
      count,
    })),
  );
}

// Most first; equal counts by name, so that the order does not change between two loads.
const mostFirst = (rows: OverdueCount[]) =>
  rows.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
