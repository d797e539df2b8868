// Co-editing through the real Socket.IO server with real Yjs peers (docs/realtime.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";

import { prisma } from "~/db/client.server.ts";
import { endSession, userForSession } from "~/domain/auth.server.ts";
import { applyCaseEvent } from "~/domain/cases.server.ts";
import { appendUpdates, caseDocName, fragmentText, loadDocument } from "~/domain/documents.server.ts";
import { addLinkOrReference } from "~/domain/evidence.server.ts";
import { sessionToken } from "~/http/session.server.ts";
import { DEMO_ACCOUNTS } from "~tests/helpers/http.ts";
import {
  connectPeer,
  connectSocket,
  cookieFor,
  type Peer,
  responseText,
  saved,
  startRealtimeServer,
  synced,
  waitFor,
} from "~tests/helpers/realtime.ts";

let server: Awaited<ReturnType<typeof startRealtimeServer>>;
const cookies: Record<string, string> = {};
const peers: Peer[] = [];
const peer = (who: string, docId: string) => {
  const p = connectPeer(server.url, cookies[who]!, docId);
  peers.push(p);
  return p;
};
const docOf = async (ref: string) =>
  caseDocName((await prisma().case.findUniqueOrThrow({ where: { ref } })).id);
const storedText = async (docName: string) => {
  const stored = await loadDocument(docName);
  const doc = new Y.Doc();
  if (stored) Y.applyUpdate(doc, stored.update);
  return fragmentText(doc.getXmlFragment("response"));
};

beforeAll(async () => {
  server = await startRealtimeServer({ unloadAfterMs: 50, maxDocumentBytes: 64 * 1024 });
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS)) {
    cookies[who] = await cookieFor(email);
  }
});
afterAll(async () => {
  for (const p of peers) p.close();
  await server.close();
});

