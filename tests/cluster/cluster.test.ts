// Two app processes on one PostgreSQL (`npm run test:cluster`, which starts the server): live
// events, co-editing and session ends cross processes; a background job runs once in the
// cluster; and a process killed with SIGKILL mid-edit, even while the database is slow, loses
// nothing that was reported saved.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";

import { fragmentText } from "~/domain/documents.server.ts";
import { LiveClient } from "~/realtime/live-client.ts";
import type { CaseUpdated } from "~/realtime/live-protocol.ts";
import { startBalancer } from "~tests/helpers/balancer.ts";
import {
  connectPeer,
  connectSocket,
  type Peer,
  responseText,
  synced,
  typist,
  waitFor,
} from "~tests/helpers/realtime.ts";
import { logEntries, type RunningApp, signInOver, startApp } from "~tests/helpers/server.ts";
import { emptyDatabase } from "~tests/pg/throwaway-postgres.ts";

const jobRuns = (output: string, job: string) =>
  logEntries(output).filter((entry) => entry.msg === "job done" && entry.job === job);

const adminUrl = process.env.TEST_PG_ADMIN_URL;
if (!adminUrl) throw new Error("run through `npm run test:cluster`, which starts PostgreSQL");

const dbName = `followup_cluster_${process.pid}`;
let databaseUrl: string;
let p1: RunningApp;
let p2: RunningApp;
let db: pg.Client;
const closers: (() => unknown)[] = [];
/** The logs of processes stopped along the way, for the check on what logs hold. */
const retiredOutputs: string[] = [];

async function caseId(url: string, cookie: string, ref: string): Promise<string> {
  const { items } = await (await fetch(`${url}/api/cases?q=${ref}`, { headers: { cookie } })).json();
  return items[0].id;
}

async function transition(url: string, cookie: string, id: string, type: string) {
  const c = await (await fetch(`${url}/api/cases/${id}`, { headers: { cookie } })).json();
  const res = await fetch(`${url}/api/cases/${id}/events`, {
    method: "POST",
    headers: { cookie, "Content-Type": "application/json" },
    body: JSON.stringify({ type, version: c.version, reason: "Cluster test" }),
  });
  expect(res.status).toBe(200);
}

function follow(url: string, cookie: string) {
  const socket = connectSocket(url, cookie);
  const events: CaseUpdated[] = [];
  const client = new LiveClient(socket, Number.MAX_SAFE_INTEGER, {
    onEvent: (e) => events.push(e),
    onReload: () => {},
  });
  closers.push(() => (client.destroy(), socket.close()));
  return { socket, events, connected: () => waitFor(() => socket.connected, "connection") };
}

function peer(url: string, cookie: string, docId: string): Peer {
  const p = connectPeer(url, cookie, docId);
  closers.push(() => p.close());
  return p;
}

/**
 * The document as stored in PostgreSQL (compacted state plus log): its text, and whether it
 * applies whole (no update waiting for dependencies that were never stored).
 */
async function stored(docId: string): Promise<{ text: string; whole: boolean }> {
  const parts = [
    ...(await db.query(`SELECT state AS u FROM "CaseDocument" WHERE name = $1`, [docId])).rows,
    ...(
      await db.query(`SELECT update AS u FROM "CaseDocumentUpdate" WHERE "docName" = $1 ORDER BY id`, [docId])
    ).rows,
  ].map((r) => new Uint8Array(r.u));
  const doc = new Y.Doc();
  if (parts.length) Y.applyUpdate(doc, Y.mergeUpdates(parts));
  return {
    text: fragmentText(doc.getXmlFragment("response")),
    whole: doc.store.pendingStructs === null && doc.store.pendingDs === null,
  };
}
const storedText = async (docId: string) => (await stored(docId)).text;

const textOf = (p: Peer) => fragmentText(p.doc.getXmlFragment("response"));

