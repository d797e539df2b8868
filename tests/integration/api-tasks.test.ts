// Follow-up tasks through the JSON API and the pages: who may create and move them, the error
// rules (as for cases), partner scoping on every surface, My work and notifications.
import { beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { userForSession } from "~/domain/auth.server.ts";
import { tokenFromCookieHeader } from "~/http/session.server.ts";
import * as listRoute from "~/routes/api.cases._index.ts";
import * as caseRoute from "~/routes/api.cases.$id._index.ts";
import * as caseEventsRoute from "~/routes/api.cases.$id.events.ts";
import * as evidenceRoute from "~/routes/api.cases.$id.evidence.ts";
import * as historyRoute from "~/routes/api.cases.$id.history.ts";
import * as tasksRoute from "~/routes/api.cases.$id.tasks.ts";
import * as notificationsRoute from "~/routes/api.me.notifications.ts";
import * as workRoute from "~/routes/api.me.work.ts";
import * as taskCommentsRoute from "~/routes/api.tasks.$id.comments.ts";
import * as taskEventsRoute from "~/routes/api.tasks.$id.events.ts";
import * as casePage from "~/routes/cases.$id._index.tsx";
import { caseDocumentHooks } from "~server/realtime/collab/case-documents.ts";
import { call, DEMO_ACCOUNTS, signInAs } from "~tests/helpers/http.ts";

type Who = keyof typeof DEMO_ACCOUNTS;
const as = {} as Record<Who, string>;
beforeAll(async () => {
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS) as [Who, string][])
    as[who] = await signInAs(email);
});

const caseId = async (ref: string) =>
  (await prisma().case.findUniqueOrThrow({ where: { ref }, select: { id: true } })).id;
const orgId = async (shortName: string) =>
  (await prisma().organization.findUniqueOrThrow({ where: { shortName }, select: { id: true } })).id;
const tasksOf = (who: Who, id: string) =>
  call(tasksRoute, `/api/cases/${id}/tasks`, { cookie: as[who], params: { id } });
const create = (who: Who, id: string, body: unknown) =>
  call(tasksRoute, `/api/cases/${id}/tasks`, { cookie: as[who], params: { id }, body });
const act = (who: Who, id: string, body: unknown) =>
  call(taskEventsRoute, `/api/tasks/${id}/events`, { cookie: as[who], params: { id }, body });
const json = async (res: Response) => ({ status: res.status, body: await res.json() });
const notificationsOf = async (who: Who) =>
  (await call(notificationsRoute, "/api/me/notifications", { cookie: as[who] })).json();

