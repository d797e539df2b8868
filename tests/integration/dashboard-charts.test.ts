// The dashboard's charts on data made here: cases by state at each month's end, read back from the
// history (its entries moved into past months, which the app itself never does), and overdue
// tasks and cases by who holds them; each within the user's scope: a State's focal point sees its
// State's cases only, a partner only the cases it holds a task on and only its own tasks.
import { beforeAll, describe, expect, it } from "vitest";

import type { SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { dashboard } from "~/domain/cases.server.ts";
import { dashboardCharts as chartsWithCounts, MONTHS_SHOWN } from "~/domain/dashboard-charts.server.ts";
import * as dashboardPage from "~/routes/dashboard.tsx";
import {
  dayFromToday,
  makeCase,
  makeCtedExpert,
  makePartner,
  makePerson,
  makeState,
  makeTask,
  moveCase,
  type Person,
  sessionOf,
  type State,
} from "~tests/helpers/factories.ts";
import { call, signInAs } from "~tests/helpers/http.ts";

const NOW = new Date();

/** The charts as the dashboard's page asks for them: with the counts of its table. */
const dashboardCharts = async (user: SessionUser) => chartsWithCounts(user, await dashboard(user));
/** Noon UTC on `day` of the month `back` months before this one. */
const monthsAgo = (back: number, day = 15) =>
  new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - back, day, 12));
/** The first instant of the month `back` months before this one. */
const monthStart = (back: number) => new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - back, 1));
const monthKey = (back: number) => monthsAgo(back).toISOString().slice(0, 7);

/** A month of the chart: how many cases were drafted, agreed, in progress and verified at its end. */
const month = (back: number, drafted: number, agreed: number, inProgress: number, verified: number) => ({
  month: monthKey(back),
  states: { drafted, agreed, in_progress: inProgress, verified },
  total: drafted + agreed + inProgress + verified,
});

/**
 * Moves the case's own history entry of this type to `at`: what happened then, for the charts.
 * The history is append-only (a trigger refuses updates), so this opens it for the one statement;
 * the hash chain breaks there, which nothing here checks.
 */
async function backdate(caseId: string, type: string, at: Date) {
  const [, { count }] = await prisma().$transaction([
    prisma().$executeRawUnsafe(`ALTER TABLE "CaseEvent" DISABLE TRIGGER "CaseEvent_append_only"`),
    prisma().caseEvent.updateMany({ where: { caseId, type, taskId: null }, data: { at } }),
    prisma().$executeRawUnsafe(`ALTER TABLE "CaseEvent" ENABLE TRIGGER "CaseEvent_append_only"`),
  ]);
  expect(count, `${type} entries of ${caseId}`).toBe(1);
}

const OVERDUE = dayFromToday(-3);
const NOT_DUE = dayFromToday(60);

let owner: Person;
let otherOwner: Person;
let cted: SessionUser;
let a: State;
let b: State;
let c: State;
let p: Awaited<ReturnType<typeof makePartner>>;
let q: Awaited<ReturnType<typeof makePartner>>;

