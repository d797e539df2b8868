// Comments are attributable statements (security review, finding 7): only a comment's author
// changes or deletes it, others reply, and a thread is resolved by whoever started it or by CTED.
// Real Socket.IO server and clients, real Yjs, real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";

import { type SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { caseDocName, loadDocument } from "~/domain/documents.server.ts";
import { currentUser } from "~/http/session.server.ts";
import { caseDocumentHooks } from "~server/realtime/collab/case-documents.ts";
import { DEMO_ACCOUNTS } from "~tests/helpers/http.ts";
import {
  connectPeer,
  cookieFor,
  type Peer,
  responseText,
  saved,
  startRealtimeServer,
  synced,
  waitFor,
} from "~tests/helpers/realtime.ts";

type Who = keyof typeof DEMO_ACCOUNTS;
interface Refusal {
  docId: string;
  error: string;
  message: string;
}

let server: Awaited<ReturnType<typeof startRealtimeServer>>;
const cookies = {} as Record<Who, string>;
const users = {} as Record<Who, SessionUser>;
const peers: Peer[] = [];

beforeAll(async () => {
  server = await startRealtimeServer();
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS) as [Who, string][]) {
    cookies[who] = await cookieFor(email);
    users[who] = (await currentUser(new Request("http://x", { headers: { cookie: cookies[who] } })))!;
  }
});
afterAll(async () => {
  for (const p of peers) p.close();
  await server.close();
});

/** A connected, synced peer, with the refusals the server sends it. */
async function join(who: Who, docId: string) {
  const peer = connectPeer(server.url, cookies[who], docId);
  peers.push(peer);
  const refusals: Refusal[] = [];
  peer.socket.on("doc:error", (error: Refusal) => {
    if (error.error === "forbidden") refusals.push(error);
  });
  await synced(peer);
  return Object.assign(peer, { refusals });
}

const docOf = async (ref: string) =>
  caseDocName((await prisma().case.findUniqueOrThrow({ where: { ref } })).id);
const commentsOf = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>("comments");
const find = (doc: Y.Doc, id: string) =>
  commentsOf(doc)
    .toArray()
    .find((c) => c.get("id") === id);
const body = (doc: Y.Doc, id: string) => find(doc, id)!.get("body") as Y.Text;

/** What anyone reading the comment sees. */
function shown(doc: Y.Doc, id: string) {
  const c = find(doc, id);
  return c
    ? { author: c.get("authorName"), body: (c.get("body") as Y.Text).toString(), resolved: c.get("resolved") }
    : null;
}

/** Adds a comment as the editor does; the server sets its author. */
function addComment(doc: Y.Doc, text: string, parentId: string | null = null): string {
  const id = crypto.randomUUID();
  const comment = new Y.Map<unknown>();
  doc.transact(() => {
    comment.set("id", id);
    comment.set("authorId", "claimed-by-the-client");
    comment.set("authorName", "Claimed by the client");
    comment.set("createdAt", new Date().toISOString());
    comment.set("resolved", false);
    comment.set("parentId", parentId);
    comment.set("body", new Y.Text(text));
    commentsOf(doc).push([comment]);
  });
  return id;
}

/** The comment as stored in the database, once everything received is written. */
async function stored(docId: string, id: string) {
  await server.realtime.collab.flush();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadDocument(docId))!.update);
  return shown(doc, id);
}

/** As someone who opens the case now sees it. */
async function seenFresh(docId: string, id: string) {
  const reader = await join("observer", docId);
  return shown(reader.doc, id);
}

const REFUSED_EDIT = "Only the author of a comment can change it. You can reply to it instead.";
const REFUSED_DELETE = "Only the author of a comment can delete it.";
const REFUSED_RESOLVE = "Only the person who started a thread, or CTED, can resolve or reopen it.";
const REFUSED_IDENTITY = "Nobody can change who wrote a comment, when, or in which thread.";

