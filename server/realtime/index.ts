// Socket.IO on the app's HTTP server: authenticated with the session cookie, origin-checked,
// msgpack-framed (binary in one frame). Carries the live case feed and the co-editing protocol
// (docs/realtime.md); on PostgreSQL, across every process of the cluster (cluster.ts).
import type { Server as HttpServer } from "node:http";

import { Server } from "socket.io";
import msgpackParser from "socket.io-msgpack-parser";

import { type SessionUser } from "~/access/visibility.ts";
import { liveSessionIds, sessionActive, sessionIdOf, userForSession } from "~/domain/auth.server.ts";
import type { FeedEvent } from "~/domain/case-feed.server.ts";
import { caseDocName } from "~/domain/documents.server.ts";
import { onAccountDisabled, onCaseChanged, onNotification, onSessionEnded } from "~/domain/events.server.ts";
import { BODY_LIMITS, refuseOversizedBodies } from "~/http/body-limits.server.ts";
import { originAllowed } from "~/http/origin.server.ts";
import { tokenFromCookieHeader } from "~/http/session.server.ts";
import { log } from "~/lib/log.server.ts";

import { type Cluster, joinCluster } from "./cluster.ts";
import { caseDocumentHooks } from "./collab/case-documents.ts";
import { type CollabOptions, CollabServer } from "./collab/collab-server.ts";
import { LiveFeed } from "./live-feed.ts";

export interface RealtimeOptions {
  allowedOrigins?: string[];
  collab?: Omit<CollabOptions, "peers">;
  /** PostgreSQL shared with other processes: join them through the Socket.IO adapter. */
  clusterDatabaseUrl?: string;
  /** How often sockets of sessions that ended unannounced (expired, idle) are closed; tests shorten it. */
  sessionSweepMs?: number;
}

// Sessions end by sign-out, expiry or a disabled account; the cluster channel says so at once,
// and this sweep catches what it lost, and sessions that simply expired or went idle. Being
// connected is no activity: only co-editing (an update accepted) keeps a session from going idle.
const SESSION_SWEEP_MS = 30_000;
// Documents are re-synced from the database this often too, in a cluster, in case a message was lost.
const DOCUMENT_RESYNC_MS = 30_000;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;
const userRoom = (userId: string) => `user:${userId}`;

export async function attachRealtime(httpServer: HttpServer, options: RealtimeOptions = {}) {
  const io = new Server(httpServer, {
    parser: msgpackParser,
    serveClient: false,
    // The largest message (WebSocket) or long-polling POST: beyond it a WebSocket is closed, and a
    // POST is answered 413 and its session closed (the client reconnects).
    maxHttpBufferSize: BODY_LIMITS.socket,
    // Browsers always send Origin on a WebSocket; CORS does not protect WebSockets, so we check it
    // (scheme and host, as for the app's own writes).
    allowRequest: (req, callback) =>
      callback(null, originAllowed(req.headers.origin, req, options.allowedOrigins ?? [])),
  });
  // A long-polling POST (or any request to the engine) declaring a larger body is refused before a
  // byte of it is read, with or without a valid session id; one without Content-Length is counted
  // by the engine against maxHttpBufferSize.
  io.engine.use(refuseOversizedBodies);
  const cluster: Cluster | undefined = options.clusterDatabaseUrl
    ? await joinCluster(io, options.clusterDatabaseUrl)
    : undefined;
  const collab = new CollabServer<SessionUser>(io, caseDocumentHooks, {
    ...options.collab,
    peers: cluster?.peers,
    onUpdateAccepted: (socket) =>
      void sessionActive(socket.data.sessionId as string).catch((error: unknown) =>
        log.warn("marking a session active failed", { error: String(error) }),
      ),
  });
  // A transition can make a response read-only (verified) or writable again (reopened).
  const feed = new LiveFeed(io, (event) => void collab.reauthorize(caseDocName(event.caseId)));
  await feed.start();

  io.use(async (socket, next) => {
    const token = await tokenFromCookieHeader(socket.request.headers.cookie ?? null).catch(() => null);
    const user = token ? await userForSession(token).catch(() => null) : null;
    if (!token || !user) return next(new Error("unauthorized"));
    socket.data.user = user;
    socket.data.sessionId = sessionIdOf(token);
    next();
  });
  io.on("connection", (socket) => {
    const user = socket.data.user as SessionUser;
    void socket.join([sessionRoom(socket.data.sessionId), userRoom(user.id)]);
    feed.connect(socket, user);
    collab.connect(socket, user);
  });

  // Committed here: deliver, and tell the other processes.
  const stopFeed = onCaseChanged((event) => {
    feed.offer(event);
    cluster?.emit("live:case", event);
  });
  cluster?.on("live:case", (event) => feed.offer(event as FeedEvent));
  cluster?.onResyncNeeded(() => {
    void feed.readBack();
    void collab.resync();
  });
  const resyncTimer = cluster
    ? setInterval(() => void collab.resync(), DOCUMENT_RESYNC_MS).unref()
    : undefined;

  // Room operations go through the adapter: they reach sockets on every process.
  const stopSessions = onSessionEnded((sessionId) => io.in(sessionRoom(sessionId)).disconnectSockets(true));
  const stopAccounts = onAccountDisabled((userId) => io.in(userRoom(userId)).disconnectSockets(true));
  const stopNotifications = onNotification(({ userId, item }) =>
    io.to(userRoom(userId)).emit("notification:new", item),
  );
  const sweepTimer = setInterval(
    () => void sweepSessions(io),
    options.sessionSweepMs ?? SESSION_SWEEP_MS,
  ).unref();

  return {
    io,
    collab,
    feed,
    async close() {
      for (const stop of [stopFeed, stopSessions, stopAccounts, stopNotifications]) stop();
      clearInterval(sweepTimer);
      clearInterval(resyncTimer);
      feed.stop();
      // Closing the transports, rather than disconnecting the sockets, tells clients to reconnect
      // (to this server when it is back, or to another one behind the load balancer).
      io.engine.close();
      // Then store what is pending and fold every open document's log.
      await collab.close();
      await cluster?.close();
    },
  };
}

/** Disconnects this process's sockets whose session is no longer valid. */
async function sweepSessions(io: Server): Promise<void> {
  const sockets = [...io.of("/").sockets.values()];
  if (sockets.length === 0) return;
  const valid = await liveSessionIds([...new Set(sockets.map((s) => s.data.sessionId as string))]).catch(
    () => null,
  );
  if (!valid) return;
  for (const socket of sockets) if (!valid.has(socket.data.sessionId)) socket.disconnect(true);
}
