// Which origins may send state-changing requests (server/app.ts) and open sockets
// (server/realtime): the app's own and those in ALLOWED_ORIGINS. An origin is a scheme and a host:
// http://host is not https://host, since a page served over plain HTTP can be rewritten by anyone
// on the network, and must not act on the HTTPS app with its users' cookies.
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

import { env } from "~/config/env.server.ts";

/**
 * The origins this request may come from as the app itself: the one it reached us at (the scheme a
 * load balancer states in X-Forwarded-Proto, else whether the connection is TLS; and its Host), and
 * APP_URL's, where users reach the app (behind a proxy that does not say its scheme). A browser
 * page cannot set X-Forwarded-Proto on a cross-origin request without a preflight the app never
 * grants, so trusting it cannot let another site in.
 */
function ownOrigins(req: Pick<IncomingMessage, "headers" | "socket">): string[] {
  const forwarded = String(req.headers["x-forwarded-proto"] ?? "")
    .split(",")[0]!
    .trim()
    .toLowerCase();
  const scheme =
    forwarded === "https" || forwarded === "http"
      ? forwarded
      : (req.socket as TLSSocket | undefined)?.encrypted
        ? "https"
        : "http";
  const origins = [new URL(env().APP_URL).origin];
  const host = req.headers.host;
  if (host) {
    try {
      origins.push(new URL(`${scheme}://${host}`).origin);
    } catch {
      /* a Host that is not a host name matches nothing */
    }
  }
  return origins;
}

/** True for a request without Origin (not a browser: the session cookie is still required). */
export function originAllowed(
  origin: string | undefined,
  req: Pick<IncomingMessage, "headers" | "socket">,
  allowed: string[],
): boolean {
  if (origin === undefined || origin === "") return true;
  if (allowed.includes(origin)) return true;
  if (origin === "null") return false;
  let parsed: string;
  try {
    parsed = new URL(origin).origin;
  } catch {
    return false;
  }
  return ownOrigins(req).includes(parsed);
}