/** Two editors of a case's response: a reaches `front` through a balancer (which falls back to `back`), b is on `back`. */
async function editorsAcross(front: RunningApp, back: RunningApp, ref: string) {
  const balancer = await startBalancer([front.url, back.url]);
  closers.push(() => balancer.close());
  const expert = await signInOver(front.url, "expert@cted.example");
  const docId = `case:${await caseId(front.url, expert, ref)}`;
  const a = peer(balancer.url, expert, docId);
  const b = peer(back.url, await signInOver(back.url, "focal@tjk.example"), docId);
  await Promise.all([a, b].map(synced));
  responseText(a.doc);
  await waitFor(() => b.doc.getXmlFragment("response").length === 1, "b to get the paragraph");
  return { a, b, docId };
}

/**
 * The review's scenario (issue 9): four clients typing on one case through a balancer that
 * spreads them over a new process and process 2; the update log is locked (as a slow database
 * would hold it) for a second, inside which the new process is killed with SIGKILL; the lock
 * goes 200 ms later. Returns the figures; the test asserts on them.
 */
async function crashWhileTheDatabaseIsSlow(ref: string) {
  const victim = await startApp({ DATABASE_URL: databaseUrl });
  closers.push(() => victim.stop());
  const balancer = await startBalancer([victim.url, p2.url], { spread: true });
  closers.push(() => balancer.close());
  const emails = ["expert@cted.example", "verifier@cted.example", "admin@cted.example", "focal@tjk.example"];
  const cookies = await Promise.all(emails.map((email) => signInOver(p2.url, email)));
  const docId = `case:${await caseId(p2.url, cookies[0]!, ref)}`;
  const peers: Peer[] = [];
  let missingDependencies = 0;
  // One after another, so that the balancer puts two on each process.
  for (const cookie of cookies) {
    const p = peer(balancer.url, cookie, docId);
    p.socket.on(
      "doc:error",
      (e: { error: string }) => void (e.error === "missing_dependencies" && missingDependencies++),
    );
    peers.push(p);
    await synced(p);
    expect(p.provider.access).toBe("write");
  }
  responseText(peers[0]!.doc);
  await waitFor(
    () => peers.every((p) => p.doc.getXmlFragment("response").length === 1),
    "the paragraph everywhere",
  );
  const typists = peers.map((p, i) => typist(p, "pqrs"[i]!));
  let typing = true;
  // Each at the end of the text: every marker builds on the last one typed, wherever that was.
  const typed = (async () => {
    while (typing) {
      for (const t of typists) t.type();
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  await new Promise((r) => setTimeout(r, 1500));

  const locker = new pg.Client({ connectionString: databaseUrl });
  await locker.connect();
  await locker.query("BEGIN");
  await locker.query(`LOCK TABLE "CaseDocumentUpdate" IN SHARE MODE`);
  await new Promise((r) => setTimeout(r, 800));
  victim.process.kill("SIGKILL");
  const killedAt = Date.now();
  const ackedBeforeCrash = typists.reduce((n, t) => n + t.saved.length, 0);
  await new Promise((r) => setTimeout(r, 200));
  await locker.query("COMMIT");
  await locker.end();
  // Typing goes on for a while after the crash, then everyone waits to be saved and in step.
  await new Promise((r) => setTimeout(r, 1000));
  typing = false;
  await typed;

  const settled = () =>
    peers.every(
      (p) => p.socket.connected && p.provider.status === "saved" && textOf(p) === textOf(peers[0]!),
    );
  // From the crash to everyone saved and in step (typing stopped 1.2 s after the crash).
  const convergedMs = await waitFor(settled, "convergence", 20_000).then(
    () => Date.now() - killedAt,
    () => null,
  );
  const acknowledged = typists.flatMap((t) => t.saved);
  const log = await stored(docId);
  const lostInClients = acknowledged.filter((m) => peers.some((p) => !textOf(p).includes(m)));
  for (const p of peers) p.close();
  return {
    ref,
    ackedBeforeCrash,
    acknowledged: acknowledged.length,
    lostInDatabase: acknowledged.filter((m) => !log.text.includes(m)).length,
    lostInClients: lostInClients.length,
    wholeLog: log.whole,
    missingDependencies,
    convergedMs,
  };
}

beforeAll(async () => {
  databaseUrl = await emptyDatabase(adminUrl, dbName);
  // Both at once on the empty database: one migrates and seeds, the other waits for it.
  [p1, p2] = await Promise.all([
    startApp({ DATABASE_URL: databaseUrl }),
    startApp({ DATABASE_URL: databaseUrl }),
  ]);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
});

afterAll(async () => {
  for (const close of closers) close();
  await Promise.all([p1?.stop(), p2?.stop()]);
  await db?.end();
});

describe("two app processes on one PostgreSQL", () => {
  it("both are healthy and ready, on a database seeded once", async () => {
    for (const app of [p1, p2]) {
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${app.url}/readyz`)).json()).toEqual({ ok: true });
    }
    const seeded = [p1, p2].filter((app) => app.output().includes('"demoDataSeeded":true'));
    expect(seeded).toHaveLength(1);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM "Case" WHERE ref = 'TJK-2017-BC-01'`)).rows[0].n,
    ).toBe(1);
  });

  it("a status change made through process 1 reaches subscribers on process 2, and only those who may see it", async () => {
    const focal = await signInOver(p1.url, "focal@tjk.example");
    const onP2 = follow(p2.url, focal);
    const kazOnP2 = follow(p2.url, await signInOver(p2.url, "focal@kaz.example"));
    const expertOnP1 = follow(p1.url, await signInOver(p1.url, "expert@cted.example"));
    await Promise.all([onP2, kazOnP2, expertOnP1].map((f) => f.connected()));
    const id = await caseId(p1.url, focal, "TJK-2017-LJ-01");
    await transition(p1.url, focal, id, "AGREE");
    await waitFor(
      () => onP2.events.length === 1 && expertOnP1.events.length === 1,
      "the event on both processes",
    );
    expect(onP2.events[0]).toMatchObject({
      caseId: id,
      state: "agreed",
      event: { type: "AGREE", actor: { name: "Rustam Nazarov" } },
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(kazOnP2.events).toHaveLength(0);
    expect(onP2.events).toHaveLength(1);
  });

  it("two peers co-editing through different processes converge, with the database", async () => {
    const expert = await signInOver(p1.url, "expert@cted.example");
    const docId = `case:${await caseId(p1.url, expert, "TJK-2017-BC-01")}`;
    const a = peer(p1.url, expert, docId);
    const b = peer(p2.url, await signInOver(p2.url, "focal@tjk.example"), docId);
    await Promise.all([a, b].map(synced));
    responseText(a.doc).insert(0, "Cluster.");
    await waitFor(() => textOf(b).includes("Cluster."), "the first edit to cross");
    for (let i = 0; i < 40; i++) {
      for (const [n, p] of [a, b].entries()) {
        const text = responseText(p.doc);
        // At either end, so that no marker lands inside another.
        text.insert(Math.random() < 0.5 ? 0 : text.length, `${"ab"[n]}${i};`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => a.provider.status === "saved" && b.provider.status === "saved", "both saved");
    await waitFor(() => textOf(a) === textOf(b), "convergence");
    expect(textOf(a).match(/[ab]\d+;/g)).toHaveLength(80);
    expect(await storedText(docId)).toBe(textOf(a));
  });

  it("what process 2 missed while its cluster connection was down reaches its clients once it is back", async () => {
    const expert = await signInOver(p1.url, "expert@cted.example");
    const focal = await signInOver(p2.url, "focal@tjk.example");
    const docId = `case:${await caseId(p1.url, expert, "TJK-2017-CF-01")}`;
    const a = peer(p1.url, expert, docId);
    const b = peer(p2.url, focal, docId);
    const live = follow(p2.url, focal);
    await Promise.all([synced(a), synced(b), live.connected()]);
    // Cut process 2's LISTEN connection: what is published meanwhile never reaches it.
    const cut = await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'`,
      [`followup-cluster-${p2.process.pid}`],
    );
    expect(cut.rowCount).toBe(1);
    responseText(a.doc).insert(0, "Sent while process 2 was deaf.");
    await waitFor(() => a.provider.status === "saved", "a's edit to be saved");
    const id = await caseId(p1.url, expert, "TJK-2017-HR-01");
    await transition(p1.url, await signInOver(p1.url, "focal@tjk.example"), id, "AGREE");
    await waitFor(
      () => textOf(b).includes("Sent while process 2 was deaf."),
      "process 2 to re-sync the document",
      15_000,
    );
    await waitFor(() => live.events.some((e) => e.caseId === id), "the missed event on process 2", 15_000);
    expect(logEntries(p2.output()).some((entry) => entry.msg === "cluster channel error")).toBe(true);
  });

  it("signing out through process 1 closes the session's connection on process 2", async () => {
    const cookie = await signInOver(p1.url, "observer@ctc.example");
    const onP2 = follow(p2.url, cookie);
    await onP2.connected();
    expect((await fetch(`${p1.url}/api/session`, { method: "DELETE", headers: { cookie } })).status).toBe(
      204,
    );
    await waitFor(() => !onP2.socket.connected, "the connection on process 2 to close", 3000);
  });

  it("an administrator disabling an account through process 1 closes its connection on process 2; re-enabled, it signs in again", async () => {
    const admin = await signInOver(p1.url, "admin@cted.example");
    const cookie = await signInOver(p2.url, "officer@interpol.example");
    const onP2 = follow(p2.url, cookie);
    await onP2.connected();
    const { items } = await (await fetch(`${p1.url}/api/admin/users`, { headers: { cookie: admin } })).json();
    const officer = (items as { id: string; email: string }[]).find(
      (u) => u.email === "officer@interpol.example",
    )!;
    const setDisabled = (disabled: boolean) =>
      fetch(`${p1.url}/api/users/${officer.id}/disabled`, {
        method: "PUT",
        headers: { cookie: admin, "Content-Type": "application/json", Origin: p1.url },
        body: JSON.stringify({ disabled }),
      });
    expect((await setDisabled(true)).status).toBe(200);
    await waitFor(
      () => !onP2.socket.connected,
      "the disabled account's connection on process 2 to close",
      3000,
    );
    expect((await fetch(`${p2.url}/api/me/work`, { headers: { cookie } })).status).toBe(401);
    expect((await setDisabled(false)).status).toBe(200);
    expect(await signInOver(p2.url, "officer@interpol.example")).toContain("followup_session=");
  });

  it("runs the scheduled maintenance once in the cluster, not once per process", async () => {
    const runs = [p1, p2].map((app) => jobRuns(app.output(), "maintenance").length);
    expect(runs.reduce((a, b) => a + b)).toBe(1);
  });

  it("reminders are sent once: a process restarted and running the job again sends none twice", async () => {
    const count = async () =>
      (await db.query(`SELECT count(*)::int AS n FROM "Notification" WHERE kind IN ('due_soon', 'overdue')`))
        .rows[0].n as number;
    const sent = await count();
    expect(sent).toBeGreaterThan(0);
    // Make the job due again, then restart process 2: it runs the job at start.
    await db.query(
      `UPDATE "ScheduledJob" SET "lastRunAt" = now() - interval '1 day' WHERE name = 'reminders'`,
    );
    await p2.stop();
    retiredOutputs.push(p2.output());
    p2 = await startApp({ DATABASE_URL: databaseUrl });
    await waitFor(
      () => jobRuns(p2.output(), "reminders").some((run) => run.reminders === 0),
      "the restarted process to run the reminders",
      30_000,
    );
    expect(await count()).toBe(sent);
  });

  it("a process stopped with SIGTERM mid-edit stores what it holds, sends its clients elsewhere and exits 0", async () => {
    const p3 = await startApp({ DATABASE_URL: databaseUrl });
    closers.push(() => p3.stop());
    const { a, b, docId } = await editorsAcross(p3, p2, "TJK-2017-VE-01");
    const ta = typist(a, "t");
    for (let i = 0; i < 30; i++) ta.type();
    const exited = new Promise<number | null>((resolve) => p3.process.once("exit", resolve));
    p3.process.kill("SIGTERM");
    for (let i = 0; i < 30; i++) {
      ta.type();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await exited).toBe(0);
    await waitFor(
      () => a.socket.connected && a.provider.status === "saved",
      "a to move to process 2 and save",
      20_000,
    );
    await waitFor(() => textOf(a) === textOf(b), "convergence", 20_000);
    expect(ta.saved).toHaveLength(60);
    const stored = await storedText(docId);
    for (const marker of ta.saved) expect(stored).toContain(marker);
    expect(logEntries(p3.output())).toContainEqual(
      expect.objectContaining({ msg: "shutting down", signal: "SIGTERM" }),
    );
  });

  it("process 1 killed with SIGKILL mid-edit: its clients reconnect to process 2 and nothing reported saved is lost", async () => {
    const { a, b, docId } = await editorsAcross(p1, p2, "TJK-2017-IC-01");
    const [ta, tb] = [typist(a, "a"), typist(b, "b")];
    while (ta.saved.length < 60 || tb.saved.length < 60) {
      ta.type();
      tb.type();
      await new Promise((r) => setTimeout(r, 3));
    }
    p1.process.kill("SIGKILL");
    const saved = [...ta.saved, ...tb.saved];
    // Typing goes on while a is cut off.
    for (let i = 0; i < 10; i++) {
      ta.type();
      tb.type();
    }
    await waitFor(() => !a.socket.connected, "a to notice the crash");
    await waitFor(
      () => a.socket.connected && a.provider.status === "saved" && b.provider.status === "saved",
      "a to reconnect to process 2 and save",
      20_000,
    );
    await waitFor(() => textOf(a) === textOf(b), "convergence", 20_000);
    const stored = await storedText(docId);
    for (const marker of [...saved, ...ta.saved, ...tb.saved]) expect(stored).toContain(marker);
    expect(stored).toBe(textOf(b));
    expect(ta.saved.length).toBeGreaterThanOrEqual(70);
  });

  it(
    "a process killed while the database is slow: nothing acknowledged is lost, the stored log is whole, everyone converges",
    { timeout: 150_000 },
    async () => {
      const trials = [];
      for (const ref of ["TJK-2017-LE-01", "TJK-2017-BC-02", "TJK-2017-IF-02"])
        trials.push(await crashWhileTheDatabaseIsSlow(ref));
      console.log("kill -9 while the database is slow:", JSON.stringify(trials));
      for (const t of trials) {
        expect(t.acknowledged).toBeGreaterThan(100);
        expect(t.lostInDatabase).toBe(0);
        expect(t.lostInClients).toBe(0);
        expect(t.convergedMs).not.toBeNull();
        expect(t.wholeLog).toBe(true);
        // A client may meet the error once or twice on its way back; never in a loop.
        expect(t.missingDependencies).toBeLessThanOrEqual(10);
      }
    },
  );

  it("logs are JSON lines with no password, session token or document text", async () => {
    for (const output of [p1.output(), p2.output(), ...retiredOutputs]) {
      const lines = output.split("\n").filter((line) => line.startsWith("{"));
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      const all = lines.join("\n");
      for (const secret of [
        "followup-demo",
        "followup_session=",
        "Sent while process 2 was deaf",
        "Cluster.",
        "<a1>",
      ])
        expect(all).not.toContain(secret);
    }
  });
});
