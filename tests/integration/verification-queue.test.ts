// Who a case waits for: the verifiers' queue in My work (cases under review that they may verify,
// longest waiting first, never their own submissions) and "your action is needed" only to those
// who can act on the case now.
import { beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import * as caseRoute from "~/routes/api.cases.$id._index.ts";
import * as caseEventsRoute from "~/routes/api.cases.$id.events.ts";
import * as evidenceRoute from "~/routes/api.cases.$id.evidence.ts";
import * as notificationsRoute from "~/routes/api.me.notifications.ts";
import * as workRoute from "~/routes/api.me.work.ts";
import { call, DEMO_ACCOUNTS, signInAs } from "~tests/helpers/http.ts";

type Who = keyof typeof DEMO_ACCOUNTS;
const as = {} as Record<Who, string>;
beforeAll(async () => {
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS) as [Who, string][])
    as[who] = await signInAs(email);
});

const DAY = 86_400_000;
const idOf = async (ref: string) =>
  (await prisma().case.findUniqueOrThrow({ where: { ref }, select: { id: true } })).id;
const userId = async (who: Who) =>
  (await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS[who] }, select: { id: true } })).id;
const workOf = async (who: Who) => (await call(workRoute, "/api/me/work", { cookie: as[who] })).json();
const actionNeeded = async (who: Who, caseId: string) =>
  (
    (await (await call(notificationsRoute, "/api/me/notifications", { cookie: as[who] })).json()).items as {
      kind: string;
      caseId: string | null;
    }[]
  ).filter((n) => n.kind === "action_needed" && n.caseId === caseId);
async function act(who: Who, id: string, type: string, reason?: string) {
  const c = await (await call(caseRoute, `/api/cases/${id}`, { cookie: as[who], params: { id } })).json();
  const res = await call(caseEventsRoute, `/api/cases/${id}/events`, {
    cookie: as[who],
    params: { id },
    body: { type, version: c.version, ...(reason ? { reason } : {}) },
  });
  expect(res.status, `${who} ${type}`).toBe(200);
}

/** Puts a case under review as if `who` had submitted it `daysAgo` days ago. */
async function underReview(ref: string, submitter: Who, daysAgo: number) {
  const id = await idOf(ref);
  const by = await userId(submitter);
  const value = { in_progress: "under_review" };
  const c = await prisma().case.findUniqueOrThrow({ where: { id } });
  const context = { ...(c.snapshot as { context: object }).context, submittedBy: by };
  await prisma().case.update({
    where: { id },
    data: { state: "in_progress", stateValue: "in_progress.under_review", snapshot: { value, context } },
  });
  await prisma().caseEvent.create({
    data: {
      caseId: id,
      actorId: by,
      type: "SUBMIT_EVIDENCE",
      fromState: "in_progress.implementing",
      toState: "in_progress.under_review",
      at: new Date(Date.now() - daysAgo * DAY),
    },
  });
  return id;
}

describe("the verifiers' queue", () => {
  it("lists the cases under review a CTED expert may verify, longest waiting first, with the days waited", async () => {
    // Three implementing cases of two States put under review: two by the State, one by the expert.
    const older = await underReview("TJK-2017-BC-01", "tjk", 9);
    const newer = await underReview("TJK-2017-IC-01", "tjk", 2);
    const own = await underReview("TJK-2017-CF-01", "expert", 5);

    const queue = (await workOf("verifier")).cases as { id: string; daysWaiting: number | null }[];
    const mine = queue.filter((c) => [older, newer, own].includes(c.id));
    expect(mine.map((c) => [c.id, c.daysWaiting])).toEqual([
      [older, 9],
      [own, 5],
      [newer, 2],
    ]);
    const waited = queue.map((c) => c.daysWaiting ?? -1);
    expect(waited).toEqual([...waited].sort((a, b) => b - a));

    // The expert who submitted one of them may not verify it (four eyes): not in their queue.
    const expertQueue = ((await workOf("expert")).cases as { id: string }[]).map((c) => c.id);
    expect(expertQueue).toEqual(expect.arrayContaining([older, newer]));
    expect(expertQueue).not.toContain(own);

    // Nobody else's list has them: not the State's (it waits for CTED), not a partner's or observer's.
    for (const who of ["tjk", "partner", "observer"] as const) {
      const ids = ((await workOf(who)).cases as { id: string }[]).map((c) => c.id);
      expect(ids, who).not.toContain(older);
    }
  });

  it("lists for a State's focal point the cases waiting for the State, and no days waiting", async () => {
    const cases = (await workOf("tjk")).cases as { ref: string; stateValue: string; daysWaiting: null }[];
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(c.ref.startsWith("TJK-"), c.ref).toBe(true);
      expect(c.stateValue).not.toBe("in_progress.under_review");
      expect(c.daysWaiting).toBeNull();
    }
  });
});

describe("your action is needed", () => {
  it("goes to the State when the case is with it, not to CTED who could also act", async () => {
    const id = await idOf("TJK-2017-LJ-02"); // agreed
    await act("tjk", id, "START");
    expect(await actionNeeded("tjk", id)).toHaveLength(0); // the actor is not told of their own step
    expect(await actionNeeded("expert", id)).toHaveLength(0); // CTED could submit evidence, but it waits for the State
  });

  it("after a verification goes to nobody, though CTED could reopen", async () => {
    const id = await underReview("TJK-2017-CF-02", "tjk", 1);
    await prisma().notification.deleteMany({ where: { caseId: id } });
    await act("verifier", id, "VERIFY", "Checked against the order as published.");
    for (const who of ["expert", "admin", "tjk"] as const)
      expect(await actionNeeded(who, id), who).toHaveLength(0);
  });

  it("goes to every CTED expert who may verify when the State submits, not to the State", async () => {
    const id = await idOf("TJK-2017-BC-02"); // implementing
    const added = await call(evidenceRoute, `/api/cases/${id}/evidence`, {
      cookie: as.tjk,
      params: { id },
      body: { kind: "reference", title: "Decree", text: "Decree No. 12 of 3 March 2018" },
    });
    expect(added.status).toBe(201);
    await act("tjk", id, "SUBMIT_EVIDENCE");
    for (const who of ["expert", "verifier", "admin"] as const)
      expect(await actionNeeded(who, id), who).toHaveLength(1);
    expect(await actionNeeded("tjk", id)).toHaveLength(0);
  });

  it("goes to the State's focal point when CTED returns a case for more work", async () => {
    const id = await underReview("TJK-2017-IF-02", "tjk", 1);
    await act("verifier", id, "RETURN", "The order is not attached.");
    expect(await actionNeeded("tjk", id)).toHaveLength(1);
    expect(await actionNeeded("expert", id)).toHaveLength(0);
  });
});
