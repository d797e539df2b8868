// Presence (awareness) caps, through the real Socket.IO server with real clients: a connection
// shows at most 4 presences in a document and a user at most 8, over re-subscriptions and over
// all their connections; one presence state is at most 4 KiB; a re-subscription takes down what the
// connection showed before (issue 9, finding 8).
import * as encoding from "lib0/encoding";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";

import { prisma } from "~/db/client.server.ts";
import { caseDocName } from "~/domain/documents.server.ts";
import { CollabProvider } from "~/realtime/collab-provider.ts";
import {
  connectPeer,
  connectSocket,
  cookieFor,
  type Peer,
  startRealtimeServer,
  synced,
  waitFor,
} from "~tests/helpers/realtime.ts";

let server: Awaited<ReturnType<typeof startRealtimeServer>>;
let docId = "";
let observerId = "";
const closers: (() => void)[] = [];

/** A client speaking the protocol by hand, as an attacker would. */
async function rawClient(email: string) {
  const socket = connectSocket(server.url, await cookieFor(email));
  closers.push(() => socket.close());
  const errors: { error: string; message: string }[] = [];
  socket.on("doc:error", (e) => errors.push(e));
  const subscribe = async () =>
    expect(await socket.emitWithAck("doc:subscribe", { docId })).toMatchObject({ ok: true });
  await subscribe();
  return {
    socket,
    errors,
    subscribe,
    present: (clientIds: number[], state: Record<string, unknown> | null = { cursor: null }) =>
      present(socket, clientIds, state),
  };
}

const clocks = new Map<number, number>();
/** Sends presence states for these client ids, each newer than the last; resolves with the server's answer. */
function present(socket: Socket, clientIds: number[], state: Record<string, unknown> | null) {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, clientIds.length);
  for (const id of clientIds) {
    const clock = (clocks.get(id) ?? 0) + 1;
    clocks.set(id, clock);
    encoding.writeVarUint(update, id);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, 1);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return socket.emitWithAck("doc:message", docId, Buffer.from(encoding.toUint8Array(message))) as Promise<{
    ok: boolean;
    error?: string;
  }>;
}

/** A reader, and the most presences of others (not readers) it ever held at once. */
async function reader(): Promise<{ peer: Peer; others: () => number[]; most: () => number }> {
  const peer = connectPeer(server.url, await cookieFor("observer@ctc.example"), docId);
  closers.push(() => peer.close());
  await synced(peer);
  const others = () =>
    [...peer.provider.awareness.getStates()]
      .filter(
        ([id, state]) =>
          id !== peer.doc.clientID && (state.user as { id?: string } | undefined)?.id !== observerId,
      )
      .map(([id]) => id)
      .sort((x, y) => x - y);
  let most = 0;
  peer.provider.awareness.on("change", () => (most = Math.max(most, others().length)));
  return { peer, others, most: () => most };
}

const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
/** Presence batches go out every 50 ms: wait for the room to have heard. */
const settle = () => new Promise((r) => setTimeout(r, 150));

beforeAll(async () => {
  server = await startRealtimeServer();
  docId = caseDocName((await prisma().case.findUniqueOrThrow({ where: { ref: "TJK-2017-HR-01" } })).id);
  observerId = (await prisma().user.findUniqueOrThrow({ where: { email: "observer@ctc.example" } })).id;
});
afterAll(async () => {
  for (const close of closers) close();
  await server.close();
});