beforeAll(async () => {
  owner = await makeCtedExpert();
  otherOwner = await makePerson("CTED_EXPERT", owner.organizationId, "Zoe Ndiaye");
  cted = await sessionOf(owner);
  [a, b, c] = [await makeState(), await makeState(), await makeState()];
  [p, q] = [await makePartner(), await makePartner()];
  const focalA = await sessionOf(a.focal);

  // State A. a1: drafted two months ago, agreed last month, overdue, owner's.
  const a1 = await makeCase(cted, a, { dueAt: OVERDUE });
  await moveCase(a1.id, [{ type: "AGREE", by: focalA }]);
  await backdate(a1.id, "CREATED", monthsAgo(2));
  await backdate(a1.id, "AGREE", monthsAgo(1));
  // a2: drafted this month, overdue, the other owner's.
  const a2 = await makeCase(cted, a, { dueAt: OVERDUE, ownerId: otherOwner.id });
  // a3: drafted and agreed three months ago (the later entry counts), started last month, overdue.
  const a3 = await makeCase(cted, a, { dueAt: OVERDUE, ownerId: otherOwner.id });
  await moveCase(a3.id, [
    { type: "AGREE", by: focalA },
    { type: "START", by: focalA },
  ]);
  await backdate(a3.id, "CREATED", monthsAgo(3, 5));
  await backdate(a3.id, "AGREE", monthsAgo(3, 20));
  await backdate(a3.id, "START", monthsAgo(1, 10));

  // State B. b1: drafted two months ago, overdue, owner's.
  const b1 = await makeCase(cted, b, { dueAt: OVERDUE });
  await backdate(b1.id, "CREATED", monthsAgo(2));

  // State C, further back than the chart goes. c1: drafted 30 months ago, agreed 27 months ago.
  const c1 = await makeCase(cted, c, { dueAt: NOT_DUE });
  await moveCase(c1.id, [{ type: "AGREE", by: await sessionOf(c.focal) }]);
  await backdate(c1.id, "CREATED", monthsAgo(30));
  await backdate(c1.id, "AGREE", monthsAgo(27));
  // c2: drafted at the last moment of the month five months ago, agreed at the first of the next.
  const c2 = await makeCase(cted, c, { dueAt: NOT_DUE });
  await moveCase(c2.id, [{ type: "AGREE", by: await sessionOf(c.focal) }]);
  await backdate(c2.id, "CREATED", new Date(monthStart(4).getTime() - 1));
  await backdate(c2.id, "AGREE", monthStart(4));

  // Tasks: P's, overdue, on a1 and b1; P's, not yet due, on a2; Q's officer's, overdue, on a1 and a3;
  // one proposed by State A for P, past its date: not active, so not overdue, and not P's to see.
  await makeTask(cted, a1.id, { assigneeOrgId: p.organizationId, dueAt: OVERDUE });
  await makeTask(cted, b1.id, { assigneeOrgId: p.organizationId, dueAt: OVERDUE });
  await makeTask(cted, a2.id, { assigneeOrgId: p.organizationId, dueAt: NOT_DUE });
  await makeTask(cted, a1.id, { assigneeUserId: q.officer.id, dueAt: OVERDUE });
  await makeTask(cted, a3.id, { assigneeUserId: q.officer.id, dueAt: OVERDUE });
  const proposed = await makeTask(focalA, a3.id, { assigneeOrgId: p.organizationId, dueAt: OVERDUE });
  expect(proposed.state).toBe("proposed");
});

const holder = (id: string, name: string, kind: "person" | "organization", count: number) => ({
  id,
  name,
  kind,
  count,
});

describe("implementation over time", () => {
  it("counts each of the State's cases in the state its latest entry by each month's end gave it, from its first month", async () => {
    const charts = await dashboardCharts(await sessionOf(a.focal));
    expect(charts.months).toEqual([
      month(3, 0, 1, 0, 0),
      month(2, 1, 1, 0, 0),
      month(1, 0, 1, 1, 0),
      month(0, 1, 1, 1, 0),
    ]);
  });

  it("another State's focal point sees only that State's cases", async () => {
    const charts = await dashboardCharts(await sessionOf(b.focal));
    expect(charts.months).toEqual([month(2, 1, 0, 0, 0), month(1, 1, 0, 0, 0), month(0, 1, 0, 0, 0)]);
  });

  it(`goes back ${MONTHS_SHOWN} months at most, with what happened before; an entry at a month's last moment counts in that month`, async () => {
    const charts = await dashboardCharts(await sessionOf(c.focal));
    expect(charts.months).toHaveLength(MONTHS_SHOWN);
    expect(charts.months).toEqual(
      Array.from({ length: MONTHS_SHOWN }, (_, i) => {
        const back = MONTHS_SHOWN - 1 - i;
        return back > 5
          ? month(back, 0, 1, 0, 0)
          : back === 5
            ? month(5, 1, 1, 0, 0)
            : month(back, 0, 2, 0, 0);
      }),
    );
  });

  it("a partner's chart counts only the cases it holds a task on (not one merely proposed to it)", async () => {
    const charts = await dashboardCharts(await sessionOf(p.officer));
    // a1, a2 (a task not yet due is a task all the same) and b1; not a3, where P's task is a proposal.
    expect(charts.months).toEqual([month(2, 2, 0, 0, 0), month(1, 1, 1, 0, 0), month(0, 2, 1, 0, 0)]);
  });

  it("for CTED (every case, the demo's too), this month's counts are the cases' states now", async () => {
    const charts = await dashboardCharts(cted);
    const { totals } = await dashboard(cted);
    expect(charts.months).toHaveLength(MONTHS_SHOWN);
    expect(charts.months.at(-1)).toEqual({ month: monthKey(0), states: totals.states, total: totals.total });
  });
});

