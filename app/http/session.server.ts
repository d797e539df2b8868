// The session cookie and the "who is asking" helpers for pages and the API.
import { createCookie, json, redirect } from "@remix-run/node";

import { may } from "~/access/capabilities.ts";
import { type SessionUser } from "~/access/visibility.ts";
import { env } from "~/config/env.server.ts";
import { SESSION_TTL_MS, userForSession } from "~/domain/auth.server.ts";

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  const { SESSION_SECRET, NODE_ENV } = env();
  cookie ??= createCookie("followup_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: NODE_ENV === "production",
    path: "/",
    secrets: [SESSION_SECRET],
    maxAge: SESSION_TTL_MS / 1000,
  });
  return cookie;
}

export async function sessionToken(request: Request): Promise<string | null> {
  return tokenFromCookieHeader(request.headers.get("Cookie"));
}

/** Also for the socket handshake, which has the Cookie header but no Fetch Request. */
export async function tokenFromCookieHeader(header: string | null): Promise<string | null> {
  const value = await sessionCookie().parse(header);
  return typeof value === "string" ? value : null;
}

export const commitSessionCookie = (token: string) => sessionCookie().serialize(token);
export const clearSessionCookie = () => sessionCookie().serialize("", { maxAge: 0 });

export async function currentUser(request: Request): Promise<SessionUser | null> {
  const token = await sessionToken(request);
  return token ? userForSession(token) : null;
}

/** For pages: the signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await currentUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

/**
 * For the administration pages: the signed-in administrator. The pages do not exist for anyone
 * else (404, as for what a user may not see); the domain checks again for the API.
 */
export async function requireAdministrator(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!may(user, "administer")) throw new Response("Not found", { status: 404 });
  return user;
}

/** For the JSON API: the signed-in user, or 401. */
export async function requireApiUser(request: Request): Promise<SessionUser> {
  const user = await currentUser(request);
  if (user) return user;
  throw json({ error: "Sign in first" }, { status: 401 });
}
