// Socket.IO on the app's HTTP server: authenticated with the session cookie, origin-checked,
// msgpack-framed (binary in one frame). Carries the co-editing protocol (docs/realtime.md).
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import msgpackParser from "socket.io-msgpack-parser";
import { onCaseChanged, onSessionEnded } from "../../app/domain/events.server.ts";
import { sessionIdOf, userForSession } from "../../app/domain/auth.server.ts";
import { caseDocName } from "../../app/domain/documents.server.ts";
import type { SessionUser } from "../../app/domain/access.server.ts";
import { tokenFromCookieHeader } from "../../app/http/session.server.ts";
import { CollabServer, type CollabOptions } from "./collab/collab-server.ts";
import { caseDocumentHooks } from "./collab/case-documents.ts";

export interface RealtimeOptions {
  allowedOrigins?: string[];
  collab?: CollabOptions;
}

/** Browsers always send Origin on a WebSocket; CORS does not protect WebSockets, so we check it. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (!origin) return true; // not a browser: the session cookie is still required
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function attachRealtime(httpServer: HttpServer, options: RealtimeOptions = {}) {
  const io = new Server(httpServer, {
    parser: msgpackParser,
    serveClient: false,
    // Above the 1 MiB message cap, so that an oversized message gets a clear doc:error rather
    // than a dropped connection; beyond this the transport closes the connection.
    maxHttpBufferSize: 4 * 1024 * 1024,
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers.origin, req.headers.host, options.allowedOrigins ?? [])),
  });
  const collab = new CollabServer<SessionUser>(io, caseDocumentHooks, options.collab);

  io.use(async (socket, next) => {
    const token = await tokenFromCookieHeader(socket.request.headers.cookie ?? null).catch(() => null);
    const user = token ? await userForSession(token).catch(() => null) : null;
    if (!token || !user) return next(new Error("unauthorized"));
    socket.data.user = user;
    socket.data.sessionId = sessionIdOf(token);
    next();
  });
  io.on("connection", (socket) => collab.connect(socket, socket.data.user as SessionUser));

  // A transition can make a response read-only (verified) or writable again (reopened).
  const stopListening = onCaseChanged(({ caseId }) => void collab.reauthorize(caseDocName(caseId)));
  // Signing out ends the session's live connections too (in this process; see issue 4 for others).
  const stopSessions = onSessionEnded((sessionId) => {
    for (const socket of io.of("/").sockets.values()) if (socket.data.sessionId === sessionId) socket.disconnect(true);
  });

  return {
    io,
    collab,
    async close() {
      stopListening();
      stopSessions();
      // Closing the transports, rather than disconnecting the sockets, tells clients to reconnect
      // (to this server when it is back, or to another one behind the load balancer).
      io.engine.close();
      // Then store what is pending and fold every open document's log.
      await collab.close();
    },
  };
}
