// The HTTP server: Express serving the Remix build (pages and /api/*) on one port, with the
// probes a load balancer needs. Socket.IO attaches to the same http.Server (server/realtime).
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";

import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";

import { edgeMessage, refuseOversizedBodies } from "~/http/body-limits.server.ts";
import { originAllowed } from "~/http/origin.server.ts";
import { detectLanguage } from "~/i18n/detect.server.ts";
import { log, withRequest } from "~/lib/log.server.ts";
import { databaseSchemaCurrent } from "~/models/readiness.server.ts";

import { errorAnswer, readableAddresses } from "./http-answers.ts";
import { remixHandler } from "./remix-handler.ts";
import { securityHeaders } from "./security-headers.ts";

export interface AppOptions {
  build: ServerBuild;
  /** Origins besides the app's own that may send state-changing requests. */
  allowedOrigins?: string[];
  /** Express's "trust proxy": behind a load balancer, the client's address is in X-Forwarded-For. */
  trustProxy?: string;
  /** True once the process is shutting down: it is no longer ready for new work. */
  stopping?: () => boolean;
}

/** Browsers send Origin on cross-site POSTs; refuse those unless the origin is allowed. */
function sameOriginWrites(allowed: string[]): express.RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    if (originAllowed(req.get("origin"), req, allowed)) return next();
    res.status(403).json({ error: edgeMessage("edge.crossOrigin"), code: "cross_origin" });
  };
}

export function createApp({
  build,
  allowedOrigins = [],
  trustProxy,
  stopping = () => false,
}: AppOptions): Server {
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
  app.use((req, res, next) => {
    const id = req.get("x-request-id")?.slice(0, 64) || randomUUID();
    res.setHeader("X-Request-Id", id);
    res.locals.requestId = id;
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Paths only, never query strings: a search term can be case text.
      log.info("request", {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      });
    });
    const address = req.ip ?? req.socket.remoteAddress ?? "unknown";
    detectLanguage({ cookie: req.get("cookie"), acceptLanguage: req.get("accept-language") }).then(
      (language) => withRequest({ requestId: id, address, language }, next),
      next,
    );
  });
  app.use(securityHeaders({ production: process.env.NODE_ENV === "production" }));
  // Before anything reads a body or decodes the address.
  app.use(refuseOversizedBodies);
  app.use(readableAddresses);
  app.use(compression());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  // Up: the process answers. Ready: the database answers and its schema is current, and the
  // process is not shutting down.
  app.get("/healthz", (_req, res) => res.json({ ok: true }));
  app.get("/readyz", async (_req, res) => {
    const ready = !stopping() && (await databaseSchemaCurrent().catch(() => false));
    res.status(ready ? 200 : 503).json({ ok: ready });
  });
  app.use(sameOriginWrites(allowedOrigins));
  app.use(
    remixHandler(build, (req, res) => ({
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      requestId: res.locals.requestId,
      cspNonce: res.locals.cspNonce,
    })),
  );
  app.use(errorAnswer);
  return createServer(app);
}
