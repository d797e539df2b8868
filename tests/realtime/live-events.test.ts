// The live case feed through the real Socket.IO server: who hears of which change, and what a
// reconnecting client gets (docs/realtime.md, "Live case status").
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";

import { type SessionUser } from "~/access/visibility.ts";
import { database, prisma } from "~/db/client.server.ts";
import { setAccountDisabled } from "~/domain/accounts.server.ts";
import { signIn } from "~/domain/auth.server.ts";
import { eventsAfter, latestEventId } from "~/domain/case-feed.server.ts";
import { applyCaseEvent, caseHistory, getCase } from "~/domain/cases.server.ts";
import { addLinkOrReference } from "~/domain/evidence.server.ts";
import { addTaskComment, applyTaskEvent, createTask } from "~/domain/tasks.server.ts";
import { commitSessionCookie } from "~/http/session.server.ts";
import { LiveClient } from "~/realtime/live-client.ts";
import { type CaseUpdated, type LiveSinceReply, MAX_REPLAY } from "~/realtime/live-protocol.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~tests/helpers/http.ts";
import { connectPeer, connectSocket, startRealtimeServer, waitFor } from "~tests/helpers/realtime.ts";

type Who = keyof typeof DEMO_ACCOUNTS;
interface Listener {
  socket: Socket;
  client: LiveClient;
  events: CaseUpdated[];
  reloads: number;
}

let server: Awaited<ReturnType<typeof startRealtimeServer>>;
const users = {} as Record<Who, SessionUser>;
const cookies = {} as Record<Who, string>;
const listeners: Listener[] = [];

async function listen(who: Who, from?: number): Promise<Listener> {
  const socket = connectSocket(server.url, cookies[who]);
  const listener: Listener = { socket, events: [], reloads: 0, client: undefined as never };
  listener.client = new LiveClient(socket, from ?? (await latestEventId()), {
    onEvent: (e) => listener.events.push(e),
    onReload: () => listener.reloads++,
  });
  listeners.push(listener);
  await waitFor(() => socket.connected, `${who} to connect`);
  return listener;
}

/** Moves the case on by its first allowed event, as the first of `actors` who may. */
async function step(
  ref: string,
  actors: Who[] = ["expert", "verifier", "tjk", "kaz"],
): Promise<CaseUpdated["event"] & { caseId: string }> {
  const { id } = await prisma().case.findUniqueOrThrow({ where: { ref }, select: { id: true } });
  for (const who of actors) {
    const c = await getCase(users[who], id).catch(() => null);
    const type = c?.allowedEvents[0];
    if (!c || !type) continue;
    // A submission brings evidence (issue 11); adding it is no live event.
    if (type === "SUBMIT_EVIDENCE")
      await addLinkOrReference(users[who], id, {
        kind: "reference",
        title: "Live feed test",
        text: "Order No. 1",
      });
    await applyCaseEvent(users[who], id, { type, version: c.version, reason: "Live feed test" } as never);
    return { caseId: id, type, actor: { id: users[who].id, name: users[who].name }, at: "" };
  }
  throw new Error(`nobody can move ${ref} on`);
}

const settle = () => new Promise((r) => setTimeout(r, 150));

beforeAll(async () => {
  server = await startRealtimeServer();
  let ip = 0;
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS) as [Who, string][]) {
    const { user, token } = await signIn(email, DEMO_PASSWORD, `10.78.0.${++ip}`);
    users[who] = user;
    cookies[who] = (await commitSessionCookie(token)).split(";")[0]!;
  }
});
afterAll(async () => {
  for (const l of listeners) {
    l.client.destroy();
    l.socket.close();
  }
  await server.close();
});