describe("presence caps", () => {
  it("re-subscribing with new client ids never shows a reader more than 4 presences of that connection", async () => {
    const watcher = await reader();
    const attacker = await rawClient("focal@tjk.example");
    for (let round = 0; round < 20; round++) {
      if (round > 0) await attacker.subscribe();
      expect(
        await attacker.present(ids(1000 + 4 * round, 4), { cursor: null, pad: "x".repeat(3000) }),
      ).toEqual({ ok: true });
    }
    await settle();
    expect(watcher.others()).toEqual(ids(1076, 4));
    expect(watcher.most()).toBeLessThanOrEqual(4);
    attacker.socket.close();
    await waitFor(() => watcher.others().length === 0, "the attacker's presences to go");
  });

  it("a re-subscription takes down the presences the connection showed", async () => {
    const watcher = await reader();
    const client = await rawClient("expert@cted.example");
    expect(await client.present([2001])).toEqual({ ok: true });
    await waitFor(() => watcher.others().length === 1, "the presence to show");
    await client.subscribe();
    await waitFor(() => watcher.others().length === 0, "the presence to go with the re-subscription");
    // The client shows its presence again: it is still its own.
    expect(await client.present([2001])).toEqual({ ok: true });
    await waitFor(() => watcher.others().length === 1, "the presence to show again");
    client.socket.close();
  });

  it("refuses a fifth presence on one connection, with too_many_presences", async () => {
    const client = await rawClient("verifier@cted.example");
    expect(await client.present(ids(3000, 4))).toEqual({ ok: true });
    expect(await client.present([3004])).toEqual({ ok: false, error: "too_many_presences" });
    expect(client.errors.at(-1)).toMatchObject({
      error: "too_many_presences",
      message: expect.stringContaining("at most 4"),
    });
    // Its own four may still change.
    expect(await client.present(ids(3000, 4), { cursor: { anchor: 1 } })).toEqual({ ok: true });
    client.socket.close();
  });

  it("refuses a user's ninth presence over all their connections", async () => {
    const watcher = await reader();
    const [one, two, three] = [
      await rawClient("admin@cted.example"),
      await rawClient("admin@cted.example"),
      await rawClient("admin@cted.example"),
    ];
    expect(await one.present(ids(4000, 4))).toEqual({ ok: true });
    expect(await two.present(ids(4010, 4))).toEqual({ ok: true });
    expect(await three.present([4020])).toEqual({ ok: false, error: "too_many_presences" });
    expect(three.errors.at(-1)?.message).toContain("at most 8");
    await settle();
    expect(watcher.others()).toHaveLength(8);
    // Once one connection takes its presences down, the third may show one.
    expect(await one.present(ids(4000, 4), null)).toEqual({ ok: true });
    expect(await three.present([4020])).toEqual({ ok: true });
    for (const c of [one, two, three]) c.socket.close();
  });

  it("refuses a presence state over 4 KiB, and nothing of it shows", async () => {
    const watcher = await reader();
    const client = await rawClient("expert@cted.example");
    expect(await client.present([5000], { pad: "é".repeat(2100) })).toEqual({
      ok: false,
      error: "too_large",
    });
    expect(client.errors.at(-1)?.message).toContain("4096 bytes");
    expect(await client.present([5000], { pad: "x".repeat(3900) })).toEqual({ ok: true });
    await waitFor(() => watcher.others().length === 1, "the presence under the cap to show");
    client.socket.close();
  });

  it("never lets a connection speak for another's presence", async () => {
    const a = await rawClient("expert@cted.example");
    const b = await rawClient("focal@tjk.example");
    expect(await a.present([6000])).toEqual({ ok: true });
    expect(await b.present([6000], { cursor: { anchor: 0 } })).toEqual({ ok: false, error: "invalid" });
    expect(await b.present([6000], null)).toEqual({ ok: false, error: "invalid" });
    a.socket.close();
    b.socket.close();
  });

  it("a page opening the document again and again on one connection keeps within the caps", async () => {
    // What a browser does when the user goes from the case to another page and back: one socket,
    // a new Y.Doc (a new client id) each time, the previous one taken down.
    const watcher = await reader();
    const socket = connectSocket(server.url, await cookieFor("focal@tjk.example"));
    closers.push(() => socket.close());
    const errors: string[] = [];
    socket.on("doc:error", (e: { error: string }) => errors.push(e.error));
    for (let visit = 0; visit < 10; visit++) {
      const doc = new Y.Doc();
      const provider = new CollabProvider(socket, docId, doc);
      await waitFor(() => provider.synced, "sync");
      provider.awareness.setLocalStateField("cursor", { anchor: visit });
      await waitFor(
        () => watcher.peer.provider.awareness.getStates().has(doc.clientID),
        "the presence to show",
      );
      provider.destroy();
      doc.destroy();
    }
    await waitFor(() => watcher.others().length === 0, "the last presence to go");
    expect(errors).toEqual([]);
  });
});
