// The HTTP server: Express serving the Remix build (pages and /api/*) on one port, with the
// probes a load balancer needs. Socket.IO attaches to the same http.Server (server/realtime).
import { createServer, type Server } from "node:http";
import { randomUUID } from "node:crypto";
import compression from "compression";
import express from "express";
import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { isSchemaCurrent } from "../app/db/migrate.server.ts";
import { database } from "../app/db/client.server.ts";
import { bodyLimitFor, limitedBody, refuseOversizedBodies } from "../app/http/body-limits.server.ts";
import { originAllowed } from "../app/http/origin.server.ts";
import { log } from "./log.ts";
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
    res.status(403).json({ error: "Cross-origin request refused" });
  };
}

const wantsJson = (path: string) => path.startsWith("/api/");

/** An error answer in the app's shape: the API's JSON error, or a plain sentence for pages. */
function answer(req: express.Request, res: express.Response, status: number, message: string) {
  if (wantsJson(req.path)) res.status(status).json({ error: message });
  else res.status(status).type("text/plain").send(`${message}\n`);
}

/**
 * An address with a broken percent-encoding (%FF, %E0%A4) or a NUL cannot name anything here:
 * 400 before the static files or the router try to decode it (and fail with their own page).
 */
const readableAddresses: express.RequestHandler = (req, res, next) => {
  const path = req.originalUrl.split("?")[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return answer(req, res, 400, "The address is not valid: it contains a broken %-encoding");
  }
  if (decoded.includes("\0")) return answer(req, res, 400, "The address is not valid: it contains a NUL character");
  next();
};

/**
 * Remix's Express adapter, with one difference: the body handed to Remix counts its bytes as they
 * arrive and answers 413 past the limit (limitedBody), so a chunked body without Content-Length is
 * never read whole either. What the route answers after that is dropped: the 413 has gone.
 */
function remixHandler(build: ServerBuild, getLoadContext: (req: express.Request, res: express.Response) => AppLoadContext): express.RequestHandler {
  const handleRequest = createRequestHandler(build, process.env.NODE_ENV);
  return async (req, res, next) => {
    try {
      const controller = new AbortController();
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: fetchHeaders(req), signal: controller.signal };
      if (req.method !== "GET" && req.method !== "HEAD") {
        init.body = limitedBody(req, res, bodyLimitFor(req.path, req.get("content-type")));
        init.duplex = "half";
      }
      // Abort loaders and actions once the response can no longer be written.
      let finished = false;
      res.on("finish", () => (finished = true));
      res.on("close", () => finished || controller.abort());
      // req.protocol and req.hostname follow "trust proxy"; the port comes from the Host header.
      const port = [req.get("x-forwarded-host"), req.get("host")].map((h) => Number.parseInt(h?.split(":")[1] ?? "", 10)).find(Number.isSafeInteger);
      let request: Request;
      try {
        request = new Request(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`, init);
      } catch {
        return answer(req, res, 400, "The request's Host header is not valid");
      }
      const response = await handleRequest(request, getLoadContext(req, res));
      if (res.headersSent) return;
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

function fetchHeaders(req: express.Request): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(key, value);
  }
  return headers;
}

/**
 * The last word on errors passed to Express (a static file's 400, a failed response): the app's
 * shape, never Express's HTML page with a stack trace. 4xx keep their status; anything else is
 * logged and answered 500 without internals.
 */
const errorAnswer: express.ErrorRequestHandler = (error, req, res, _next) => {
  const status = Number((error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof URIError || (status >= 400 && status < 500)) {
    return answer(req, res, status >= 400 && status < 500 ? status : 400, status === 404 ? "Not found" : "The request could not be understood");
  }
  log.error("request failed", { requestId: res.locals.requestId, path: req.path, error: String((error as Error)?.stack ?? error) });
  answer(req, res, 500, "Something went wrong on our side");
};

export function createApp({ build, allowedOrigins = [], trustProxy, stopping = () => false }: AppOptions): Server {
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
      log.info("request", { requestId: id, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
    });
    next();
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
    const ready = !stopping() && (await isSchemaCurrent(database().sql).catch(() => false));
    res.status(ready ? 200 : 503).json({ ok: ready });
  });
  app.use(sameOriginWrites(allowedOrigins));
  app.use(
    remixHandler(build, (req, res) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown", requestId: res.locals.requestId, cspNonce: res.locals.cspNonce })),
  );
  app.use(errorAnswer);
  return createServer(app);
}