describe("co-editing a case's response", () => {
  it("several peers typing at once converge, and everything acknowledged is stored", async () => {
    const docId = await docOf("TJK-2017-BC-01");
    const [a, b, c] = [peer("expert", docId), peer("tjk", docId), peer("verifier", docId)];
    await Promise.all([a, b, c].map(synced));
    responseText(a.doc).insert(0, "Start.");
    await waitFor(
      () => [b, c].every((p) => p.doc.getXmlFragment("response").length > 0),
      "the paragraph to arrive",
    );
    // 3 peers x 30 inserts at random places, interleaved.
    for (let i = 0; i < 30; i++) {
      for (const [n, p] of [a, b, c].entries()) {
        const text = responseText(p.doc);
        text.insert(Math.floor(Math.random() * (text.length + 1)), `${"abc"[n]}${i};`);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const final = () => responseText(a.doc).toString();
    await waitFor(() => [b, c].every((p) => responseText(p.doc).toString() === final()), "convergence");
    await Promise.all([a, b, c].map(saved));
    expect(final().length).toBe("Start.".length + 3 * 30 * 3 + 3 * 20);
    expect(await storedText(docId)).toBe(fragmentText(a.doc.getXmlFragment("response")));
  });

  it("keeps the content through a server restart, and peers reconnect and converge by themselves", async () => {
    const docId = await docOf("TJK-2017-CF-01");
    const a = peer("expert", docId);
    await synced(a);
    responseText(a.doc).insert(0, "Before the restart.");
    await saved(a);
    const port = Number(new URL(server.url).port);
    await server.close();
    await waitFor(() => a.provider.status === "offline", "the client to notice");
    // Typed while the server is away: kept in memory, merged on reconnect.
    responseText(a.doc).insert(responseText(a.doc).length, " Typed offline.");
    expect(a.provider.status).toBe("offline");
    server = await startRealtimeServer({ unloadAfterMs: 50, maxDocumentBytes: 64 * 1024 }, port);
    await saved(a);
    const b = peer("tjk", docId);
    await synced(b);
    await waitFor(
      () => responseText(b.doc).toString() === "Before the restart. Typed offline.",
      "b to see both edits",
    );
    expect(await storedText(docId)).toBe("Before the restart. Typed offline.");
  });

  it("compacts the stored log into the state when a document is unloaded", async () => {
    const docId = await docOf("KAZ-2018-BC-01");
    const a = peer("expert", docId);
    await synced(a);
    for (let i = 0; i < 5; i++) responseText(a.doc).insert(0, `${i}`);
    await saved(a);
    expect(await prisma().caseDocumentUpdate.count({ where: { docName: docId } })).toBeGreaterThan(0);
    a.close();
    await waitFor(() => !server.realtime.collab.isLoaded(docId), "unload");
    // Compaction follows the unload.
    await expect.poll(() => prisma().caseDocumentUpdate.count({ where: { docName: docId } })).toBe(0);
    expect(await storedText(docId)).toBe("43210");
  });
});

/**
 * The server's log lines (JSON) written from now on, also passed through to the output. Logged at
 * info while tapped, whatever LOG_LEVEL the run set (vitest.config.ts quiets the in-process app).
 */
function tapLog() {
  // app/lib/log.server.ts keeps the process's one pino logger on globalThis under this key.
  const logger = (globalThis as { [key: symbol]: { logger?: { level: string } } | undefined })[
    Symbol.for("follow-up.log")
  ]?.logger;
  if (!logger) throw new Error("the app's logger is not where app/lib/log.server.ts keeps it");
  const level = logger.level;
  logger.level = "info";
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    lines.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  return {
    lines,
    stop: () => {
      process.stdout.write = write;
      logger.level = level;
    },
  };
}

describe("updates whose dependencies are missing", () => {
  it("a client holding updates that build on something nobody has still syncs the rest, once, and saves", async () => {
    const docId = await docOf("TJK-2017-HR-01");
    // Two edits made elsewhere; the client received only the second, which waits for the first.
    const elsewhere = new Y.Doc();
    responseText(elsewhere).insert(0, "Never arrived. ");
    const before = Y.encodeStateVector(elsewhere);
    responseText(elsewhere).insert(0, "Built on it. ");
    const a = peer("expert", docId);
    let missing = 0;
    a.socket.on(
      "doc:error",
      (e: { error: string }) => void (e.error === "missing_dependencies" && missing++),
    );
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(elsewhere, before), "elsewhere");
    expect(a.doc.store.pendingStructs).not.toBeNull();
    await synced(a);
    await saved(a);
    responseText(a.doc).insert(0, "Typed here.");
    await saved(a);
    await new Promise((r) => setTimeout(r, 200));
    expect(missing).toBe(0);
    expect(await storedText(docId)).toBe("Typed here.");
  });

  it("a client whose update the server cannot take re-syncs once, sends what was missing, and shows no error", async () => {
    const docId = await docOf("KAZ-2018-CF-01");
    const a = peer("expert", docId);
    await synced(a);
    let missing = 0;
    a.socket.on(
      "doc:error",
      (e: { error: string }) => void (e.error === "missing_dependencies" && missing++),
    );
    // Applied as if it came from the server, so the client does not send it: the server lacks it.
    responseText(a.doc);
    a.doc.transact(() => responseText(a.doc).insert(0, "Only the client has this. "), a.provider);
    responseText(a.doc).insert(responseText(a.doc).length, "Then typed.");
    await waitFor(() => missing === 1, "missing_dependencies");
    await saved(a);
    expect(await storedText(docId)).toBe("Only the client has this. Then typed.");
    expect(a.provider.lastError).toBeNull();
    expect(missing).toBe(1);
  });

  it("a stored log with a hole is reported, still served, and made whole by a client holding the missing part", async () => {
    const docId = await docOf("TJK-2017-LJ-02");
    // A client made two edits; the database holds only the second (as a crash could leave it).
    const holder = new Y.Doc();
    responseText(holder).insert(0, "First part. ");
    const before = Y.encodeStateVector(holder);
    responseText(holder).insert(responseText(holder).length, "Second part.");
    await appendUpdates([{ docName: docId, update: Y.encodeStateAsUpdate(holder, before) }]);
    const log = tapLog();
    try {
      const reader = peer("observer", docId);
      await synced(reader);
      const reported = () => log.lines.find((l) => l.includes("cannot be applied whole"));
      await waitFor(() => Boolean(reported()), "the error in the log");
      expect(JSON.parse(reported()!)).toMatchObject({ level: "error", docName: docId });
      expect(reported()).not.toMatch(/part/);
      // The holder comes back: its sync sends what the server lacks, and the hole is filled.
      const back = peer("tjk", docId);
      Y.applyUpdate(back.doc, Y.encodeStateAsUpdate(holder), "elsewhere");
      await saved(back);
      await waitFor(
        () => log.lines.some((l) => l.includes("stored document whole again")),
        "the repair in the log",
      );
      await waitFor(
        () => fragmentText(reader.doc.getXmlFragment("response")) === "First part. Second part.",
        "the reader to see it all",
      );
      const stored = new Y.Doc();
      Y.applyUpdate(stored, (await loadDocument(docId))!.update);
      expect(stored.store.pendingStructs).toBeNull();
      expect(fragmentText(stored.getXmlFragment("response"))).toBe("First part. Second part.");
    } finally {
      log.stop();
    }
  });
});

describe("who may open and change a document", () => {
  it("refuses a handshake without a valid session", async () => {
    const socket = connectSocket(server.url);
    const error = await new Promise<Error>((resolve) => socket.on("connect_error", resolve));
    expect(error.message).toBe("unauthorized");
    socket.close();
  });

  it("signing out closes that session's live connections at once", async () => {
    const cookie = await cookieFor("observer@ctc.example");
    const socket = connectSocket(server.url, cookie);
    await new Promise<void>((resolve) => socket.on("connect", () => resolve()));
    const reason = new Promise<string>((resolve) => socket.on("disconnect", resolve));
    await endSession((await sessionToken(new Request("http://x", { headers: { cookie } })))!);
    expect(await reason).toBe("io server disconnect");
    socket.close();
  });

  it("refuses a handshake from an origin that is not the app's", async () => {
    const socket = connectSocket(server.url, cookies.expert, { origin: "http://evil.example" });
    const error = await new Promise<Error>((resolve) => socket.on("connect_error", resolve));
    expect(error).toBeTruthy();
    expect(socket.connected).toBe(false);
    socket.close();
  });

  it("answers not_found for another State's case, for a partner, for an unknown document, and invalid for a bad id", async () => {
    const tjkDoc = await docOf("TJK-2017-LJ-01");
    const ask = async (who: string, docId: unknown) => {
      const socket = connectSocket(server.url, cookies[who]);
      const response = await socket.emitWithAck("doc:subscribe", { docId });
      socket.close();
      return response;
    };
    expect(await ask("kaz", tjkDoc)).toEqual({ ok: false, error: "not_found" });
    expect(await ask("partner", tjkDoc)).toEqual({ ok: false, error: "not_found" });
    expect(await ask("expert", "case:does-not-exist")).toEqual({ ok: false, error: "not_found" });
    expect(await ask("expert", "something-else")).toEqual({ ok: false, error: "not_found" });
    expect(await ask("expert", 42)).toEqual({ ok: false, error: "invalid" });
    expect(await ask("tjk", tjkDoc)).toEqual({ ok: true, access: "write" });
  });

  it("observers receive the document but their changes are refused and nothing is stored", async () => {
    const docId = await docOf("TJK-2017-LE-01");
    const writer = peer("expert", docId);
    await synced(writer);
    responseText(writer.doc).insert(0, "Visible to observers.");
    await saved(writer);
    const observer = peer("observer", docId);
    await synced(observer);
    expect(observer.provider.access).toBe("read");
    await waitFor(
      () => responseText(observer.doc).toString() === "Visible to observers.",
      "the observer to receive the text",
    );
    const before = await prisma().caseDocumentUpdate.count({ where: { docName: docId } });
    responseText(observer.doc).insert(0, "Observer was here. ");
    await waitFor(() => observer.provider.lastError?.error === "read_only", "doc:error read_only");
    await new Promise((r) => setTimeout(r, 100));
    expect(await prisma().caseDocumentUpdate.count({ where: { docName: docId } })).toBe(before);
    expect(responseText(writer.doc).toString()).toBe("Visible to observers.");
  });

  it("a verified case's response is read-only for everyone until it is reopened", async () => {
    const ref = "TJK-2017-GE-01";
    const docId = await docOf(ref);
    const expert = peer("expert", docId);
    await synced(expert);
    expect(expert.provider.access).toBe("read");
    responseText(expert.doc).insert(0, "Late change");
    await waitFor(() => expert.provider.lastError?.error === "read_only", "read_only");
    const c = await prisma().case.findUniqueOrThrow({ where: { ref } });
    const admin = (await userForSession(
      (await sessionToken(new Request("http://x", { headers: { cookie: cookies.expert! } })))!,
    ))!;
    await applyCaseEvent(admin, c.id, { type: "REOPEN", version: c.version, reason: "New evidence" });
    await waitFor(() => expert.provider.access === "write", "doc:access write after reopening");
  });
});

describe("identity comes from the server", () => {
  it("presence shows the signed-in user's name and colour, whatever the client claims", async () => {
    const docId = await docOf("TJK-2017-IC-01");
    const a = peer("tjk", docId);
    const b = peer("expert", docId);
    await Promise.all([a, b].map(synced));
    a.provider.awareness.setLocalStateField("user", { name: "Elena Petrova (not really)", color: "#000000" });
    a.provider.awareness.setLocalStateField("cursor", { anchor: 1 });
    // Both fields may arrive in one presence batch or two: wait for the second.
    await waitFor(
      () => b.provider.awareness.getStates().get(a.doc.clientID)?.cursor !== undefined,
      "b to see a's presence",
    );
    const seen = b.provider.awareness.getStates().get(a.doc.clientID)!;
    expect(seen.user).toMatchObject({
      name: "Rustam Nazarov",
      id: expect.any(String),
      color: expect.stringMatching(/^#/),
    });
    expect(seen.cursor).toEqual({ anchor: 1 });
    a.close();
    await waitFor(
      () => !b.provider.awareness.getStates().has(a.doc.clientID),
      "a's presence to go when a leaves",
    );
  });

  it("a comment carries its writer's name, even when the client claims another, and its author cannot be rewritten", async () => {
    const docId = await docOf("TJK-2017-IF-02");
    const a = peer("tjk", docId);
    const b = peer("expert", docId);
    await Promise.all([a, b].map(synced));
    const comment = new Y.Map<unknown>();
    a.doc.transact(() => {
      comment.set("id", "c1");
      comment.set("authorId", "someone-else");
      comment.set("authorName", "Elena Petrova");
      comment.set("createdAt", "2017-01-01T00:00:00.000Z");
      comment.set("resolved", false);
      comment.set("parentId", null);
      comment.set("body", new Y.Text("We will send the draft law."));
      a.doc.getArray("comments").push([comment]);
    });
    const seen = () => b.doc.getArray<Y.Map<unknown>>("comments").get(0);
    await waitFor(() => seen()?.get("authorName") === "Rustam Nazarov", "the server's correction");
    expect((seen()!.get("body") as Y.Text).toString()).toBe("We will send the draft law.");
    // b tries to take the comment over: refused (comment-authorship.test.ts has the rules).
    seen()!.set("authorName", "Elena Petrova");
    await waitFor(() => b.provider.lastError?.error === "forbidden", "the refusal");
    await Promise.all([a, b].map(saved));
    expect(comment.get("authorName")).toBe("Rustam Nazarov");
  });
});

describe("workflow transitions", () => {
  it("record the response's saved text in the history entry", async () => {
    const ref = "TJK-2017-BC-02";
    const docId = await docOf(ref);
    const a = peer("tjk", docId);
    await synced(a);
    responseText(a.doc).insert(0, "Equipment installed on 3 May; 40 officers trained.");
    await saved(a);
    const c = await prisma().case.findUniqueOrThrow({ where: { ref } });
    const focal = (await userForSession(
      (await sessionToken(new Request("http://x", { headers: { cookie: cookies.tjk! } })))!,
    ))!;
    // A submission brings evidence (issue 11).
    await addLinkOrReference(focal, c.id, {
      kind: "reference",
      title: "Training records",
      text: "Register No. 3",
    });
    await applyCaseEvent(focal, c.id, { type: "SUBMIT_EVIDENCE", version: c.version });
    const entry = await prisma().caseEvent.findFirstOrThrow({
      where: { caseId: c.id, type: "SUBMIT_EVIDENCE" },
      orderBy: { id: "desc" },
    });
    expect(entry.responseText).toBe("Equipment installed on 3 May; 40 officers trained.");
  });
});

describe("limits", () => {
  it("a document grown past its cap refuses more and stays as stored", async () => {
    const docId = await docOf("TJK-2017-VE-01");
    const a = peer("expert", docId);
    await synced(a);
    responseText(a.doc).insert(0, "x".repeat(40 * 1024));
    await saved(a);
    responseText(a.doc).insert(0, "y".repeat(40 * 1024));
    await waitFor(() => a.provider.lastError?.error === "document_too_large", "document_too_large");
    expect((await storedText(docId)).length).toBe(40 * 1024);
  });
});