describe("a comment stays as its author wrote it", () => {
  it("the focal point can neither rewrite nor delete a CTED expert's comment: refused, said why, nothing kept", async () => {
    const docId = await docOf("TJK-2017-BC-01");
    const expert = await join("expert", docId);
    const focal = await join("tjk", docId);
    const id = addComment(expert.doc, "The freezing decree must cover funds held by third parties.");
    await saved(expert);
    const asWritten = {
      author: "Elena Petrova",
      body: "The freezing decree must cover funds held by third parties.",
      resolved: false,
    };
    await waitFor(
      () => shown(focal.doc, id)?.author === "Elena Petrova",
      "the comment to reach the focal point",
    );

    // The rewrite of the review's finding: soften the expert's statement.
    const text = body(focal.doc, id);
    focal.doc.transact(() => {
      text.delete(text.toString().indexOf("must"), "must".length);
      text.insert(text.toString().indexOf(" cover"), "may");
    });
    await waitFor(() => focal.refusals.length === 1, "the refusal of the rewrite");
    expect(focal.refusals[0]).toEqual({ docId, error: "forbidden", message: REFUSED_EDIT });

    // Then the deletion.
    commentsOf(focal.doc).delete(
      commentsOf(focal.doc)
        .toArray()
        .findIndex((c) => c.get("id") === id),
      1,
    );
    await waitFor(() => focal.refusals.length === 2, "the refusal of the deletion");
    expect(focal.refusals[1]).toEqual({ docId, error: "forbidden", message: REFUSED_DELETE });

    await Promise.all([expert, focal].map(saved));
    await waitFor(
      () => JSON.stringify(shown(expert.doc, id)) === JSON.stringify(asWritten),
      "the author's view to be as written",
    );
    expect(expert.refusals).toEqual([]);
    expect(await stored(docId, id)).toEqual(asWritten);
    expect(await seenFresh(docId, id)).toEqual(asWritten);
  });

  it("nobody can take a comment over, not even by claiming it and deleting it in one change", async () => {
    const docId = await docOf("TJK-2017-CF-01");
    const expert = await join("expert", docId);
    const focal = await join("tjk", docId);
    const id = addComment(expert.doc, "Please attach the decree.");
    await saved(expert);
    await waitFor(() => find(focal.doc, id) !== undefined, "the comment to arrive");

    find(focal.doc, id)!.set("authorName", "Rustam Nazarov");
    await waitFor(() => focal.refusals.length === 1, "the refusal of the new name");
    expect(focal.refusals[0]!.message).toBe(REFUSED_IDENTITY);

    // Claim it, then delete it "as its author": judged on who wrote it before the change.
    const focal2 = await join("tjk", docId);
    focal2.doc.transact(() => {
      find(focal2.doc, id)!.set("authorId", users.tjk.id);
      commentsOf(focal2.doc).delete(
        commentsOf(focal2.doc)
          .toArray()
          .findIndex((c) => c.get("id") === id),
        1,
      );
    });
    await waitFor(() => focal2.refusals.length === 1, "the refusal of the claim and deletion");
    expect(focal2.refusals[0]!.message).toBe(REFUSED_DELETE);

    const asWritten = { author: "Elena Petrova", body: "Please attach the decree.", resolved: false };
    expect(await stored(docId, id)).toEqual(asWritten);
    expect(await seenFresh(docId, id)).toEqual(asWritten);
    expect(find((await join("observer", docId)).doc, id)!.get("authorId")).toBe(users.expert.id);
  });

  it("the author edits and deletes their own comment; others reply under their own name", async () => {
    // A case whose response is still written (TJK-2017-CF-02 is under review: read-only).
    const docId = await docOf("TJK-2017-LJ-02");
    const expert = await join("expert", docId);
    const focal = await join("tjk", docId);
    const thread = addComment(expert.doc, "Is the decree published?");
    await saved(expert);
    await waitFor(() => find(focal.doc, thread) !== undefined, "the thread to arrive");
    const reply = addComment(focal.doc, "Yes, on 12 March.", thread);
    await saved(focal);
    await waitFor(
      () => shown(expert.doc, reply)?.author === "Rustam Nazarov",
      "the reply, under the focal point's name",
    );

    body(expert.doc, thread).insert("Is the decree".length, " on freezing");
    body(focal.doc, reply).insert("Yes, on 12 March".length, " 2017");
    await Promise.all([expert, focal].map(saved));
    expect(await stored(docId, thread)).toEqual({
      author: "Elena Petrova",
      body: "Is the decree on freezing published?",
      resolved: false,
    });
    expect(await stored(docId, reply)).toEqual({
      author: "Rustam Nazarov",
      body: "Yes, on 12 March 2017.",
      resolved: false,
    });

    // The focal point withdraws their reply.
    await waitFor(
      () => find(focal.doc, reply) !== undefined && body(focal.doc, thread).toString().includes("freezing"),
      "the edits to arrive",
    );
    commentsOf(focal.doc).delete(
      commentsOf(focal.doc)
        .toArray()
        .findIndex((c) => c.get("id") === reply),
      1,
    );
    await saved(focal);
    expect(await stored(docId, reply)).toBeNull();
    expect(await seenFresh(docId, thread)).toEqual({
      author: "Elena Petrova",
      body: "Is the decree on freezing published?",
      resolved: false,
    });
    expect([...expert.refusals, ...focal.refusals]).toEqual([]);
  });

  it("a thread is resolved or reopened by whoever started it, or by CTED, and by nobody else", async () => {
    const docId = await docOf("TJK-2017-LE-01");
    const expert = await join("expert", docId);
    const focal = await join("tjk", docId);
    const verifier = await join("verifier", docId);
    const expertThread = addComment(expert.doc, "Which agency keeps the list?");
    const focalThread = addComment(focal.doc, "We will send the list by June.");
    await Promise.all([expert, focal].map(saved));
    await waitFor(
      () => [expert, focal, verifier].every((p) => find(p.doc, expertThread) && find(p.doc, focalThread)),
      "both threads everywhere",
    );

    find(focal.doc, expertThread)!.set("resolved", true);
    await waitFor(() => focal.refusals.length === 1, "the refusal");
    expect(focal.refusals[0]!.message).toBe(REFUSED_RESOLVE);
    expect((await stored(docId, expertThread))!.resolved).toBe(false);

    // Another CTED expert resolves the expert's thread; its author reopens it.
    find(verifier.doc, expertThread)!.set("resolved", true);
    await saved(verifier);
    expect((await stored(docId, expertThread))!.resolved).toBe(true);
    await waitFor(
      () => find(expert.doc, expertThread)!.get("resolved") === true,
      "the expert to see it resolved",
    );
    find(expert.doc, expertThread)!.set("resolved", false);
    await saved(expert);
    expect((await stored(docId, expertThread))!.resolved).toBe(false);

    // The focal point resolves their own thread.
    await waitFor(() => focal.refusals.length === 1 && find(focal.doc, focalThread) !== undefined, "settled");
    const own = await join("tjk", docId);
    find(own.doc, focalThread)!.set("resolved", true);
    await saved(own);
    expect((await stored(docId, focalThread))!.resolved).toBe(true);
    expect([...expert.refusals, ...verifier.refusals, ...own.refusals]).toEqual([]);
  });

  it("a new comment gets its writer's name, an id of its own and the server's time", async () => {
    const docId = await docOf("TJK-2017-LJ-01");
    const expert = await join("expert", docId);
    const focal = await join("tjk", docId);
    const thread = addComment(expert.doc, "Who keeps the register?");
    await saved(expert);
    await waitFor(() => find(focal.doc, thread) !== undefined, "the thread to arrive");
    // A comment claiming the expert's name, the thread's id and a date before the visit.
    const forged = new Y.Map<unknown>();
    focal.doc.transact(() => {
      forged.set("id", thread);
      forged.set("authorId", users.expert.id);
      forged.set("authorName", "Elena Petrova");
      forged.set("createdAt", "2016-01-01T00:00:00.000Z");
      forged.set("resolved", false);
      forged.set("parentId", null);
      forged.set("body", new Y.Text("The thread is withdrawn."));
      commentsOf(focal.doc).push([forged]);
    });
    await saved(focal);
    await waitFor(
      () => forged.get("authorName") === "Rustam Nazarov" && forged.get("id") !== thread,
      "the server's corrections",
    );
    expect(forged.get("authorId")).toBe(users.tjk.id);
    expect(Date.now() - Date.parse(forged.get("createdAt") as string)).toBeLessThan(60_000);
    expect(await stored(docId, thread)).toEqual({
      author: "Elena Petrova",
      body: "Who keeps the register?",
      resolved: false,
    });
  });

  it("the response stays open to every writer", async () => {
    const docId = await docOf("TJK-2017-IC-01");
    const expert = await join("expert", docId);
    const focal = await join("tjk", docId);
    responseText(expert.doc).insert(0, "Draft by CTED.");
    await saved(expert);
    await waitFor(() => responseText(focal.doc).toString() === "Draft by CTED.", "the draft to arrive");
    responseText(focal.doc).insert(0, "Revised: ");
    await saved(focal);
    await waitFor(
      () => responseText(expert.doc).toString() === "Revised: Draft by CTED.",
      "the revision to arrive",
    );
    expect(focal.refusals).toEqual([]);
  });
});

