// Random, truncated and malformed messages thrown at a live server: each is refused with a
// doc:error and leaves the stored document unchanged, and the server keeps serving everyone else.
// (A flipped byte inside a genuine edit's text is still a valid edit: those may be accepted.)
import fc from "fast-check";
import * as encoding from "lib0/encoding";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";

import { prisma } from "~/db/client.server.ts";
import { caseDocName, loadDocument } from "~/domain/documents.server.ts";
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
let healthy: Peer;
let attacker: Socket;
let docId = "";
const errors: { error: string }[] = [];

const frame = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};
const updateMessage = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, update);
  });
const stored = async () => Buffer.from((await loadDocument(docId))!.update).toString("base64");

/** A genuine edit made on a copy of the document: its truncations are realistic garbage. */
function genuineEdit(base: Y.Doc): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(copy);
  responseText(copy).insert(0, "an edit that must never be stored whole");
  copy.getArray("comments").push([new Y.Map()]);
  return Y.encodeStateAsUpdate(copy, before);
}

beforeAll(async () => {
  server = await startRealtimeServer();
  const c = await prisma().case.findUniqueOrThrow({ where: { ref: "TJK-2017-LJ-02" } });
  docId = caseDocName(c.id);
  healthy = connectPeer(server.url, await cookieFor("expert@cted.example"), docId);
  await synced(healthy);
  responseText(healthy.doc).insert(0, "Saved before the fuzzing.");
  await saved(healthy);
  attacker = connectSocket(server.url, await cookieFor("focal@tjk.example"));
  attacker.on("doc:error", (e: { error: string }) => errors.push(e));
  expect(await attacker.emitWithAck("doc:subscribe", { docId })).toEqual({ ok: true, access: "write" });
});
afterAll(async () => {
  healthy.close();
  attacker.close();
  await server.close();
});

describe("fuzzing the co-editing protocol", () => {
  it("refuses random, truncated and malformed messages and changes nothing", async () => {
    const edit = updateMessage(genuineEdit(healthy.doc));
    const message = fc.oneof(
      fc.uint8Array({ minLength: 0, maxLength: 300 }),
      // A genuine update, cut short anywhere.
      fc.integer({ min: 0, max: edit.length - 1 }).map((n) => edit.slice(0, n)),
      // A genuine update with bytes flipped in its payload.
      fc
        .tuple(fc.integer({ min: 3, max: edit.length - 1 }), fc.integer({ min: 1, max: 255 }))
        .map(([i, x]) => {
          const copy = edit.slice();
          copy[i] = copy[i]! ^ x;
          return copy;
        }),
      // Well-framed sync updates and awareness messages with random payloads.
      fc.uint8Array({ minLength: 1, maxLength: 200 }).map((p) => updateMessage(p)),
      fc.uint8Array({ minLength: 1, maxLength: 200 }).map((p) =>
        frame((e) => {
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint8Array(e, p);
        }),
      ),
      // Unknown message types.
      fc.tuple(fc.integer({ min: 4, max: 1000 }), fc.uint8Array({ maxLength: 20 })).map(([t, rest]) =>
        frame((e) => {
          encoding.writeVarUint(e, t);
          encoding.writeUint8Array(e, rest);
        }),
      ),
    );
    let refused = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(message, async (bytes) => {
        const errorsBefore = errors.length;
        const before = await stored();
        const ack = await attacker.timeout(5000).emitWithAck("doc:message", docId, bytes);
        if (ack.ok) {
          accepted++;
        } else {
          refused++;
          await waitFor(() => errors.length > errorsBefore, "the doc:error for a refused message", 2000);
          expect(await stored()).toBe(before);
        }
        expect(attacker.connected).toBe(true);
      }),
      { numRuns: 400, seed: 20261130 },
    );
    expect(refused).toBeGreaterThan(300);
    expect(accepted + refused).toBe(400);

    // Everyone else is still served: an edit goes round and is stored, and what a newcomer
    // receives from the server's memory is exactly what is stored.
    responseText(healthy.doc).insert(0, "Still working. ");
    await saved(healthy);
    const other = connectPeer(server.url, await cookieFor("verifier@cted.example"), docId);
    await synced(other);
    await waitFor(
      () => responseText(other.doc).toString() === responseText(healthy.doc).toString(),
      "convergence",
    );
    expect(responseText(other.doc).toString()).toMatch(/^Still working\. /);
    const fromDb = new Y.Doc();
    Y.applyUpdate(fromDb, (await loadDocument(docId))!.update);
    expect(fromDb.getXmlFragment("response").toString()).toBe(
      other.doc.getXmlFragment("response").toString(),
    );
    other.close();
  });

  it("refuses non-binary payloads, unknown documents and oversized messages", async () => {
    const before = await stored();
    expect(await attacker.emitWithAck("doc:message", docId, "not binary")).toEqual({
      ok: false,
      error: "invalid",
    });
    expect(await attacker.emitWithAck("doc:message", docId, { bytes: [1, 2] })).toEqual({
      ok: false,
      error: "invalid",
    });
    expect(await attacker.emitWithAck("doc:message", "case:elsewhere", new Uint8Array([0, 0, 0]))).toEqual({
      ok: false,
      error: "not_found",
    });
    const big = updateMessage(new Uint8Array(1024 * 1024 + 10));
    expect(await attacker.emitWithAck("doc:message", docId, big)).toEqual({ ok: false, error: "too_large" });
    expect(attacker.connected).toBe(true);
    expect(await stored()).toBe(before);
  });

  it("refuses an update whose dependencies the server does not have, and holds nothing pending", async () => {
    const before = await stored();
    const ahead = new Y.Doc();
    Y.applyUpdate(ahead, Y.encodeStateAsUpdate(healthy.doc));
    responseText(ahead).insert(0, "first ");
    const sv = Y.encodeStateVector(ahead);
    responseText(ahead).insert(0, "second ");
    // Only the second edit: it builds on the first, which the server never got.
    const second = Y.encodeStateAsUpdate(ahead, sv);
    expect(await attacker.emitWithAck("doc:message", docId, updateMessage(second))).toEqual({
      ok: false,
      error: "missing_dependencies",
    });
    expect(await stored()).toBe(before);
  });
});