describe("creating tasks", () => {
  it("CTED assigns a task to INTERPOL: it is open, in the case's history, and INTERPOL's officer is notified", async () => {
    const id = await caseId("TJK-2017-BC-01");
    const before = (await notificationsOf("partner")).unread;
    const { status, body } = await json(
      await create("expert", id, {
        title: "Train airport staff on Red Notices",
        assigneeOrgId: await orgId("INTERPOL"),
        dueAt: "2027-01-31",
      }),
    );
    expect(status).toBe(201);
    expect(body.task).toMatchObject({
      title: "Train airport staff on Red Notices",
      state: "open",
      version: 1,
      dueAt: "2027-01-31T00:00:00.000Z",
      assignee: { kind: "organization", name: "International Criminal Police Organization" },
    });
    const history = (
      await (
        await call(historyRoute, `/api/cases/${id}/history`, { cookie: as.admin, params: { id } })
      ).json()
    ).items;
    expect(history.at(-1)).toMatchObject({ type: "TASK_CREATED", actor: { name: "Elena Petrova" } });
    const after = await notificationsOf("partner");
    expect(after.unread).toBe(before + 1);
    expect(after.items[0]).toMatchObject({
      kind: "task_assigned",
      text: "Elena Petrova assigned “Train airport staff on Red Notices” on TJK-2017-BC-01 to INTERPOL",
      caseId: id,
    });
  });

  it("the State's focal point proposes a task; CTED accepts it, then the assignee sees it", async () => {
    const id = await caseId("TJK-2017-BC-02");
    const { body } = await json(
      await create("tjk", id, {
        title: "Donate document readers to the border posts",
        assigneeOrgId: await orgId("OSCE"),
        dueAt: "2027-03-01",
      }),
    );
    expect(body.task.state).toBe("proposed");
    expect(body.task.allowedEvents).toEqual([]);
    const expertView = (await json(await tasksOf("expert", id))).body.items.find(
      (t: { id: string }) => t.id === body.task.id,
    );
    expect(expertView.allowedEvents).toEqual(["ACCEPT", "DECLINE"]);
    const accepted = await json(await act("expert", body.task.id, { type: "ACCEPT", version: 1 }));
    expect(accepted).toMatchObject({ status: 200, body: { task: { state: "open", version: 2 } } });
  });

  it("refuses others and bad input, writing nothing", async () => {
    const id = await caseId("TJK-2017-BC-01");
    const valid = { title: "A valid title", assigneeOrgId: await orgId("ICAO"), dueAt: "2027-01-31" };
    const count = () => prisma().task.count();
    const before = await count();
    expect((await create("observer", id, valid)).status).toBe(403);
    expect((await create("partner", id, valid)).status).toBe(403);
    expect((await create("kaz", id, valid)).status).toBe(404);
    expect((await call(tasksRoute, `/api/cases/${id}/tasks`, { params: { id }, body: valid })).status).toBe(
      401,
    );
    const bad = [
      [{ ...valid, title: "" }, "title"],
      [{ ...valid, dueAt: "tomorrow" }, "dueAt"],
      [{ title: "No assignee", dueAt: "2027-01-31" }, "assignee"],
      [{ ...valid, assigneeUserId: "someone" }, "assignee"],
      [{ ...valid, assigneeOrgId: await orgId("Government of Kazakhstan") }, "assigneeOrgId"],
      [{ ...valid, extra: 1 }, "body"],
    ] as const;
    for (const [body, field] of bad) {
      const res = await json(await create("expert", id, body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body.fields ?? {}), JSON.stringify(body)).toContain(field);
    }
    // Dates are calendar days written YYYY-MM-DD in a sane range: not true, 0 (1970), 30 February
    // (2 March) or the year 275760 (beyond PostgreSQL).
    const dates = [
      [true, "must be text"],
      [0, "must be text"],
      ["2027-02-30", "is not a day of the calendar (2027-02-30 does not exist)"],
      ["+275760-09-13", "must be a date written YYYY-MM-DD, such as 2027-03-31"],
      ["-000001-01-01", "must be a date written YYYY-MM-DD, such as 2027-03-31"],
      ["2101-01-01", "must be between 1 January 2000 and 31 December 2100"],
    ] as const;
    for (const [dueAt, message] of dates) {
      const res = await json(await create("expert", id, { ...valid, dueAt }));
      expect(res.status, String(dueAt)).toBe(400);
      expect(res.body.fields, String(dueAt)).toEqual({ dueAt: message });
    }
    for (const title of ["Title\u0000", "Title \ud800"]) {
      expect((await create("expert", id, { ...valid, title })).status).toBe(400);
    }
    const notJson = await call(tasksRoute, `/api/cases/${id}/tasks`, {
      cookie: as.expert,
      params: { id },
      body: "{",
      headers: { "Content-Type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    expect(await count()).toBe(before);
  });
});

describe("moving tasks", () => {
  it("the assignee works the task; stale versions get 409, wrong states 422, others 403, and a missing reason 400", async () => {
    const id = await caseId("TJK-2017-BC-01");
    const { body } = await json(
      await create("expert", id, {
        title: "Share the I-24/7 rollout plan",
        assigneeOrgId: await orgId("INTERPOL"),
        dueAt: "2027-02-15",
      }),
    );
    const taskId = body.task.id;
    expect((await act("tjk", taskId, { type: "START", version: 1 })).status).toBe(403);
    expect((await act("expert", taskId, { type: "CANCEL", version: 1 })).status).toBe(400);
    expect((await act("partner", taskId, { type: "ACCEPT", version: 1 })).status).toBe(422);
    expect(await json(await act("partner", taskId, { type: "START", version: 1 }))).toMatchObject({
      status: 200,
      body: { task: { state: "in_progress", version: 2 } },
    });
    expect(await json(await act("partner", taskId, { type: "COMPLETE", version: 1 }))).toMatchObject({
      status: 409,
      body: { currentVersion: 2 },
    });
    expect((await act("partner", taskId, { type: "FINISH", version: 2 })).status).toBe(400);
    const done = await json(await act("partner", taskId, { type: "COMPLETE", version: 2 }));
    expect(done.body.task.state).toBe("done");
    // Its creator hears of it.
    expect((await notificationsOf("expert")).items[0]).toMatchObject({
      kind: "task_done",
      text: "Marc Dubois completed “Share the I-24/7 rollout plan” on TJK-2017-BC-01",
    });
    expect((await act("kaz", taskId, { type: "REOPEN", version: 3, reason: "x" })).status).toBe(404);
  });

  it("of two concurrent moves on one version, one wins and the other gets 409", async () => {
    const id = await caseId("TJK-2017-BC-01");
    const { body } = await json(
      await create("expert", id, {
        title: "Race for it",
        assigneeUserId: (await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.partner } }))
          .id,
        dueAt: "2027-02-15",
      }),
    );
    // Two moves that leave the task visible to both movers: had CTED cancelled it, the partner would
    // no longer see the task and rightly get 404 (app/access), depending on who commits first.
    const results = await Promise.all([
      act("partner", body.task.id, { type: "START", version: 1 }),
      act("partner", body.task.id, { type: "START", version: 1 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe("comments on tasks", () => {
  it("are between CTED, the State and the assignee: the other side is notified; observers read; others get 404", async () => {
    const id = await caseId("TJK-2017-BC-01");
    const { body } = await json(
      await create("expert", id, {
        title: "Talk it through",
        assigneeOrgId: await orgId("INTERPOL"),
        dueAt: "2027-02-15",
      }),
    );
    const comment = (who: Who, text: unknown) =>
      call(taskCommentsRoute, `/api/tasks/${body.task.id}/comments`, {
        cookie: as[who],
        params: { id: body.task.id },
        body: { body: text },
      });
    expect(await json(await comment("partner", "We can start in January."))).toMatchObject({
      status: 201,
      body: { comment: { body: "We can start in January.", author: { name: "Marc Dubois" } } },
    });
    expect((await notificationsOf("expert")).items[0]).toMatchObject({
      kind: "comment",
      text: "Marc Dubois commented on “Talk it through” (TJK-2017-BC-01)",
    });
    expect((await comment("expert", "Thank you.")).status).toBe(201);
    expect((await notificationsOf("partner")).items[0]).toMatchObject({
      kind: "comment",
      text: "Elena Petrova commented on “Talk it through” (TJK-2017-BC-01)",
    });
    expect((await comment("observer", "Noted")).status).toBe(403);
    expect((await comment("kaz", "Hello")).status).toBe(404);
    expect((await comment("partner", "   ")).status).toBe(400);
    const listed = await json(
      await call(taskCommentsRoute, `/api/tasks/${body.task.id}/comments`, {
        cookie: as.observer,
        params: { id: body.task.id },
      }),
    );
    expect(listed.body.items.map((c: { body: string }) => c.body)).toEqual([
      "We can start in January.",
      "Thank you.",
    ]);
  });
});

describe("a partner sees only what concerns them", () => {
  it("cases: exactly those where their organisation holds a task; others answer 404 on the API and the page", async () => {
    const { items } = await (await call(listRoute, "/api/cases?pageSize=100", { cookie: as.partner })).json();
    const holding = await prisma().case.findMany({
      where: {
        tasks: {
          some: { assigneeOrg: { shortName: "INTERPOL" }, state: { in: ["open", "in_progress", "done"] } },
        },
      },
      select: { id: true },
    });
    expect(new Set(items.map((c: { id: string }) => c.id))).toEqual(new Set(holding.map((c) => c.id)));
    const other = await caseId("TJK-2017-GE-01");
    expect(
      (await call(caseRoute, `/api/cases/${other}`, { cookie: as.partner, params: { id: other } })).status,
    ).toBe(404);
    expect((await tasksOf("partner", other)).status).toBe(404);
    expect(
      (await call(historyRoute, `/api/cases/${other}/history`, { cookie: as.partner, params: { id: other } }))
        .status,
    ).toBe(404);
    await expect(
      call(casePage, `/cases/${other}`, { cookie: as.partner, params: { id: other } }),
    ).resolves.toMatchObject({ status: 404 });
    // Search cannot reach it either.
    const search = await (await call(listRoute, `/api/cases?q=gender`, { cookie: as.partner })).json();
    expect(search.items).toEqual([]);
  });

  it("on their cases: their own tasks and history entries only, no response document, no other organisation's task", async () => {
    const id = await caseId("KAZ-2018-BC-01");
    const icao = await json(
      await create("expert", id, {
        title: "ICAO check of the PKD connection",
        assigneeOrgId: await orgId("ICAO"),
        dueAt: "2027-02-01",
      }),
    );
    const own = (await json(await tasksOf("partner", id))).body.items;
    expect(own.length).toBeGreaterThan(0);
    expect(
      own.every(
        (t: { assignee: { organizationId: string } }) =>
          t.assignee.organizationId === own[0].assignee.organizationId,
      ),
    ).toBe(true);
    expect(own.map((t: { id: string }) => t.id)).not.toContain(icao.body.task.id);
    expect((await act("partner", icao.body.task.id, { type: "START", version: 1 })).status).toBe(404);
    const history = (
      await (
        await call(historyRoute, `/api/cases/${id}/history`, { cookie: as.partner, params: { id } })
      ).json()
    ).items;
    expect(history.length).toBeGreaterThan(0);
    // Their tasks' entries, and the case's own without what the State and CTED wrote; no other organisation's task.
    expect(history.some((h: { type: string }) => h.type === "CREATED")).toBe(true);
    for (const h of history as { type: string; reason: string | null; responseText: string | null }[]) {
      expect(h.responseText).toBeNull();
      if (h.type.startsWith("TASK_")) expect(h.reason).not.toContain("ICAO");
      else expect(h.reason).toBeNull();
    }
    const page = await (await call(casePage, `/cases/${id}`, { cookie: as.partner, params: { id } })).json();
    expect(page.response).toBeNull();
    expect(page.taskForm).toBeNull();
    expect(page.tasks.map((t: { id: string }) => t.id)).toEqual(own.map((t: { id: string }) => t.id));
    const partner = (await userForSession((await tokenFromCookieHeader(as.partner))!))!;
    expect(await caseDocumentHooks.authorize(partner, `case:${id}`)).toBeNull();
  });
});

describe("My work", () => {
  it("lists my organisation's open tasks and the cases waiting for me, most urgent first", async () => {
    const work = await (await call(workRoute, "/api/me/work", { cookie: as.partner })).json();
    expect(work.tasks.length).toBeGreaterThan(1);
    expect(work.tasks.every((t: { state: string }) => ["open", "in_progress"].includes(t.state))).toBe(true);
    const due = work.tasks.map((t: { dueAt: string }) => t.dueAt);
    expect(due).toEqual([...due].sort());
    expect(work.tasks[0].due).toBe("overdue");
    expect(work.cases).toEqual([]);
    const focal = await (await call(workRoute, "/api/me/work", { cookie: as.tjk })).json();
    expect(focal.cases.length).toBeGreaterThan(0);
    expect(
      focal.cases.every(
        (c: { country: string; allowedEvents: string[] }) =>
          c.country === "TJK" && c.allowedEvents.length > 0,
      ),
    ).toBe(true);
    // The State's focal point works the tasks of its ministries.
    expect(
      focal.tasks.some((t: { assignee: { name: string } }) => t.assignee.name.includes("Ministry")),
    ).toBe(true);
  });
});

describe("notifications", () => {
  it("after a transition, tells whoever can now act on the case, not the one who acted", async () => {
    const c = await prisma().case.findFirstOrThrow({
      where: { countryCode: "TJK", stateValue: "in_progress.implementing" },
      orderBy: { ref: "asc" },
    });
    // A submission brings evidence (issue 11).
    await call(evidenceRoute, `/api/cases/${c.id}/evidence`, {
      cookie: as.tjk,
      params: { id: c.id },
      body: { kind: "reference", title: "Order", text: "Order No. 45" },
    });
    const res = await call(caseEventsRoute, `/api/cases/${c.id}/events`, {
      cookie: as.tjk,
      params: { id: c.id },
      body: { type: "SUBMIT_EVIDENCE", version: c.version },
    });
    expect(res.status).toBe(200);
    // Under review: the owner (CTED) verifies or returns it.
    const owner = await prisma().user.findUniqueOrThrow({ where: { id: c.ownerId } });
    const latest = await prisma().notification.findFirstOrThrow({
      where: { userId: owner.id, caseId: c.id, kind: "action_needed" },
      orderBy: { id: "desc" },
    });
    expect(latest.text).toBe(`Rustam Nazarov submitted evidence on ${c.ref}: your action is needed`);
    const focal = await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.tjk } });
    expect(
      await prisma().notification.count({ where: { userId: focal.id, caseId: c.id, kind: "action_needed" } }),
    ).toBe(0);
  });

  it("marks read one, then all, and only the user's own", async () => {
    const mine = await notificationsOf("partner");
    expect(mine.unread).toBeGreaterThan(0);
    const someoneElses = (await notificationsOf("expert")).items[0].id;
    const one = await call(notificationsRoute, "/api/me/notifications", {
      cookie: as.partner,
      body: { read: [mine.items[0].id, someoneElses] },
    });
    expect(await one.json()).toEqual({ unread: mine.unread - 1 });
    expect((await notificationsOf("expert")).items[0].readAt).toBeNull();
    expect(
      await (
        await call(notificationsRoute, "/api/me/notifications", { cookie: as.partner, body: { read: "all" } })
      ).json(),
    ).toEqual({ unread: 0 });
    expect(
      (await call(notificationsRoute, "/api/me/notifications", { cookie: as.partner, body: { read: ["x"] } }))
        .status,
    ).toBe(400);
  });
});

describe("deadlines, the same everywhere", () => {
  it("the list's due-soon and overdue filters agree with each item's due status, and with My work", async () => {
    const [soon, overdue] = await Promise.all(
      ["dueSoon", "overdue"].map(async (filter) =>
        (await call(listRoute, `/api/cases?${filter}=true&pageSize=100`, { cookie: as.expert })).json(),
      ),
    );
    expect(soon.items.length + overdue.items.length).toBeGreaterThan(0);
    expect(soon.items.every((c: { due: string }) => c.due === "due_soon")).toBe(true);
    expect(
      overdue.items.every((c: { due: string; overdue: boolean }) => c.due === "overdue" && c.overdue),
    ).toBe(true);
    const all = (await (await call(listRoute, "/api/cases?pageSize=100", { cookie: as.expert })).json())
      .items;
    expect(all.filter((c: { due: string }) => c.due === "due_soon").length).toBe(soon.total);
    const work = await (await call(workRoute, "/api/me/work", { cookie: as.expert })).json();
    for (const c of work.cases)
      expect(c.due).toBe(all.find((x: { id: string }) => x.id === c.id)?.due ?? c.due);
  });
});

describe("task events: strict types", () => {
  it('{"type":"START","version":true} does not start a task (true is not version 1), nor does the form\'s "true"', async () => {
    const taskForm = await import("~/routes/tasks.$id.events.tsx");
    const id = await caseId("TJK-2017-BC-01");
    const { body } = await json(
      await create("expert", id, {
        title: "Strict types",
        assigneeOrgId: await orgId("INTERPOL"),
        dueAt: "2027-02-15",
      }),
    );
    for (const version of [true, "1", 1.5, null]) {
      const res = await json(await act("partner", body.task.id, { type: "START", version }));
      expect(res.status, String(version)).toBe(400);
      expect(res.body.fields.version).toMatch(/^must be (a number|a whole number)$/);
    }
    const form = await call(taskForm, `/tasks/${body.task.id}/events?_data=x`, {
      cookie: as.partner,
      params: { id: body.task.id },
      body: new URLSearchParams({ type: "START", version: "true" }),
    });
    expect(form.status).toBe(400);
    expect((await prisma().task.findUniqueOrThrow({ where: { id: body.task.id } })).state).toBe("open");
  });
});

describe("task forms", () => {
  it("without JavaScript, a task action goes back to the page it came from; with it, it answers data; errors are messages", async () => {
    const taskForm = await import("~/routes/tasks.$id.events.tsx");
    const id = await caseId("TJK-2017-BC-01");
    const { body } = await json(
      await create("expert", id, {
        title: "Form flow",
        assigneeOrgId: await orgId("INTERPOL"),
        dueAt: "2027-02-15",
      }),
    );
    const form = (fields: Record<string, string>) => new URLSearchParams(fields);
    const plain = await call(taskForm, `/tasks/${body.task.id}/events`, {
      cookie: as.partner,
      params: { id: body.task.id },
      body: form({ type: "START", version: "1", redirectTo: "/me/work" }),
    });
    expect(plain.status).toBe(302);
    expect(plain.headers.get("Location")).toBe("/me/work");
    const scripted = await call(taskForm, `/tasks/${body.task.id}/events?_data=routes%2Ftasks.%24id.events`, {
      cookie: as.partner,
      params: { id: body.task.id },
      body: form({ type: "COMPLETE", version: "2" }),
    });
    expect(await scripted.json()).toEqual({ ok: true });
    const stale = await call(taskForm, `/tasks/${body.task.id}/events?_data=x`, {
      cookie: as.partner,
      params: { id: body.task.id },
      body: form({ type: "COMPLETE", version: "2" }),
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).message).toMatch(/changed by someone else/);
    const offsite = await call(taskForm, `/tasks/${body.task.id}/events`, {
      cookie: as.expert,
      params: { id: body.task.id },
      body: form({ type: "REOPEN", version: "3", reason: "Again", redirectTo: "//evil.example" }),
    });
    expect(offsite.headers.get("Location")).not.toContain("evil");
  });
});
