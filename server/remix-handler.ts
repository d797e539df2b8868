// Serving the Remix build from Express, with the request body counted as it streams.
import {
  type AppLoadContext,
  createRequestHandler,
  type ServerBuild,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import type express from "express";

import { bodyLimitFor, edgeMessage, limitedBody } from "~/http/body-limits.server.ts";

import { answer } from "./http-answers.ts";

/**
 * Remix's Express adapter, with one difference: the body handed to Remix counts its bytes as they
 * arrive and answers 413 past the limit (limitedBody), so a chunked body without Content-Length is
 * never read whole either. What the route answers after that is dropped: the 413 has gone.
 */
export function remixHandler(
  build: ServerBuild,
  getLoadContext: (req: express.Request, res: express.Response) => AppLoadContext,
): express.RequestHandler {
  const handleRequest = createRequestHandler(build, process.env.NODE_ENV);
  return async (req, res, next) => {
    try {
      const controller = new AbortController();
      const init: RequestInit & { duplex?: "half" } = {
        method: req.method,
        headers: fetchHeaders(req),
        signal: controller.signal,
      };
      if (req.method !== "GET" && req.method !== "HEAD") {
        init.body = limitedBody(req, res, bodyLimitFor(req.path, req.get("content-type")));
        init.duplex = "half";
      }
      // Abort loaders and actions once the response can no longer be written.
      let finished = false;
      res.on("finish", () => (finished = true));
      res.on("close", () => finished || controller.abort());
      // req.protocol and req.hostname follow "trust proxy"; the port comes from the Host header.
      const port = [req.get("x-forwarded-host"), req.get("host")]
        .map((h) => Number.parseInt(h?.split(":")[1] ?? "", 10))
        .find(Number.isSafeInteger);
      let request: Request;
      try {
        request = new Request(
          `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`,
          init,
        );
      } catch {
        return answer(req, res, 400, edgeMessage("edge.badHost"), "invalid_host");
      }
      const response = await handleRequest(request, getLoadContext(req, res));
      if (res.headersSent) return;
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) {
        // Appended, so that a route's policy adds to the app's (two CSPs both apply); but a header
        // the route repeats with the value already set (nosniff) is sent once.
        if (res.getHeader(key) !== value) res.append(key, value);
      }
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
