// The permission matrix (issue 9), live side: every account kind x the socket channels (doc:subscribe,
// live events, catch-up), notifications (pushed, stored, listed) and the e-mail digest x each
// case/task situation, exactly as the one table in tests/helpers/matrix-table.ts says. Everyone
// listens while each situation is built and probed (matrix-table.ts, "What happens on S"); the
// cells are then checked against what each of them received.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";

import { type SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { latestEventId } from "~/domain/case-feed.server.ts";
import { applyCaseEvent, getCase } from "~/domain/cases.server.ts";
import { addTaskComment } from "~/domain/tasks.server.ts";
import { commitSessionCookie } from "~/http/session.server.ts";
import { runEmailDigest } from "~/jobs/email-digest.server.ts";
import { runReminders } from "~/jobs/reminders.server.ts";
import type { CaseUpdated, LiveSinceReply } from "~/realtime/live-protocol.ts";
import * as notificationsRoute from "~/routes/api.me.notifications.ts";
import { call } from "~tests/helpers/http.ts";
import {
  ACCOUNTS,
  type Cells,
  type Column,
  type Kind,
  KINDS,
  LIVE_COLUMNS,
  MATRIX,
  SITUATION_NAMES,
  type SituationName,
  SITUATIONS,
} from "~tests/helpers/matrix-table.ts";
import {
  type Actor,
  ACTORS,
  addPartnerOfficers,
  buildSituation,
  type Built,
  signInAll,
} from "~tests/helpers/matrix-world.ts";
import { connectPeer, connectSocket, startRealtimeServer, waitFor } from "~tests/helpers/realtime.ts";
import { startSmtpCapture } from "~tests/helpers/smtp.ts";

interface Pushed {
  id: string;
  kind: string;
  text: string;
  caseId: string | null;
  taskId: string | null;
}
interface Listener {
  socket: Socket;
  events: CaseUpdated[];
  pushed: Pushed[];
}

let server: Awaited<ReturnType<typeof startRealtimeServer>>;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>> | undefined;
let users: Record<Actor, SessionUser>;
const cookies = {} as Record<Actor, string>;
const listeners = {} as Record<Actor, Listener>;
let anonymousRefusal = "";
const built = {} as Record<SituationName, Built>;
/** The last event id before each situation was built: where catch-up starts from. */
const before = {} as Record<SituationName, number>;
const docAnswers = {} as Record<SituationName, Record<Kind, string>>;
const catchUps = {} as Record<SituationName, Record<Kind, LiveSinceReply | "refused">>;
const listed = {} as Record<Kind, { status: number; body: any }>;

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** Step (2): the CTED expert writes a comment in S's response document naming everyone. */
async function mentionEveryone(s: Built) {
  const peer = connectPeer(server.url, cookies.ctedExpert, `case:${s.caseId}`);
  try {
    await waitFor(() => peer.provider.synced, "the expert's document to sync");
    const comment = new Y.Map<unknown>();
    const names = ACTORS.filter((k) => k !== "ctedExpert").map((k) => `@${users[k].name}`);
    peer.doc.transact(() => {
      comment.set("id", `matrix-mention-${s.name}`);
      comment.set("authorId", users.ctedExpert.id);
      comment.set("authorName", users.ctedExpert.name);
      comment.set("createdAt", new Date().toISOString());
      comment.set("resolved", false);
      comment.set("parentId", null);
      comment.set("body", new Y.Text(`Could ${names.join(", ")} look at this?`));
      peer.doc.getArray("comments").push([comment]);
    });
    // Whoever is told is told at once (one notify): the administrator is one of them.
    const start = Date.now();
    while (
      !(await prisma().notification.findFirst({
        where: { userId: users.ctedAdmin.id, caseId: s.caseId, kind: "mention" },
      }))
    ) {
      if (Date.now() - start > 5000) throw new Error(`no mention on ${s.name}`);
      await settle(50);
    }
  } finally {
    peer.close();
  }
}

beforeAll(async () => {
  smtp = await startSmtpCapture();
  const smtpUrl = smtp.url;
  await addPartnerOfficers();
  const signedIn = await signInAll();
  users = signedIn.users;
  for (const kind of ACTORS)
    cookies[kind] = (await commitSessionCookie(signedIn.tokens[kind])).split(";")[0]!;
  server = await startRealtimeServer();
  for (const kind of ACTORS) {
    const socket = connectSocket(server.url, cookies[kind]);
    const listener: Listener = { socket, events: [], pushed: [] };
    socket.on("case:updated", (e: CaseUpdated) => listener.events.push(e));
    socket.on("notification:new", (n: Pushed) => listener.pushed.push(n));
    listeners[kind] = listener;
    await waitFor(() => socket.connected, `${kind} to connect`);
  }
  const anonymous = connectSocket(server.url);
  anonymousRefusal = await new Promise<string>((resolve) => {
    anonymous.once("connect", () => resolve("connected"));
    anonymous.once("connect_error", (e) => resolve(e.message));
  });
  anonymous.close();

  for (const name of SITUATION_NAMES) {
    const plan = SITUATIONS[name];
    before[name] = await latestEventId();
    // (0) The reminder job runs once the tasks exist, before their paths are walked.
    const s = (built[name] = await buildSituation(name, users, { afterTasks: () => runReminders() }));
    // (1) Who may open the response document.
    docAnswers[name] = { anonymous: "refused" } as Record<Kind, string>;
    for (const kind of ACTORS) {
      const reply = (await listeners[kind].socket
        .timeout(5000)
        .emitWithAck("doc:subscribe", { docId: `case:${s.caseId}` })) as {
        ok: boolean;
        access?: string;
        error?: string;
      };
      docAnswers[name][kind] = reply.ok ? reply.access! : reply.error!;
      listeners[kind].socket.emit("doc:unsubscribe", { docId: `case:${s.caseId}` });
    }
    // (2) A mention of everyone in the response's comments.
    if (plan.mention) await mentionEveryone(s);
    // (3) The focal point talks on each task: INTERPOL's accepted one, then the two proposals.
    for (const task of [s.tasks.tI, s.tasks.tIP, s.tasks.tOP])
      await addTaskComment(users.focalOfState, task, `Matrix probe on ${name}`);
    // (4) The case moves on.
    const { type, by, reason } = plan.transition;
    const { version } = await getCase(users[by], s.caseId);
    await applyCaseEvent(users[by], s.caseId, { type, version, reason } as never);
  }
  const last = await latestEventId();
  await waitFor(() => listeners.ctedAdmin.events.at(-1)?.id === last, "CTED to hear of every event");
  await settle();

  for (const name of SITUATION_NAMES) {
    catchUps[name] = { anonymous: "refused" } as Record<Kind, LiveSinceReply | "refused">;
    for (const kind of ACTORS)
      catchUps[name][kind] = (await listeners[kind].socket
        .timeout(5000)
        .emitWithAck("live:since", { after: before[name] })) as LiveSinceReply;
  }
  for (const kind of KINDS) {
    const res = await call(notificationsRoute, "/api/me/notifications", {
      cookie: kind === "anonymous" ? undefined : cookies[kind],
    });
    listed[kind] = { status: res.status, body: await res.json() };
  }
  await runEmailDigest({
    smtpUrl,
    from: "Follow-up <no-reply@followup.example>",
    appUrl: "https://followup.example.org",
  });
});

afterAll(async () => {
  for (const l of Object.values(listeners)) l.socket.close();
  await server?.close();
  await smtp?.close();
});

// ---- The live columns ------------------------------------------------------------------------------

interface Ctx {
  name: SituationName;
  kind: Kind;
  s: Built;
  expected: Cells;
}

const historyOf = (s: Built) =>
  prisma().caseEvent.findMany({
    where: { caseId: s.caseId },
    orderBy: { id: "asc" },
    select: { id: true, type: true, taskId: true },
  });
const idsAndTypes = (events: { id: number | bigint; event?: { type: string }; type?: string }[]) =>
  events.map((e) => `${e.id}:${e.event?.type ?? e.type}`);
/** Names S: by its id, or by its reference in the text (a summary of several reminders has no caseId). */
const namesS = (s: Built, caseId: string | null, text: string) =>
  caseId === s.caseId || new RegExp(`${s.ref}(?!\\d)`).test(text);
const kindsOf = (items: { kind: string; caseId: string | null; text: string }[], s: Built) =>
  items
    .filter((n) => namesS(s, n.caseId, n.text))
    .map((n) => n.kind)
    .sort();

const CHECKS: Partial<Record<Column, (ctx: Ctx) => Promise<void>>> = {
  async doc({ name, kind, expected }) {
    if (kind === "anonymous")
      return expect(anonymousRefusal).toBe(expected.doc === "refused" ? "unauthorized" : "connected");
    expect(docAnswers[name][kind]).toBe(expected.doc);
  },
  async catchUp({ name, kind, s, expected }) {
    const reply = catchUps[name][kind];
    if (kind === "anonymous") return expect(reply).toBe(expected.catchUp);
    if (reply === "refused" || !reply.ok || !("events" in reply))
      throw new Error(`catch-up answered ${JSON.stringify(reply)}`);
    const history = await historyOf(s);
    const visible =
      expected.catchUp === "all"
        ? history
        : expected.catchUp === "own"
          ? history.filter((e) => e.taskId === null || e.taskId === s.tasks.tI)
          : [];
    expect(idsAndTypes(reply.events.filter((e) => e.caseId === s.caseId))).toEqual(idsAndTypes(visible));
  },
  async notified({ kind, s, expected }) {
    if (kind === "anonymous") return expect(expected.notified).toEqual([]);
    // Pushed live, and stored: the same notifications.
    expect(kindsOf(listeners[kind].pushed, s), "pushed").toEqual(expected.notified);
    const stored = await prisma().notification.findMany({
      where: { userId: users[kind].id },
      select: { kind: true, caseId: true, text: true },
    });
    expect(kindsOf(stored, s), "stored").toEqual(expected.notified);
  },
  async listed({ kind, s, expected }) {
    const { status, body } = listed[kind];
    if (expected.listed === 401) return void expect(status).toBe(401);
    expect(status).toBe(200);
    expect(kindsOf(body.items, s)).toEqual(expected.listed);
    // The unread count counts exactly what the list shows (nothing is read yet, and it all fits).
    expect(body.items.length).toBeLessThan(50);
    expect(body.unread).toBe(body.items.length);
  },
  async digest({ kind, s, expected }) {
    if (kind === "anonymous") return expect(expected.digest).toBe("-");
    const mail = smtp!.mails.filter((m) => m.to === ACCOUNTS[kind]);
    expect(mail.length, "at most one digest each").toBeLessThanOrEqual(1);
    const about = new RegExp(`${s.ref}(?!\\d)`);
    const lines = (mail[0]?.text ?? "")
      .split(/\r?\n/)
      .filter((line) => line.startsWith("- ") && about.test(line));
    expect(lines.length).toBe(expected.digest);
  },
  async live({ kind, s, expected }) {
    if (kind === "anonymous")
      return expect(anonymousRefusal).toBe(expected.live === "refused" ? "unauthorized" : "connected");
    const received = listeners[kind].events.filter((e) => e.caseId === s.caseId);
    if (expected.live === "all")
      return void expect(idsAndTypes(received)).toEqual(idsAndTypes(await historyOf(s)));
    if (expected.live === "none") return void expect(received).toEqual([]);
    expect(received.map((e) => e.event.type)).toEqual(expected.live);
  },
};

describe.each(SITUATION_NAMES)("situation %s", (name) => {
  describe.each(LIVE_COLUMNS)("%s", (column) => {
    for (const kind of KINDS) {
      it(kind, async () => {
        await CHECKS[column]!({ name, kind, s: built[name], expected: MATRIX[name][kind] });
      });
    }
  });
});
