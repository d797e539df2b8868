// The permission matrix (issue 9), HTTP side: every account kind x the API routes and pages x each
// case/task situation, exactly as the one table in tests/helpers/matrix-table.ts says; and, first,
// the pure rules against the queries they mirror, for every account, case, task and history entry.
import { beforeAll, describe, expect, it } from "vitest";

import { caseScope, historyScope, taskScope } from "~/access/scopes.server.ts";
import { eventRooms, liveRooms, maySee, type SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { commitSessionCookie } from "~/http/session.server.ts";
import { followUpReport } from "~/reports/follow-up-report.server.ts";
import * as reportRoute from "~/routes/api.assessments.$id.report[.]docx.ts";
import * as listRoute from "~/routes/api.cases._index.ts";
import * as caseRoute from "~/routes/api.cases.$id._index.ts";
import * as caseEventsRoute from "~/routes/api.cases.$id.events.ts";
import * as historyRoute from "~/routes/api.cases.$id.history.ts";
import * as tasksRoute from "~/routes/api.cases.$id.tasks.ts";
import * as csvExportRoute from "~/routes/api.cases.export[.]csv.ts";
import * as workRoute from "~/routes/api.me.work.ts";
import * as taskCommentsRoute from "~/routes/api.tasks.$id.comments.ts";
import * as taskEventsRoute from "~/routes/api.tasks.$id.events.ts";
import * as casePage from "~/routes/cases.$id._index.tsx";
import { call } from "~tests/helpers/http.ts";
import {
  type Cells,
  type Column,
  HTTP_COLUMNS,
  type Kind,
  KINDS,
  MATRIX,
  PROBE_REASON,
  SITUATION_NAMES,
  type SituationName,
  SITUATIONS,
} from "~tests/helpers/matrix-table.ts";
import {
  type Actor,
  addPartnerOfficers,
  buildSituation,
  type Built,
  footprint,
  signInAll,
} from "~tests/helpers/matrix-world.ts";
import { TASK_STATES } from "~workflows/task.ts";

let users: Record<Actor, SessionUser>;
const cookies = {} as Record<Kind, string | undefined>;
const built = {} as Record<SituationName, Built>;

beforeAll(async () => {
  await addPartnerOfficers();
  const signedIn = await signInAll();
  users = signedIn.users;
  for (const [kind, token] of Object.entries(signedIn.tokens))
    cookies[kind as Kind] = (await commitSessionCookie(token)).split(";")[0];
  cookies.anonymous = undefined;
  for (const name of SITUATION_NAMES) built[name] = await buildSituation(name, users);
});

const USER_SELECT = {
  id: true,
  name: true,
  email: true,
  role: true,
  organization: { select: { id: true, name: true, shortName: true, kind: true, countryCode: true } },
} as const;
const AUDIENCE_SELECT = {
  id: true,
  countryCode: true,
  tasks: { select: { id: true, assigneeOrgId: true, state: true } },
} as const;

describe("the pure rules agree with the queries they mirror", () => {
  it("maySee(user, case, task?) is caseScope / taskScope, for every account x case x task in the database", async () => {
    const viewers = (await prisma().user.findMany({ select: USER_SELECT })) as SessionUser[];
    const cases = await prisma().case.findMany({ select: AUDIENCE_SELECT });
    // The database must hold every kind of task and account, or the comparison proves little.
    expect(new Set(cases.flatMap((c) => c.tasks.map((t) => t.state)))).toEqual(new Set(TASK_STATES));
    expect(new Set(viewers.map((v) => v.role)).size).toBe(5);
    const disagreements: string[] = [];
    let decisions = 0;
    for (const viewer of viewers) {
      const seenCases = new Set(
        (await prisma().case.findMany({ where: caseScope(viewer), select: { id: true } })).map((c) => c.id),
      );
      const seenTasks = new Set(
        (await prisma().task.findMany({ where: taskScope(viewer), select: { id: true } })).map((t) => t.id),
      );
      for (const c of cases) {
        decisions++;
        if (maySee(viewer, c) !== seenCases.has(c.id))
          disagreements.push(`${viewer.email} case ${c.id}: maySee ${maySee(viewer, c)}`);
        for (const t of c.tasks) {
          decisions++;
          if (maySee(viewer, c, t.id) !== seenTasks.has(t.id))
            disagreements.push(
              `${viewer.email} task ${t.id} (${t.state}): maySee ${maySee(viewer, c, t.id)}`,
            );
        }
      }
      // Some partner sees a case but not all of its tasks: the case where the two rules differ.
      if (viewer.email === "officer@interpol.example")
        expect(cases.some((c) => seenCases.has(c.id) && c.tasks.some((t) => !seenTasks.has(t.id)))).toBe(
          true,
        );
    }
    expect(disagreements).toEqual([]);
    expect(decisions).toBe(viewers.length * (cases.length + cases.reduce((n, c) => n + c.tasks.length, 0)));
  });

  it("the live feed's rooms (eventRooms x liveRooms) are historyScope, for every account x history entry", async () => {
    const viewers = (await prisma().user.findMany({ select: USER_SELECT })) as SessionUser[];
    const audiences = new Map(
      (await prisma().case.findMany({ select: AUDIENCE_SELECT })).map((c) => [c.id, c]),
    );
    const events = await prisma().caseEvent.findMany({ select: { id: true, caseId: true, taskId: true } });
    const disagreements: string[] = [];
    for (const viewer of viewers) {
      const inScope = new Set(
        (await prisma().caseEvent.findMany({ where: historyScope(viewer), select: { id: true } })).map(
          (e) => e.id,
        ),
      );
      const rooms = liveRooms(viewer);
      for (const e of events) {
        const delivered = eventRooms(audiences.get(e.caseId)!, e.taskId).some((r) => rooms.includes(r));
        if (delivered !== inScope.has(e.id))
          disagreements.push(
            `${viewer.email} event ${e.id}: live ${delivered}, history ${inScope.has(e.id)}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
  });
});

// ---- The HTTP columns -----------------------------------------------------------------------------

interface Ctx {
  name: SituationName;
  kind: Kind;
  s: Built;
  cookie: string | undefined;
  expected: Cells;
}

const get = (
  route: Parameters<typeof call>[0],
  path: string,
  cookie: string | undefined,
  params: Record<string, string> = {},
) => call(route, path, { cookie, params });
const post = (
  route: Parameters<typeof call>[0],
  path: string,
  cookie: string | undefined,
  params: Record<string, string>,
  body: unknown,
) => call(route, path, { cookie, params, body });
const taskVersion = async (id: string) =>
  (await prisma().task.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const caseVersion = async (id: string) =>
  (await prisma().case.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const labelsOf = (s: Built, ids: string[]) =>
  (Object.entries(s.tasks) as [string, string][])
    .filter(([, id]) => ids.includes(id))
    .map(([label]) => label)
    .sort();

/** The case's history as the table's tokens mean it, from the database. */
async function historyAsSeen(s: Built, token: "all" | "own") {
  const rows = await prisma().caseEvent.findMany({
    where: { caseId: s.caseId },
    orderBy: { id: "asc" },
    select: { id: true, type: true, taskId: true, reason: true, responseText: true },
  });
  if (token === "all")
    return rows.map((r) => ({
      id: r.id.toString(),
      type: r.type,
      reason: r.reason,
      responseText: r.responseText,
    }));
  return rows
    .filter((r) => r.taskId === null || r.taskId === s.tasks.tI)
    .map((r) => ({
      id: r.id.toString(),
      type: r.type,
      reason: r.taskId ? r.reason : null,
      responseText: null,
    }));
}

/** A write: expected to succeed, it is made on a fresh copy of the situation (when it changes a state); refused, it must change nothing. */
async function write(
  ctx: Ctx,
  column: Column,
  mutates: boolean,
  send: (s: Built) => Promise<Response>,
): Promise<{ status: number; s: Built; body: any }> {
  const expected = ctx.expected[column] as number;
  const s = expected < 300 && mutates ? await buildSituation(ctx.name, users) : ctx.s;
  const before = await footprint(s.caseId);
  const res = await send(s);
  const body = await res.json().catch(() => null);
  if (res.status >= 300) expect(await footprint(s.caseId), "a refused write changes nothing").toBe(before);
  // A write that should have been refused went through: the next cells get a situation that is still what the table says.
  else if (mutates && s === ctx.s) built[ctx.name] = await buildSituation(ctx.name, users);
  return { status: res.status, s, body };
}

const CHECKS: Partial<Record<Column, (ctx: Ctx) => Promise<void>>> = {
  async list({ s, cookie, expected }) {
    const res = await get(listRoute, "/api/cases?pageSize=100", cookie);
    if (expected.list === 401) return void expect(res.status).toBe(401);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total, "every case fits on the page").toBeLessThanOrEqual(100);
    expect(body.items.some((c: { id: string }) => c.id === s.caseId)).toBe(expected.list);
  },
  async search({ s, cookie, expected }) {
    const res = await get(listRoute, `/api/cases?q=${s.token.toUpperCase()}`, cookie);
    if (expected.search === 401) return void expect(res.status).toBe(401);
    const body = await res.json();
    expect({
      status: res.status,
      total: body.total,
      ids: body.items.map((c: { id: string }) => c.id),
    }).toEqual(
      expected.search ? { status: 200, total: 1, ids: [s.caseId] } : { status: 200, total: 0, ids: [] },
    );
  },
  async get({ s, cookie, expected }) {
    const res = await get(caseRoute, `/api/cases/${s.caseId}`, cookie, { id: s.caseId });
    expect(res.status).toBe(expected.get);
    if (res.status === 200) expect((await res.json()).ref).toBe(s.ref);
  },
  async allowed({ s, cookie, expected }) {
    if (expected.get !== 200) return;
    const body = await (await get(caseRoute, `/api/cases/${s.caseId}`, cookie, { id: s.caseId })).json();
    expect([...body.allowedEvents].sort()).toEqual([...expected.allowed].sort());
  },
  async edit({ s, cookie, expected }) {
    if (expected.get !== 200) return expect(expected.edit).toBe("-");
    const body = await (await get(caseRoute, `/api/cases/${s.caseId}`, cookie, { id: s.caseId })).json();
    expect(body.canEditText ? "text" : body.canEdit ? "fields" : "no").toBe(expected.edit);
  },
  async history({ s, cookie, expected }) {
    const res = await get(historyRoute, `/api/cases/${s.caseId}/history`, cookie, { id: s.caseId });
    if (typeof expected.history === "number") return void expect(res.status).toBe(expected.history);
    expect(res.status).toBe(200);
    const items = (await res.json()).items.map(
      (i: { id: string; type: string; reason: string | null; responseText: string | null }) => ({
        id: i.id,
        type: i.type,
        reason: i.reason,
        responseText: i.responseText,
      }),
    );
    expect(items).toEqual(await historyAsSeen(s, expected.history));
  },
  async tasks({ s, cookie, expected }) {
    const res = await get(tasksRoute, `/api/cases/${s.caseId}/tasks`, cookie, { id: s.caseId });
    if (typeof expected.tasks === "number") return void expect(res.status).toBe(expected.tasks);
    const ids = (await res.json()).items.map((t: { id: string }) => t.id).sort();
    const all = (await prisma().task.findMany({ where: { caseId: s.caseId }, select: { id: true } }))
      .map((t) => t.id)
      .sort();
    expect(ids).toEqual(expected.tasks === "all" ? all : [s.tasks.tI]);
  },
  async readTI({ s, cookie, expected }) {
    expect(
      (await get(taskCommentsRoute, `/api/tasks/${s.tasks.tI}/comments`, cookie, { id: s.tasks.tI })).status,
    ).toBe(expected.readTI);
  },
  async readTOP({ s, cookie, expected }) {
    expect(
      (await get(taskCommentsRoute, `/api/tasks/${s.tasks.tOP}/comments`, cookie, { id: s.tasks.tOP }))
        .status,
    ).toBe(expected.readTOP);
  },
  async page({ s, cookie, expected }) {
    const res = await get(casePage, `/cases/${s.caseId}`, cookie, { id: s.caseId });
    if (res.status === 302)
      return expect(res.headers.get("Location")).toBe(
        expected.page === "login" ? `/login?redirectTo=%2Fcases%2F${s.caseId}` : "(no redirect)",
      );
    if (res.status !== 200) return expect(res.status).toBe(expected.page);
    const data = await res.json();
    expect(data.case.id).toBe(s.caseId);
    expect(data.response ? "doc" : "nodoc").toBe(expected.page);
  },
  async work({ s, cookie, expected }) {
    const res = await get(workRoute, "/api/me/work", cookie);
    if (expected.work === 401) return void expect(res.status).toBe(401);
    const { tasks } = await res.json();
    expect(
      labelsOf(
        s,
        tasks.map((t: { id: string }) => t.id),
      ),
    ).toEqual(expected.work);
  },
  async event(ctx) {
    const type = SITUATIONS[ctx.name].event;
    const { status, s, body } = await write(ctx, "event", true, async (s) =>
      post(
        caseEventsRoute,
        `/api/cases/${s.caseId}/events`,
        ctx.cookie,
        { id: s.caseId },
        { type, version: await caseVersion(s.caseId), reason: PROBE_REASON },
      ),
    );
    expect(status).toBe(ctx.expected.event);
    if (status === 200)
      expect((await prisma().case.findUniqueOrThrow({ where: { id: s.caseId } })).version).toBe(
        body.case.version,
      );
  },
  async commentTI(ctx) {
    const id = ctx.s.tasks.tI;
    const { status } = await write(ctx, "commentTI", false, () =>
      post(
        taskCommentsRoute,
        `/api/tasks/${id}/comments`,
        ctx.cookie,
        { id },
        { body: `Matrix comment by ${ctx.kind}` },
      ),
    );
    expect(status).toBe(ctx.expected.commentTI);
  },
  async commentTOP(ctx) {
    const id = ctx.s.tasks.tOP;
    const { status } = await write(ctx, "commentTOP", false, () =>
      post(
        taskCommentsRoute,
        `/api/tasks/${id}/comments`,
        ctx.cookie,
        { id },
        { body: `Matrix comment by ${ctx.kind}` },
      ),
    );
    expect(status).toBe(ctx.expected.commentTOP);
  },
  async newTask(ctx) {
    const ministry = (
      await prisma().organization.findUniqueOrThrow({ where: { shortName: "TJK Ministry of Justice" } })
    ).id;
    const { status, body } = await write(ctx, "newTask", false, (s) =>
      post(
        tasksRoute,
        `/api/cases/${s.caseId}/tasks`,
        ctx.cookie,
        { id: s.caseId },
        { title: `Matrix task by ${ctx.kind}`, assigneeOrgId: ministry, dueAt: "2027-05-31" },
      ),
    );
    expect(status).toBe(ctx.expected.newTask);
    if (status === 201) expect(body.task.state).toBe(ctx.kind === "focalOfState" ? "proposed" : "open");
  },
  async moveTI(ctx) {
    const type = SITUATIONS[ctx.name].moveTI;
    const { status } = await write(ctx, "moveTI", true, async (s) =>
      post(
        taskEventsRoute,
        `/api/tasks/${s.tasks.tI}/events`,
        ctx.cookie,
        { id: s.tasks.tI },
        { type, version: await taskVersion(s.tasks.tI), reason: PROBE_REASON },
      ),
    );
    expect(status).toBe(ctx.expected.moveTI);
  },
  async acceptTOP(ctx) {
    const { status, body } = await write(ctx, "acceptTOP", true, async (s) =>
      post(
        taskEventsRoute,
        `/api/tasks/${s.tasks.tOP}/events`,
        ctx.cookie,
        { id: s.tasks.tOP },
        { type: "ACCEPT", version: await taskVersion(s.tasks.tOP) },
      ),
    );
    expect(status).toBe(ctx.expected.acceptTOP);
    if (status === 200) expect(body.task.state).toBe("open");
  },
};

describe.each(SITUATION_NAMES)("situation %s", (name) => {
  // Reads first, then writes, in the table's column order.
  describe.each(HTTP_COLUMNS)("%s", (column) => {
    for (const kind of KINDS) {
      it(kind, async () => {
        await CHECKS[column]!({
          name,
          kind,
          s: built[name],
          cookie: cookies[kind],
          expected: MATRIX[name][kind],
        });
      });
    }
  });
});

// ---- Exports and reports: the same table ----------------------------------------------------------
// The case list as CSV holds S exactly when the list does; the visit's follow-up report holds S
// exactly when the case answers 200, with the tasks the `tasks` column gives and, for those who
// read only their own tasks' entries, no response text. Nothing new to write in the table: these
// channels must follow the columns already there.

describe.each(SITUATION_NAMES)("situation %s: exports and the follow-up report", (name) => {
  it.each(KINDS)("%s", async (kind) => {
    const s = built[name];
    const expected = MATRIX[name][kind];
    const csv = await get(csvExportRoute, "/api/cases/export.csv", cookies[kind]);
    if (expected.list === 401) expect(csv.status).toBe(401);
    else expect((await csv.text()).includes(s.ref)).toBe(expected.list);

    const { assessmentId } = await prisma().case.findUniqueOrThrow({ where: { id: s.caseId } });
    if (kind === "anonymous") {
      const res = await get(reportRoute, `/api/assessments/${assessmentId}/report.docx`, undefined, {
        id: assessmentId,
      });
      return void expect(res.status).toBe(401);
    }
    const report = await followUpReport(users[kind], assessmentId).catch((error) => {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    });
    const entry = report?.recommendations.find((r) => r.ref === s.ref);
    expect(Boolean(entry), "the report holds S").toBe(expected.get === 200);
    if (!entry) return;
    const titles = await prisma().task.findMany({
      // "all": every task S holds now (the write columns before added some).
      where: expected.tasks === "tI" ? { id: s.tasks.tI } : { caseId: s.caseId },
      select: { title: true },
    });
    expect(entry.tasks.map((t) => t.title).sort()).toEqual(titles.map((t) => t.title).sort());
    if (expected.history === "own") expect(entry.response.kind).toBe("withheld");
  });
});
