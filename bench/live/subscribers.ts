// A worker thread of the live benchmark: holds subscribed Socket.IO clients and reports, per event
// id, how many clients got it and when the last one did (wall-clock ms, comparable across threads).
import { parentPort, workerData } from "node:worker_threads";

import { io, type Socket } from "socket.io-client";
import msgpackParser from "socket.io-msgpack-parser";

export interface SubscriberTarget {
  url: string;
  cookie?: string;
  count: number;
}
/** Event name, and how to read the id and the time it was sent from its payload. */
export type Feed = "ours" | "bare" | "bare-binary";

const now = () => performance.timeOrigin + performance.now();

if (parentPort) {
  const { targets, feed } = workerData as { targets: SubscriberTarget[]; feed: Feed };
  // id -> [clients that got it, when the last one did, when it was sent]
  const receipts = new Map<number, [number, number, number]>();
  const got = (id: number, sentAt: number) => {
    const at = now();
    const r = receipts.get(id);
    if (r) {
      r[0]++;
      r[1] = at;
    } else receipts.set(id, [1, at, sentAt]);
  };
  const sockets: Socket[] = [];
  for (const { url, cookie, count } of targets) {
    for (let i = 0; i < count; i++) {
      const socket = io(url, {
        parser: msgpackParser,
        transports: ["websocket"],
        extraHeaders: cookie ? { cookie } : {},
        forceNew: true,
      });
      // Ours: sent at commit (the history row's time, from the database's clock on this machine).
      if (feed === "ours")
        socket.on("case:updated", (e: { id: number; event: { at: string } }) =>
          got(e.id, Date.parse(e.event.at)),
        );
      else if (feed === "bare")
        socket.on("bare:event", (e: { id: number; sentAt: number }) => got(e.id, e.sentAt));
      else socket.on("bare:binary", (id: number, sentAt: number) => got(id, sentAt));
      sockets.push(socket);
    }
  }
  const ready = () => sockets.every((s) => s.connected);
  const poll = setInterval(() => {
    if (!ready()) return;
    clearInterval(poll);
    parentPort!.postMessage({ type: "ready" });
  }, 20);
  parentPort.on("message", (message: { type: string }) => {
    if (message.type === "report") parentPort!.postMessage({ type: "report", receipts: [...receipts] });
    if (message.type === "stop") {
      for (const s of sockets) s.close();
      parentPort!.postMessage({ type: "stopped" });
    }
  });
}
