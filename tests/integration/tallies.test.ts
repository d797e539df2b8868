// The dashboard's tallies (migration 20261209100000_tallies): kept by the database as cases and
// tasks change, whoever changes them, they answer exactly what counting the cases and tasks
// answers, for every case and for a State's; the maintenance job folds them and moves their window
// of due days on; a day outside the window is counted from the rows themselves; and the app's role
// can neither read nor write them.
import { beforeAll, describe, expect, it } from "vitest";

import { caseScopeSql, rowScope, tallyScopeSql, taskScope } from "~/access/scopes.server.ts";
import type { SessionUser } from "~/access/visibility.ts";
import { database, prisma } from "~/db/client.server.ts";
import { APP_ROLE, withRowScope } from "~/db/row-security.server.ts";
import { dueSoonBefore, overdueBefore } from "~/lib/deadlines.ts";
import { overdueTasksByAssignee } from "~/models/dashboard-charts.server.ts";
import { type CaseCounts, caseCounts, keepTallies } from "~/models/tallies.server.ts";
import { sessionOf } from "~tests/helpers/factories.ts";
import { caseStatesWith, taskStatesWith } from "~workflows/state-tags.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
let expert: SessionUser;
let focal: SessionUser;
let kazakhFocal: SessionUser;
beforeAll(async () => {
  expert = await sessionOf({ email: "expert@cted.example" });
  focal = await sessionOf({ email: "focal@tjk.example" });
  kazakhFocal = await sessionOf({ email: "focal@kaz.example" });
});

const deadlines = (now: Date) => ({
  overdueBefore: overdueBefore(now),
  dueSoonBefore: dueSoonBefore(now),
  lockedStates: caseStatesWith("locked"),
});

// Order-free, so that two sources' answers compare equal when they count the same.
const sorted = (c: CaseCounts) => {
  const by = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  return {
    byAreaAndState: by(c.byAreaAndState),
    overdueByArea: by(c.overdueByArea),
    dueSoonByArea: by(c.dueSoonByArea),
    overdueByOwner: by(c.overdueByOwner),
  };
};
const counted = async (user: SessionUser, now = new Date(), tallied = true) => {
  const tallyScope = tallied ? tallyScopeSql(user) : null;
  return {
    cases: sorted(await caseCounts(caseScopeSql(user), tallyScope, deadlines(now))),
    overdueTasks: await overdueTasksByAssignee(taskScope(user), tallyScope, {
      overdueBefore: overdueBefore(now),
      activeStates: taskStatesWith("active"),
    }),
  };
};

/** Both sources, for every case and two States', on the day `now`. */
async function expectTallyToAgree(now = new Date()) {
  for (const user of [expert, focal, kazakhFocal])
    expect(await counted(user, now)).toEqual(await counted(user, now, false));
}

const sql = (text: string, params: unknown[] = []) => database().sql.query(text, params);
const tallyRows = async () => (await sql(`SELECT count(*)::int AS n FROM "CaseTally"`))[0]!.n as number;

