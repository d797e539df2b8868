// A worker thread of the co-editing benchmark: holds watching clients, and reports when each of
// them applied each marked insert (wall-clock milliseconds, comparable across threads).
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";

import * as Y from "yjs";

import { type BenchClient, oursClient, referenceClient } from "./clients.ts";

const MARKER = /#([0-9a-z]+);/g;
const now = () => performance.timeOrigin + performance.now();

export function watchMarkers(client: BenchClient, onMarker: (id: string, at: number) => void) {
  // Read the markers from the update itself: a text event's delta walks the whole text.
  client.doc.on("update", (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    if (transaction.local) return;
    const at = now();
    for (const struct of Y.decodeUpdate(update).structs) {
      const content = (struct as Y.Item).content;
      if (content instanceof Y.ContentString)
        for (const [, id] of content.str.matchAll(MARKER)) onMarker(id!, at);
    }
  });
}

export const countMarkers = (client: BenchClient) =>
  [...client.doc.getText("bench").toString().matchAll(MARKER)].length;

if (parentPort) {
  const { kind, url, cookie, docs } = workerData as {
    kind: "ours" | "reference";
    url: string;
    cookie: string;
    docs: { docId: string; count: number }[];
  };
  const clients: { docId: string; client: BenchClient }[] = [];
  let batch: [string, number][] = [];
  for (const { docId, count } of docs) {
    for (let i = 0; i < count; i++) {
      const client = kind === "ours" ? oursClient(url, cookie, docId) : referenceClient(url, docId);
      watchMarkers(client, (id, at) => batch.push([id, at]));
      clients.push({ docId, client });
    }
  }
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const flush = setInterval(() => {
    if (batch.length) parentPort!.postMessage({ type: "receipts", receipts: batch });
    batch = [];
  }, 50);
  void Promise.all(clients.map((c) => c.client.ready)).then(() => parentPort!.postMessage({ type: "ready" }));
  parentPort.on("message", (message: { type: string }) => {
    if (message.type === "measure") loop.enable();
    if (message.type === "stop") {
      loop.disable();
      clearInterval(flush);
      parentPort!.postMessage({
        type: "done",
        receipts: batch,
        counts: clients.map((c) => ({ docId: c.docId, count: countMarkers(c.client) })),
        loopP99: loop.percentile(99) / 1e6,
        loopMax: loop.max / 1e6,
      });
      for (const c of clients) c.client.close();
      setTimeout(() => process.exit(0), 100);
    }
  });
}
