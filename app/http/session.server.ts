// The session cookie and the "who is asking" helpers for pages and the API.
import { createCookie, json, redirect } from "@remix-run/node";

import { may } from "~/access/capabilities.ts";
import { rowScope } from "~/access/scopes.server.ts";
import { type SessionUser } from "~/access/visibility.ts";
import { env } from "~/config/env.server.ts";
import { scopeRequestTo } from "~/db/row-security.server.ts";
import {
  pendingSignIn,
  sessionActive,
  sessionIdOf,
  sessionLifetimeMinutes,
  userForSession,
} from "~/domain/auth.server.ts";
import { adoptSavedLanguage } from "~/i18n/detect.server.ts";
import { t } from "~/i18n/i18n.server.ts";
import { currentRequest } from "~/lib/log.server.ts";

import { isLiveReload } from "./live-reload.ts";

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  const { SESSION_SECRET, NODE_ENV } = env();
  cookie ??= createCookie("followup_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: NODE_ENV === "production",
    path: "/",
    secrets: [SESSION_SECRET],
    // The browser forgets it when the session ends at the latest (SESSION_ABSOLUTE_HOURS).
    maxAge: sessionLifetimeMinutes() * 60,
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

/** The signed-in user of the request, or null; the request counts as the person's activity. */
export function currentUser(request: Request): Promise<SessionUser | null> {
  // A page's loaders (the root's, the route's) each ask: a read is answered once per request.
  // Not a write: an action can end the session or change the person before its page's loaders run.
  const context = currentRequest();
  if (!context || request.method !== "GET") return signedInUser(request);
  return (context.signedIn ??= signedInUser(request)) as Promise<SessionUser | null>;
}

async function signedInUser(request: Request): Promise<SessionUser | null> {
  const token = await sessionToken(request);
  if (!token) return null;
  const user = await userForSession(token);
  if (!user) return null;
  if (!isLiveReload(request)) await sessionActive(sessionIdOf(token));
  // From here on, the request's statements run under row-level security in the user's scope
  // (app/db/row-security.server.ts), beside the access module's filters.
  scopeRequestTo(rowScope(user));
  adoptSavedLanguage(user.locale);
  return user;
}

/** Where a session that has not finished signing in must go first: the code page or the set-up page. */
export function pendingStepPath(awaiting: "second_factor" | "enrolment", back: string): string {
  return awaiting === "second_factor"
    ? `/login/code?redirectTo=${encodeURIComponent(back)}`
    : `/me/second-factor?redirectTo=${encodeURIComponent(back)}`;
}

/**
 * For pages: the signed-in user, or a redirect: to the step a sign-in still awaits (its code, or
 * setting up a second factor), else to the sign-in page; either comes back here.
 */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await currentUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  const token = await sessionToken(request);
  const pending = token ? await pendingSignIn(token) : null;
  if (pending) throw redirect(pendingStepPath(pending.awaiting, back));
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

/**
 * For the administration pages: the signed-in administrator. The pages do not exist for anyone
 * else (404, as for what a user may not see); the domain checks again for the API.
 */
export async function requireAdministrator(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!may(user, "administer")) throw new Response(t("errors:notFound.thing"), { status: 404 });
  return user;
}

/** For the JSON API: the signed-in user, or 401 (saying what is left when a sign-in is not finished). */
export async function requireApiUser(request: Request): Promise<SessionUser> {
  const user = await currentUser(request);
  if (user) return user;
  const token = await sessionToken(request);
  const pending = token ? await pendingSignIn(token) : null;
  if (pending)
    throw json(
      {
        error:
          pending.awaiting === "second_factor"
            ? t("errors:session.awaitingCode")
            : t("errors:session.awaitingEnrolment"),
        code: "sign_in_unfinished",
        next: pending.awaiting,
      },
      { status: 401 },
    );
  throw json({ error: t("errors:session.signInFirst"), code: "unauthenticated" }, { status: 401 });
}

// A session replaced by an action (the set-up page rotating an enrolment session into a signed-in
// one) is the one the same request's loaders must see: Remix runs them, after a form posted
// without JavaScript, with the request's old Cookie header. Keyed by the request's load context,
// which the action and the loaders share.
const replacedTokens = new WeakMap<object, string>();

export function rememberReplacedSession(context: object, token: string): void {
  replacedTokens.set(context, token);
}

/** The session token this request acts with: one its action just made, else the cookie's. */
export async function sessionTokenOf(request: Request, context: object): Promise<string | null> {
  return replacedTokens.get(context) ?? (await sessionToken(request));
}
