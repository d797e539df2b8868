// The dashboard's counts: cases by thematic area, state, owner and deadline, and overdue tasks by
// assignee. Read from the tallies that triggers keep as cases and tasks change (migration
// 20261209100000_tallies explains their rows and their window of due days), or counted from the
// cases and tasks when a tally cannot answer: a partner's scope, which depends on tasks, or a day
// outside the window. Run as the tables' owner, like the case list, with the caller's scope
// written into the statement.
import { database, ownerPrisma } from "~/db/client.server.ts";
import { Prisma } from "~/generated/prisma/client.ts";
import { DUE_SOON_DAYS } from "~/lib/deadlines.ts";

import type { CaseDeadlines } from "./cases.server.ts";

export interface CaseCounts {
  /** How many cases per thematic area and top-level state. */
  byAreaAndState: { area: string; state: string; count: number }[];
  /** Per thematic area, how many are overdue, and due soon. */
  overdueByArea: { area: string; count: number }[];
  dueSoonByArea: { area: string; count: number }[];
  /** Per owner, how many are overdue (the dashboard's chart). */
  overdueByOwner: { ownerId: string; count: number }[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How many days ahead of today a rebuilt window reaches. */
const WINDOW_DAYS = 22;
/** The maintenance job sets the window again when fewer days than this are left in it: a day more than "due soon" needs. */
const WINDOW_MARGIN_DAYS = DUE_SOON_DAYS + 2;
/** Folded rows are not worth a rewrite of the tally until this many have been appended. */
const FOLD_AFTER_ROWS = 1000;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Whether the window of due days covers the days from `from` to `to` (today; the fortnight after). */
async function windowHolds(from: Date, to: Date): Promise<boolean> {
  const [w] = await ownerPrisma().$queryRaw<{ holds: boolean }[]>`
    SELECT starts <= ${isoDay(from)}::date AND ends >= ${isoDay(to)}::date AS holds FROM "TallyWindow"`;
  return w?.holds ?? false;
}

/**
 * The counts of the cases within a scope: `tallyScope` (tallyScopeSql) where the tally can answer,
 * else `caseScope` (caseScopeSql). One pass, grouped both by area and state and by owner.
 */
export async function caseCounts(
  caseScope: Prisma.Sql,
  tallyScope: Prisma.Sql | null,
  d: CaseDeadlines,
): Promise<CaseCounts> {
  // Both sources give the same columns: one row per case (n = 1) or per change (n = +1 or -1).
  const source =
    tallyScope && (await windowHolds(d.overdueBefore, d.dueSoonBefore))
      ? Prisma.sql`SELECT c.area, c.state, c."ownerId", c.due, c.n FROM "CaseTally" c WHERE ${tallyScope}`
      : Prisma.sql`SELECT c.area, c.state, c."ownerId", c."dueAt"::date AS due, 1 AS n FROM "Case" c WHERE ${caseScope}`;
  const unlocked = Prisma.sql`c.state <> ALL(${d.lockedStates}::text[])`;
  const today = Prisma.sql`${isoDay(d.overdueBefore)}::date`;
  const rows = await ownerPrisma().$queryRaw<
    {
      area: string | null;
      state: string | null;
      ownerId: string | null;
      count: number;
      overdue: number;
      dueSoon: number;
    }[]
  >`
    SELECT c.area, c.state, c."ownerId", sum(c.n)::int AS count,
      coalesce(sum(c.n) FILTER (WHERE c.due < ${today} AND ${unlocked}), 0)::int AS overdue,
      coalesce(sum(c.n) FILTER (WHERE c.due >= ${today} AND c.due < ${isoDay(d.dueSoonBefore)}::date AND ${unlocked}), 0)::int AS "dueSoon"
    FROM (${source}) c
    GROUP BY GROUPING SETS ((c.area, c.state), (c."ownerId"))
    HAVING sum(c.n) <> 0`;
  // The columns are never null in the table: a null one is a grouping set's.
  const byAreaAndState = rows.flatMap(({ area, state, ...r }) =>
    area && state ? [{ area, state, ...r }] : [],
  );
  const byArea = (key: "overdue" | "dueSoon") => {
    const sums = new Map<string, number>();
    for (const r of byAreaAndState) if (r[key] > 0) sums.set(r.area, (sums.get(r.area) ?? 0) + r[key]);
    return [...sums].map(([area, count]) => ({ area, count }));
  };
  return {
    byAreaAndState: byAreaAndState.map(({ area, state, count }) => ({ area, state, count })),
    overdueByArea: byArea("overdue"),
    dueSoonByArea: byArea("dueSoon"),
    overdueByOwner: rows.flatMap(({ ownerId, overdue }) =>
      ownerId && overdue > 0 ? [{ ownerId, count: overdue }] : [],
    ),
  };
}

export interface AssigneeCount {
  assigneeUserId: string | null;
  assigneeOrgId: string;
  count: number;
}

/**
 * How many tasks in one of `activeStates` and due before `overdueBefore` each assignee (person, or
 * organisation) holds, within `tallyScope` (tallyScopeSql); null when the tally cannot answer
 * (a partner's scope, a day outside the window): the caller counts the tasks then.
 */
export async function talliedOverdueTasks(
  tallyScope: Prisma.Sql | null,
  overdue: { overdueBefore: Date; activeStates: string[] },
): Promise<AssigneeCount[] | null> {
  if (!tallyScope || !(await windowHolds(overdue.overdueBefore, overdue.overdueBefore))) return null;
  const rows = await ownerPrisma().$queryRaw<AssigneeCount[]>`
    SELECT nullif(c."assigneeUserId", '') AS "assigneeUserId", c."assigneeOrgId", sum(c.n)::int AS count
    FROM "TaskTally" c
    WHERE ${tallyScope} AND c.state = ANY(${overdue.activeStates}::text[]) AND c.due < ${isoDay(overdue.overdueBefore)}::date
    GROUP BY 1, 2 HAVING sum(c.n) <> 0`;
  return rows;
}

/**
 * The maintenance job's part: sets the window again (counting every case and task again) when it
 * is about to stop covering the fortnight ahead, else folds the appended rows into one per group
 * once there are enough of them. Both end with a VACUUM of the tallies, which PGlite never runs
 * by itself, so that their deleted rows are not read again by every dashboard.
 */
export async function keepTallies(now = new Date()): Promise<"rebuilt" | "folded" | "kept"> {
  const today = new Date(`${isoDay(now)}T00:00:00Z`);
  const needed = new Date(today.getTime() + WINDOW_MARGIN_DAYS * DAY_MS);
  const [state] = await ownerPrisma().$queryRaw<{ holds: boolean | null; extra: number }[]>`
    SELECT (SELECT starts <= ${isoDay(today)}::date AND ends >= ${isoDay(needed)}::date FROM "TallyWindow") AS holds,
      (SELECT count(*) - count(DISTINCT ("countryCode", area, state, "ownerId", due)) FROM "CaseTally")::int
      + (SELECT count(*) - count(DISTINCT ("countryCode", state, "assigneeUserId", "assigneeOrgId", due)) FROM "TaskTally")::int
        AS extra`;
  let done: "rebuilt" | "folded" | "kept" = "kept";
  if (!state?.holds) {
    const ends = new Date(today.getTime() + WINDOW_DAYS * DAY_MS);
    await ownerPrisma()
      .$executeRaw`SELECT follow_up_tally_rebuild(${isoDay(today)}::date, ${isoDay(ends)}::date)`;
    done = "rebuilt";
  } else if (state.extra >= FOLD_AFTER_ROWS) {
    // Each deletes only the rows its statement sees, so rows appended meanwhile wait for next time.
    await ownerPrisma().$transaction([
      ownerPrisma().$executeRaw`
        WITH gone AS (DELETE FROM "CaseTally" RETURNING *)
        INSERT INTO "CaseTally"
          SELECT "countryCode", area, state, "ownerId", due, sum(n)::int FROM gone
          GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0`,
      ownerPrisma().$executeRaw`
        WITH gone AS (DELETE FROM "TaskTally" RETURNING *)
        INSERT INTO "TaskTally"
          SELECT "countryCode", state, "assigneeUserId", "assigneeOrgId", due, sum(n)::int FROM gone
          GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0`,
    ]);
    done = "folded";
  }
  if (done !== "kept") await database().sql.exec(`VACUUM "CaseTally", "TaskTally"`);
  return done;
}
