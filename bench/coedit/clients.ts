// Load-generator clients: each holds a real Y.Doc kept in sync with a server, ours (Socket.IO +
// the app's CollabProvider) or the reference (y-websocket protocol over a plain WebSocket).
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";

import { connectPeer } from "~tests/helpers/realtime.ts";

export interface BenchClient {
  doc: Y.Doc;
  /** Resolves once the client holds the server's state. */
  ready: Promise<void>;
  /** Updates acknowledged as stored (ours only). */
  acked(): number;
  close(): void;
}

export function oursClient(url: string, cookie: string, docId: string): BenchClient {
  const peer = connectPeer(url, cookie, docId);
  // No presence, as the reference clients have none: the comparison is of text updates.
  peer.provider.awareness.setLocalState(null);
  return {
    doc: peer.doc,
    ready: new Promise((resolve) => {
      const check = () => (peer.provider.synced ? resolve() : setTimeout(check, 20));
      check();
    }),
    acked: () => peer.provider.storedUpdates,
    close: () => peer.close(),
  };
}

export function referenceClient(url: string, docName: string): BenchClient {
  const doc = new Y.Doc();
  const ws = new WebSocket(`${url}/${docName}`);
  ws.binaryType = "arraybuffer";
  const frame = (write: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder();
    write(e);
    return encoding.toUint8Array(e);
  };
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  ws.on("error", (error) => process.stderr.write(`reference client: ${error.message}\n`));
  ws.on("open", () => {
    ws.send(
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
      }),
    );
  });
  ws.on("message", (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== 0) return; // awareness: not used here
    const type = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (type === 0) {
      ws.send(
        frame((e) => {
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, payload));
        }),
      );
    } else {
      Y.applyUpdate(doc, payload, "remote");
      if (type === 1) resolveReady();
    }
  });
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin === "remote" || ws.readyState !== WebSocket.OPEN) return;
    ws.send(
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, update);
      }),
    );
  });
  return { doc, ready, acked: () => 0, close: () => ws.close() };
}