describe("the check the core runs before it applies an update", () => {
  it("refuses, without touching the document, exactly the updates the rules forbid", async () => {
    const docId = await docOf("TJK-2017-BC-02");
    const expert = await join("expert", docId);
    const thread = addComment(expert.doc, "Please send the statistics.");
    await saved(expert);
    const focal = await join("tjk", docId);
    const reply = addComment(focal.doc, "They are attached.", thread);
    await saved(focal);

    /** The bytes a client sends for a change made on a copy of the stored document. */
    const updateFor = async (change: (doc: Y.Doc) => void) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await loadDocument(docId))!.update);
      const before = Y.encodeStateVector(doc);
      change(doc);
      return Y.encodeStateAsUpdate(doc, before);
    };
    const check = async (who: Who, change: (doc: Y.Doc) => void) => {
      const update = await updateFor(change);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await loadDocument(docId))!.update);
      const state = Y.encodeStateAsUpdate(doc);
      const verdict = caseDocumentHooks.check!(doc, update, users[who]);
      // Checked, not applied.
      expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
      return verdict;
    };
    const remove = (id: string) => (doc: Y.Doc) =>
      commentsOf(doc).delete(
        commentsOf(doc)
          .toArray()
          .findIndex((c) => c.get("id") === id),
        1,
      );

    expect(await check("tjk", (doc) => body(doc, thread).insert(0, "No need to "))).toBe(REFUSED_EDIT);
    expect(await check("tjk", (doc) => body(doc, thread).delete(0, 7))).toBe(REFUSED_EDIT);
    expect(await check("tjk", (doc) => find(doc, thread)!.set("body", new Y.Text("Nothing to send.")))).toBe(
      REFUSED_EDIT,
    );
    expect(await check("tjk", remove(thread))).toBe(REFUSED_DELETE);
    expect(await check("admin", remove(thread))).toBe(REFUSED_DELETE);
    expect(await check("tjk", (doc) => find(doc, thread)!.set("resolved", true))).toBe(REFUSED_RESOLVE);
    expect(await check("expert", (doc) => find(doc, thread)!.set("authorName", "Someone else"))).toBe(
      REFUSED_IDENTITY,
    );
    expect(await check("expert", (doc) => find(doc, reply)!.set("parentId", null))).toBe(REFUSED_IDENTITY);
    expect(await check("expert", remove(reply))).toBe(REFUSED_DELETE);
    // A forbidden change travelling with an allowed one (as after working offline) is refused whole.
    expect(
      await check("tjk", (doc) => {
        responseText(doc).insert(0, "Offline work. ");
        body(doc, thread).insert(0, "x");
      }),
    ).toBe(REFUSED_EDIT);

    expect(await check("expert", (doc) => body(doc, thread).insert(0, "Kindly: "))).toBeNull();
    expect(await check("expert", remove(thread))).toBeNull();
    expect(await check("tjk", remove(reply))).toBeNull();
    expect(await check("tjk", (doc) => body(doc, reply).insert(0, "All "))).toBeNull();
    expect(await check("verifier", (doc) => find(doc, thread)!.set("resolved", true))).toBeNull();
    expect(await check("expert", (doc) => find(doc, thread)!.set("resolved", true))).toBeNull();
    expect(
      await check("tjk", (doc) => {
        addComment(doc, "Another reply.", thread);
        responseText(doc).insert(0, "Response. ");
      }),
    ).toBeNull();
  });
});
