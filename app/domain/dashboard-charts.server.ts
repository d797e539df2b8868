// What the dashboard's charts show, within the user's scope: how the cases' states changed month by
// month (read back from the history), and who holds overdue work. The counts by thematic area and
// state are cases.server.ts dashboard(), which the table shows too.
import { caseScope, stableScopeKey, tallyScopeSql, taskScope } from "~/access/scopes.server.ts";
import type { SessionUser } from "~/access/visibility.ts";
import { addMonths, overdueBefore } from "~/lib/deadlines.ts";
import {
  endedMonthsCaseStates,
  namedOverdueOwners,
  type OverdueCount,
  overdueTasksByAssignee,
} from "~/models/dashboard-charts.server.ts";
import { TOP_STATES, type TopState } from "~workflows/recommendation-labels.ts";
import { taskStatesWith } from "~workflows/state-tags.ts";

/** How far back the implementation chart goes: two years, or since the first case in scope if later. */
export const MONTHS_SHOWN = 24;
/** How many people or organisations the overdue charts name. */
export const TOP_HOLDERS = 10;

export type StateCounts = Record<TopState, number>;

export interface MonthStates {
  /** "2025-03". */
  month: string;
  states: StateCounts;
  total: number;
}

export interface OverdueHolders {
  /** The holders with the most overdue items (TOP_HOLDERS at most), most first. */
  top: OverdueCount[];
  /** Overdue items in all, and how many people or organisations hold them. */
  total: number;
  holders: number;
}

const monthKey = (d: Date) => d.toISOString().slice(0, 7);
const monthStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
const noStates = (): StateCounts => Object.fromEntries(TOP_STATES.map((s) => [s, 0])) as StateCounts;

/** Every month from the first counted one to `lastMonth`, each state's count, zeros included. */
function fillMonths(rows: { month: string; state: string; count: number }[], lastMonth: Date): MonthStates[] {
  if (rows.length === 0) return [];
  const byMonth = new Map<string, MonthStates>();
  const last = monthKey(lastMonth);
  for (let m = new Date(`${rows[0]!.month}-01T00:00:00Z`); monthKey(m) <= last; m = addMonths(m, 1))
    byMonth.set(monthKey(m), { month: monthKey(m), states: noStates(), total: 0 });
  for (const r of rows) {
    const month = byMonth.get(r.month);
    if (!month || !(r.state in month.states)) continue;
    month.states[r.state as TopState] += r.count;
    month.total += r.count;
  }
  return [...byMonth.values()];
}

const holders = (rows: OverdueCount[]): OverdueHolders => ({
  top: rows.slice(0, TOP_HOLDERS),
  total: rows.reduce((sum, r) => sum + r.count, 0),
  holders: rows.length,
});

/**
 * The charts' data for this user: cases by state at the end of each of the last MONTHS_SHOWN
 * months, the current one as it stands; overdue open tasks by assignee (the person, else the
 * organisation) and overdue cases by owner. `counts` is what the dashboard's table has counted
 * already (cases.server.ts dashboard): the user's cases by state now, and overdue by owner.
 * Overdue as everywhere else (app/lib/deadlines.ts): a task while active, a case until verified.
 */
export async function dashboardCharts(
  user: SessionUser,
  counts: { totals: { states: StateCounts }; overdueByOwner: { ownerId: string; count: number }[] },
  now = new Date(),
) {
  const lastMonth = monthStart(now);
  const firstMonth = addMonths(lastMonth, -(MONTHS_SHOWN - 1));
  const before = overdueBefore(now);
  const [ended, tasks, cases] = await Promise.all([
    endedMonthsCaseStates(caseScope(user), stableScopeKey(user), firstMonth, addMonths(lastMonth, -1)),
    overdueTasksByAssignee(taskScope(user), tallyScopeSql(user), {
      overdueBefore: before,
      activeStates: taskStatesWith("active"),
    }),
    namedOverdueOwners(counts.overdueByOwner),
  ]);
  const current = TOP_STATES.map((state) => ({
    month: monthKey(lastMonth),
    state,
    count: counts.totals.states[state],
  }));
  return {
    months: fillMonths([...ended, ...current.filter((c) => c.count > 0)], lastMonth),
    overdueTasks: holders(tasks),
    overdueCases: holders(cases),
  };
}
