// How the HTTP edge answers what never reaches a route: the API's JSON error or a plain sentence
// for pages, never Express's HTML page with a stack trace.
import type express from "express";

import { edgeMessage } from "~/http/body-limits.server.ts";
import { log } from "~/lib/log.server.ts";

const wantsJson = (path: string) => path.startsWith("/api/");

/**
 * An error answer in the app's shape: the API's JSON error (the sentence in the request's
 * language, and its code), or a plain sentence for pages.
 */
export function answer(
  req: express.Request,
  res: express.Response,
  status: number,
  message: string,
  code: string,
) {
  if (wantsJson(req.path)) res.status(status).json({ error: message, code });
  else res.status(status).type("text/plain").send(`${message}\n`);
}

/**
 * An address with a broken percent-encoding (%FF, %E0%A4) or a NUL cannot name anything here:
 * 400 before the static files or the router try to decode it (and fail with their own page).
 */
export const readableAddresses: express.RequestHandler = (req, res, next) => {
  const path = req.originalUrl.split("?")[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return answer(req, res, 400, edgeMessage("edge.brokenEncoding"), "invalid_address");
  }
  if (decoded.includes("\0"))
    return answer(req, res, 400, edgeMessage("edge.nulInAddress"), "invalid_address");
  next();
};

/**
 * The last word on errors passed to Express (a static file's 400, a failed response): the app's
 * shape, never Express's HTML page with a stack trace. 4xx keep their status; anything else is
 * logged and answered 500 without internals.
 */
export const errorAnswer: express.ErrorRequestHandler = (error, req, res, _next) => {
  const status = Number(
    (error as { status?: unknown; statusCode?: unknown })?.status ??
      (error as { statusCode?: unknown })?.statusCode,
  );
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof URIError || (status >= 400 && status < 500)) {
    return answer(
      req,
      res,
      status >= 400 && status < 500 ? status : 400,
      status === 404 ? edgeMessage("notFound.thing") : edgeMessage("edge.notUnderstood"),
      status === 404 ? "not_found" : "bad_request",
    );
  }
  log.error("request failed", {
    path: req.path,
    error: String((error as Error)?.stack ?? error),
  });
  answer(req, res, 500, edgeMessage("internal"), "internal_error");
};