describe("live case status", () => {
  it("reaches every user who may see the case, and nobody else (two States, every role)", async () => {
    const everyone = {} as Record<Who, Listener>;
    for (const who of Object.keys(DEMO_ACCOUNTS) as Who[]) everyone[who] = await listen(who);
    const tjk = await step("TJK-2017-BC-01");
    const kaz = await step("KAZ-2018-BC-01");
    await waitFor(() => everyone.expert.events.length === 2, "CTED to hear of both");
    await settle();
    for (const who of Object.keys(DEMO_ACCOUNTS) as Who[]) {
      // What the feed sent must be exactly what the user may read.
      const visible = [];
      for (const changed of [tjk, kaz])
        if (await getCase(users[who], changed.caseId).catch(() => null)) visible.push(changed.caseId);
      expect(
        everyone[who].events.map((e) => e.caseId),
        who,
      ).toEqual(visible);
    }
    expect(everyone.tjk.events).toHaveLength(1);
    expect(everyone.kaz.events).toHaveLength(1);
    // INTERPOL holds a task on the Kazakh case only.
    expect(everyone.partner.events.map((e) => e.caseId)).toEqual([kaz.caseId]);
    const c = await prisma().case.findUniqueOrThrow({ where: { id: tjk.caseId } });
    const [event] = everyone.tjk.events;
    expect(event).toEqual({
      id: expect.any(Number),
      caseId: c.id,
      ref: c.ref,
      country: "TJK",
      area: c.area,
      state: c.state,
      stateValue: c.stateValue,
      version: c.version,
      event: { type: tjk.type, actor: tjk.actor, at: expect.any(String) },
    });
    expect(everyone.kaz.events[0]!.id).toBe(event!.id + 1);
  });

  it("gives a reconnecting client exactly what it missed, in order, once", async () => {
    const focal = await listen("tjk");
    const expert = await listen("expert");
    focal.socket.disconnect();
    const missed = [await step("TJK-2017-IF-01"), await step("KAZ-2018-CF-01"), await step("TJK-2017-GE-01")];
    await waitFor(() => expert.events.length === 3, "the expert to hear of all three");
    expect(focal.events).toHaveLength(0);
    focal.socket.connect();
    await waitFor(() => focal.events.length >= 2, "the focal point to catch up");
    // A change right after reconnecting arrives once, after the replayed ones.
    const after = await step("TJK-2017-BC-02");
    await waitFor(() => focal.events.length >= 3, "the live event after catching up");
    await settle();
    expect(focal.events.map((e) => e.caseId)).toEqual([missed[0]!.caseId, missed[2]!.caseId, after.caseId]);
    expect(focal.events.map((e) => e.id)).toEqual([...focal.events.map((e) => e.id)].sort((a, b) => a - b));
    expect(focal.reloads).toBe(0);
  });

  it("asks a client that missed too much to reload, and refuses a malformed request", async () => {
    const focal = await listen("tjk");
    const ask = (payload: unknown) =>
      focal.socket.timeout(5000).emitWithAck("live:since", payload) as Promise<LiveSinceReply>;
    const from = await latestEventId();
    const { id } = await prisma().case.findUniqueOrThrow({
      where: { ref: "TJK-2017-LJ-02" },
      select: { id: true },
    });
    // Written straight into the history, as another process would: the feed reads them back.
    await database().sql.query(
      `INSERT INTO "CaseEvent" ("caseId", "actorId", type, "toState", reason)
       SELECT $1, $2, 'EDITED', "stateValue", 'bulk' FROM "Case", generate_series(1, $3) WHERE id = $1`,
      [id, users.expert.id, MAX_REPLAY + 1],
    );
    const reply = await ask({ after: from });
    expect(reply).toEqual({ ok: true, reload: true, lastId: from + MAX_REPLAY + 1 });
    const recent = await ask({ after: from + MAX_REPLAY - 1 });
    expect(recent.ok && "events" in recent && recent.events.map((e) => e.id)).toEqual([
      from + MAX_REPLAY,
      from + MAX_REPLAY + 1,
    ]);
    // Events that no process announced still reach the connected client (read back from the history).
    await waitFor(() => focal.events.length === MAX_REPLAY + 1, "the unannounced events", 10_000);
    for (const bad of [{ after: "1" }, { after: -1 }, { after: 1.5 }, null, "x"])
      expect(await ask(bad)).toEqual({ ok: false, error: "invalid" });
    expect(await ask({ after: Number.MAX_SAFE_INTEGER })).toMatchObject({ ok: true, reload: true });
  });

  it("delivers events in id order even when they reach the process out of order", async () => {
    const focal = await listen("tjk");
    const from = await latestEventId();
    const { id } = await prisma().case.findUniqueOrThrow({
      where: { ref: "TJK-2017-LJ-02" },
      select: { id: true },
    });
    await database().sql.query(
      `INSERT INTO "CaseEvent" ("caseId", "actorId", type, "toState", reason)
       SELECT $1, $2, 'EDITED', "stateValue", 'order' FROM "Case", generate_series(1, 2) WHERE id = $1`,
      [id, users.expert.id],
    );
    const [first, second] = await eventsAfter(from, 2);
    // As if another process's later event overtook the earlier one on the way here. The later one
    // waits for the earlier: offered, or read back from the history (the feed's own tail check may
    // get there first on a busy machine), the client gets them in id order.
    server.realtime.feed.offer(second!);
    await settle();
    // Never the later one alone: nothing yet, or what the tail check read back, in id order.
    expect([[], [from + 1], [from + 1, from + 2]]).toContainEqual(focal.events.map((e) => e.id));
    server.realtime.feed.offer(first!);
    await waitFor(() => focal.events.length === 2, "both events");
    expect(focal.events.map((e) => e.id)).toEqual([from + 1, from + 2]);
  });

  it("a partner hears of their organisation's tasks and is notified live, but hears nothing of another organisation's", async () => {
    const partner = await listen("partner");
    const expert = await listen("expert");
    const pushed: { kind: string; text: string }[] = [];
    partner.socket.on("notification:new", (n) => pushed.push(n));
    const { id } = await prisma().case.findUniqueOrThrow({
      where: { ref: "KAZ-2018-BC-01" },
      select: { id: true },
    });
    const org = async (shortName: string) =>
      (await prisma().organization.findUniqueOrThrow({ where: { shortName } })).id;
    const mine = await createTask(users.expert, id, {
      title: "Live: for INTERPOL",
      assigneeOrgId: await org("INTERPOL"),
      dueAt: new Date("2027-01-10"),
    });
    const theirs = await createTask(users.expert, id, {
      title: "Live: for ICAO",
      assigneeOrgId: await org("ICAO"),
      dueAt: new Date("2027-01-10"),
    });
    await waitFor(() => expert.events.length === 2, "CTED to hear of both tasks");
    await waitFor(() => pushed.length === 1, "the partner's notification");
    await settle();
    expect(partner.events.map((e) => e.task)).toEqual([
      { id: mine.id, title: "Live: for INTERPOL", state: "open" },
    ]);
    expect(expert.events.map((e) => e.task?.id)).toEqual([mine.id, theirs.id]);
    expect(pushed[0]).toMatchObject({
      kind: "task_assigned",
      text: "Elena Petrova assigned “Live: for INTERPOL” on KAZ-2018-BC-01 to INTERPOL",
    });
    // Catching up gives a partner the same view: their task's event, not ICAO's.
    const replay = (await partner.socket
      .timeout(5000)
      .emitWithAck("live:since", { after: expert.events[0]!.id - 1 })) as LiveSinceReply;
    expect(replay.ok && "events" in replay && replay.events.map((e) => e.task?.id)).toEqual([mine.id]);
  });

  it("a task proposed for a partner is not the partner's business until CTED accepts it (live, catch-up, history, notifications)", async () => {
    // The review's steps: TJK-2017-LJ-02 is a Tajik case INTERPOL holds no task on.
    const partner = await listen("partner");
    const pushed: { text: string }[] = [];
    partner.socket.on("notification:new", (n) => pushed.push(n));
    const from = await latestEventId();
    const { id } = await prisma().case.findUniqueOrThrow({
      where: { ref: "TJK-2017-LJ-02" },
      select: { id: true },
    });
    const interpol = (await prisma().organization.findUniqueOrThrow({ where: { shortName: "INTERPOL" } })).id;
    const proposal = await createTask(users.tjk, id, {
      title: "Proposed: watch lists",
      assigneeOrgId: interpol,
      dueAt: new Date("2027-03-01"),
    });
    await addTaskComment(users.tjk, proposal.id, "Could INTERPOL help?");
    const expert = await listen("expert", from);
    await waitFor(() => expert.events.length === 2, "CTED to hear of the proposal and the comment");
    await settle();
    expect(partner.events).toEqual([]);
    expect(pushed).toEqual([]);
    expect(
      await prisma().notification.count({ where: { userId: users.partner.id, taskId: proposal.id } }),
    ).toBe(0);
    const replay = (await partner.socket
      .timeout(5000)
      .emitWithAck("live:since", { after: from })) as LiveSinceReply;
    expect(replay.ok && "events" in replay && replay.events).toEqual([]);
    await expect(getCase(users.partner, id)).rejects.toMatchObject({ status: 404 });

    // On a case the partner sees (through another task), the proposal is not in its history either.
    const seen = await prisma().case.findUniqueOrThrow({
      where: { ref: "KAZ-2018-BC-01" },
      select: { id: true },
    });
    const onSeen = await createTask(users.kaz, seen.id, {
      title: "Proposed: joint training",
      assigneeOrgId: interpol,
      dueAt: new Date("2027-03-01"),
    });
    const history = await caseHistory(users.partner, seen.id);
    expect(history.map((e) => e.type)).not.toContain("TASK_PROPOSED");
    // Once CTED accepts it, it is theirs: they hear of it and are told.
    const accepted = await applyTaskEvent(users.expert, onSeen.id, {
      type: "ACCEPT",
      version: onSeen.version,
    });
    await waitFor(() => partner.events.some((e) => e.task?.id === accepted.id), "the accepted task's event");
    await waitFor(() => pushed.length === 1, "the assignment notification");
    expect(partner.events.map((e) => e.event.type)).toEqual(["TASK_ACCEPT"]);
  });

  it("a mention of someone in a response comment notifies them once, and only someone who can read it", async () => {
    const { id } = await prisma().case.findUniqueOrThrow({
      where: { ref: "TJK-2017-IC-01" },
      select: { id: true },
    });
    const peer = connectPeer(server.url, cookies.expert, `case:${id}`);
    try {
      await waitFor(() => peer.provider.synced, "sync");
      const comment = new Y.Map<unknown>();
      const body = new Y.Text("Could @Rustam Nazarov and @Aigerim Bekova confirm the dates?");
      peer.doc.transact(() => {
        comment.set("id", "mention-test");
        comment.set("authorId", users.expert.id);
        comment.set("authorName", users.expert.name);
        comment.set("createdAt", new Date().toISOString());
        comment.set("resolved", false);
        comment.set("parentId", null);
        comment.set("body", body);
        peer.doc.getArray("comments").push([comment]);
      });
      const mentions = (userId: string) =>
        prisma().notification.findMany({ where: { userId, kind: "mention" } });
      const start = Date.now();
      while ((await mentions(users.tjk.id)).length === 0 && Date.now() - start < 5000) await settle();
      // Typing on in the same comment does not notify again.
      body.insert(body.length, " Thanks!");
      await new Promise((r) => setTimeout(r, 1000));
      expect((await mentions(users.tjk.id)).map((n) => n.text)).toEqual([
        "Elena Petrova mentioned you in a comment on TJK-2017-IC-01",
      ]);
      // The Kazakh focal point cannot read a Tajik case's comments: no notification.
      expect(await mentions(users.kaz.id)).toEqual([]);
    } finally {
      peer.close();
    }
  });

  it("disconnects a disabled account at once", async () => {
    const focal = await listen("kaz");
    let reason = "";
    focal.socket.on("disconnect", (r) => (reason = r));
    await setAccountDisabled(users.admin, users.kaz.id, true);
    await waitFor(() => !focal.socket.connected, "the disabled account to be disconnected", 2000);
    expect(reason).toBe("io server disconnect");
    await expect(setAccountDisabled(users.expert, users.kaz.id, false)).rejects.toMatchObject({
      status: 403,
    });
    await setAccountDisabled(users.admin, users.kaz.id, false);
    // The old session is gone for good: connecting again is refused.
    const again = connectSocket(server.url, cookies.kaz);
    const error = await new Promise<Error>((resolve) => again.once("connect_error", resolve));
    expect(error.message).toBe("unauthorized");
    again.close();
  });
});
