// A real Socket.IO server (the app's realtime layer) on port 0, and real socket.io-client peers
// holding real Y.Docs through the same provider the browser uses.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { io, type Socket } from "socket.io-client";
import msgpackParser from "socket.io-msgpack-parser";
import * as Y from "yjs";

import { signIn } from "~/domain/auth.server.ts";
import { commitSessionCookie } from "~/http/session.server.ts";
import { CollabProvider } from "~/realtime/collab-provider.ts";
import type { CollabOptions } from "~server/realtime/collab/collab-server.ts";
import { attachRealtime } from "~server/realtime/index.ts";

import { DEMO_PASSWORD } from "./http.ts";

/** port: listen where a previous server listened, so that its clients reconnect by themselves. */
export async function startRealtimeServer(collab: CollabOptions = {}, port = 0) {
  const server = createServer();
  const realtime = await attachRealtime(server, { collab });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    realtime,
    async close() {
      await realtime.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let ip = 0;
/** A session cookie for a demo account, as the browser would hold after signing in. */
export async function cookieFor(email: string): Promise<string> {
  const { token } = await signIn(email, DEMO_PASSWORD, `10.77.0.${++ip % 250}`);
  return (await commitSessionCookie(token)).split(";")[0]!;
}

export function connectSocket(url: string, cookie?: string, headers: Record<string, string> = {}): Socket {
  return io(url, {
    parser: msgpackParser,
    transports: ["websocket"],
    extraHeaders: { ...(cookie ? { cookie } : {}), ...headers },
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    forceNew: true,
  });
}

export interface Peer {
  socket: Socket;
  doc: Y.Doc;
  provider: CollabProvider;
  close(): void;
}

export function connectPeer(url: string, cookie: string, docId: string): Peer {
  const socket = connectSocket(url, cookie);
  const doc = new Y.Doc();
  const provider = new CollabProvider(socket, docId, doc);
  let closed = false;
  return {
    socket,
    doc,
    provider,
    /** Idempotent: a test may close a peer early and its cleanup close it again. */
    close() {
      if (closed) return;
      closed = true;
      provider.destroy();
      socket.close();
      doc.destroy();
    },
  };
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const synced = (peer: Peer) => waitFor(() => peer.provider.synced, "sync");
export const saved = (peer: Peer) => waitFor(() => peer.provider.status === "saved", "saved");

/** The response's first paragraph's text node, created by whoever gets there first. */
export function responseText(doc: Y.Doc): Y.XmlText {
  const fragment = doc.getXmlFragment("response");
  let paragraph = fragment.get(0) as Y.XmlElement | undefined;
  if (!paragraph) {
    doc.transact(() => {
      paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("")]);
      fragment.insert(0, [paragraph]);
    });
  }
  return paragraph!.get(0) as Y.XmlText;
}

/** Types markers; a marker counts as saved once the provider says everything typed so far is. */
export function typist(peer: Peer, name: string) {
  const pending: string[] = [];
  const saved: string[] = [];
  peer.provider.subscribe(() => {
    if (peer.provider.status === "saved") saved.push(...pending.splice(0));
  });
  let n = 0;
  return {
    saved,
    type() {
      const marker = `<${name}${n++}>`;
      const text = responseText(peer.doc);
      text.insert(text.length, marker);
      pending.push(marker);
    },
  };
}