describe("the dashboard's tallies", () => {
  it("agree with counting after cases and tasks are created, moved, re-dated, reassigned and deleted", async () => {
    await expectTallyToAgree();
    const before = await counted(expert);
    const some = await prisma().case.findMany({ orderBy: { ref: "asc" }, take: 6, select: { id: true } });
    const [a, b, c, d, e, f] = some.map((s) => s.id);
    const day = (offset: number) => new Date(overdueBefore(new Date()).getTime() + offset * DAY_MS);
    // As the app's role, under row security, as a transition or an edit would: the trigger still writes.
    await withRowScope(rowScope(expert), async () => {
      await prisma().case.update({ where: { id: a! }, data: { state: "verified", stateValue: "verified" } });
      await prisma().case.update({ where: { id: b! }, data: { dueAt: day(-1) } });
      await prisma().case.update({ where: { id: c! }, data: { dueAt: day(0) } });
      await prisma().case.update({ where: { id: d! }, data: { dueAt: day(14) } });
      await prisma().case.update({ where: { id: e! }, data: { dueAt: null } });
    });
    // As the owner (an import, a script), several columns at once, and a deletion.
    const other = await prisma().user.findFirstOrThrow({
      where: { role: "CTED_ADMIN" },
      select: { id: true },
    });
    await sql(
      `UPDATE "Case" SET "ownerId" = $1, area = (SELECT slug FROM "ThematicArea" WHERE slug <> "Case".area LIMIT 1), "dueAt" = now() - interval '400 days' WHERE id = $2`,
      [other.id, f],
    );
    const copy = `tally-${Date.now()}`;
    await sql(
      `INSERT INTO "Case" (id, ref, "assessmentId", "countryCode", area, title, text, "ownerId", "dueAt", state, "stateValue", snapshot, "workflowVersion", "updatedAt")
       SELECT $1, $1, "assessmentId", "countryCode", area, title, text, "ownerId", "dueAt", state, "stateValue", snapshot, "workflowVersion", now() FROM "Case" WHERE id = $2`,
      [copy, b],
    );
    expect(await counted(expert)).not.toEqual(before);
    await expectTallyToAgree();

    // Tasks: overdue ones reassigned, finished, re-dated, added to the new case, which then moves
    // to another State and is deleted with them.
    const overdueNow = `state = ANY($1) AND "dueAt" < current_date`;
    const active = taskStatesWith("active");
    const tasks = await sql(`SELECT id, "caseId" FROM "Task" WHERE ${overdueNow} ORDER BY id`, [active]);
    expect(tasks.length).toBeGreaterThanOrEqual(3);
    const [t1, t2, t3] = tasks.map((t) => t.id as string);
    const partner = await prisma().organization.findFirstOrThrow({
      where: { kind: "PARTNER" },
      select: { id: true },
    });
    await withRowScope(rowScope(expert), async () => {
      await prisma().task.update({
        where: { id: t1! },
        data: { assigneeUserId: null, assigneeOrgId: partner.id },
      });
      await prisma().task.update({ where: { id: t2! }, data: { state: "done" } });
      await prisma().task.update({ where: { id: t3! }, data: { dueAt: day(30) } });
    });
    for (const n of [1, 2])
      await sql(
        `INSERT INTO "Task" (id, "caseId", title, "assigneeUserId", "assigneeOrgId", "dueAt", state, snapshot, "workflowVersion", "createdById", "updatedAt")
         SELECT $1, $2, title, "assigneeUserId", "assigneeOrgId", "dueAt", state, snapshot, "workflowVersion", "createdById", now() FROM "Task" WHERE id = $3`,
        [`${copy}-${n}`, copy, t1],
      );
    await expectTallyToAgree();
    await sql(
      `UPDATE "Case" SET "countryCode" = CASE "countryCode" WHEN 'KAZ' THEN 'TJK' ELSE 'KAZ' END WHERE id = $1`,
      [copy],
    );
    await expectTallyToAgree();
    await sql(`DELETE FROM "Case" WHERE id = $1`, [copy]);
    expect(await prisma().task.count({ where: { caseId: copy } })).toBe(0);
    await expectTallyToAgree();
    // Tomorrow, and a fortnight on, with no write in between: what turned overdue is counted so.
    await expectTallyToAgree(new Date(Date.now() + DAY_MS));
    await expectTallyToAgree(new Date(Date.now() + 15 * DAY_MS));
  });

  it("is what the dashboard reads while its window holds, and a day outside it is counted from the cases", async () => {
    const cases = await counted(expert, new Date(), false);
    // A row no case made shows only in what the tally answers.
    const madeUp = (n: number) =>
      sql(
        `INSERT INTO "CaseTally" SELECT '*', area, state, "ownerId", 'infinity', $1 FROM "Case" WHERE ref = 'TJK-2017-LE-02'`,
        [n],
      );
    await madeUp(5);
    expect(await counted(expert)).not.toEqual(cases);
    const farAhead = new Date(Date.now() + 30 * DAY_MS);
    expect(await counted(expert, farAhead)).toEqual(await counted(expert, farAhead, false));
    await madeUp(-5);
    expect(await counted(expert)).toEqual(cases);
  });

  it("is folded once enough rows were appended, and moved on before its window runs out, counting the same", async () => {
    expect(await keepTallies()).toBe("kept");
    // Each change of a case's state appends four rows (-1 and +1, under its State and
    // '*'): 300 changes pass the job's threshold (1,000 rows more than groups).
    const start = await tallyRows();
    // An update of what is not counted (a text edit) appends nothing.
    await sql(`UPDATE "Case" SET title = title || ' '`);
    expect(await tallyRows()).toBe(start);
    const { id } = await prisma().case.findFirstOrThrow({ where: { state: "agreed" }, select: { id: true } });
    for (let i = 0; i < 300; i++)
      await sql(
        `UPDATE "Case" SET state = CASE state WHEN 'agreed' THEN 'drafted' ELSE 'agreed' END WHERE id = $1`,
        [id],
      );
    const appended = await tallyRows();
    expect(appended - start).toBe(1200);
    expect(await keepTallies()).toBe("folded");
    expect(await tallyRows()).toBeLessThan(appended / 2);
    await expectTallyToAgree();

    // A week on, fewer than 16 days are left in the window: the job sets it again and counts again.
    const later = new Date(Date.now() + 7 * DAY_MS);
    expect(await keepTallies(later)).toBe("rebuilt");
    const [w] = await sql(`SELECT starts::text, ends::text FROM "TallyWindow"`);
    expect(w).toEqual({ starts: later.toISOString().slice(0, 10), ends: expect.any(String) });
    await expectTallyToAgree(later);
    await expectTallyToAgree(new Date(later.getTime() + 14 * DAY_MS));
  });

  it("is out of the app's role's reach: it can neither read nor change it", async () => {
    for (const statement of [
      `SELECT count(*) FROM "CaseTally"`,
      `DELETE FROM "CaseTally"`,
      `SELECT * FROM "TallyWindow"`,
    ])
      await expect(
        database().sql.transaction(async (query) => {
          await query(`SELECT set_config('role', $1, true)`, [APP_ROLE]);
          return query(statement);
        }),
      ).rejects.toThrow(/permission denied/);
  });
});