describe("overdue work", () => {
  it("a State's focal point: its State's overdue active tasks by the person, else the organisation, and overdue cases by owner", async () => {
    const charts = await dashboardCharts(await sessionOf(a.focal));
    expect(charts.overdueTasks).toEqual({
      top: [
        holder(q.officer.id, q.officer.name, "person", 2),
        holder(p.organizationId, (await shortName(p.organizationId))!, "organization", 1),
      ],
      total: 3,
      holders: 2,
    });
    expect(charts.overdueCases).toEqual({
      top: [holder(otherOwner.id, "Zoe Ndiaye", "person", 2), holder(owner.id, owner.name, "person", 1)],
      total: 3,
      holders: 2,
    });
  });

  it("a partner: only its own overdue tasks, and the overdue cases among those it sees", async () => {
    const charts = await dashboardCharts(await sessionOf(p.officer));
    expect(charts.overdueTasks).toEqual({
      top: [holder(p.organizationId, (await shortName(p.organizationId))!, "organization", 2)],
      total: 2,
      holders: 1,
    });
    // a1 and b1 (owner's), a2 (the other owner's).
    expect(charts.overdueCases).toEqual({
      top: [holder(owner.id, owner.name, "person", 2), holder(otherOwner.id, "Zoe Ndiaye", "person", 1)],
      total: 3,
      holders: 2,
    });
  });

  it("shows ten holders at most, counting them all", async () => {
    const d = await makeState();
    const many = await makeCase(cted, d, { dueAt: NOT_DUE });
    for (let i = 0; i < 12; i++) {
      const partner = await makePartner();
      await makeTask(cted, many.id, { assigneeOrgId: partner.organizationId, dueAt: OVERDUE });
    }
    const charts = await dashboardCharts(await sessionOf(d.focal));
    expect(charts.overdueTasks.top).toHaveLength(10);
    expect(charts.overdueTasks).toMatchObject({ total: 12, holders: 12 });
    expect(charts.overdueCases).toEqual({ top: [], total: 0, holders: 0 });
  });
});

describe("the dashboard page", () => {
  it("loads the charts with the counts, for the signed-in user's scope", async () => {
    const res = await call(dashboardPage, "/dashboard", { cookie: await signInAs(b.focal.email) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.charts.months).toEqual([month(2, 1, 0, 0, 0), month(1, 1, 0, 0, 0), month(0, 1, 0, 0, 0)]);
    expect(body.charts.overdueCases.top).toEqual([holder(owner.id, owner.name, "person", 1)]);
    expect(body.charts.overdueTasks.top).toEqual([
      holder(p.organizationId, (await shortName(p.organizationId))!, "organization", 1),
    ]);
    expect(body.counts.totals.total).toBe(1);
  });
});

async function shortName(organizationId: string) {
  return (await prisma().organization.findUnique({ where: { id: organizationId } }))?.shortName;
}
