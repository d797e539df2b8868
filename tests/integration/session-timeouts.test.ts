// Session timeouts and rotation, on this file's own database, by the database's clock: a session
// ends SESSION_ABSOLUTE_HOURS after signing in however active (12 hours here, the default), and
// SESSION_IDLE_MINUTES after its last activity (30 minutes); time is moved by moving the session's
// own timestamps back. Activity is a request, or a co-editing change accepted over the socket;
// presence and merely being connected are not, and the realtime sweep closes the sockets of an
// idle session. Signing in gives a new session id, and ends the one the browser had.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import {
  liveSessionIds,
  pruneAuthRecords,
  sessionIdOf,
  signIn,
  userForSession,
} from "~/domain/auth.server.ts";
import { onSessionEnded } from "~/domain/events.server.ts";
import { commitSessionCookie, tokenFromCookieHeader } from "~/http/session.server.ts";
import * as casesRoute from "~/routes/api.cases._index.ts";
import * as loginPage from "~/routes/login.tsx";
import * as accountPage from "~/routes/me.account.tsx";
import { attachRealtime } from "~server/realtime/index.ts";
import { makeCtedExpert, type Person } from "~tests/helpers/factories.ts";
import { call, cookieFrom, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~tests/helpers/http.ts";
import { connectPeer, type Peer, responseText, saved, synced, waitFor } from "~tests/helpers/realtime.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let address = 0;
const ip = () => `10.89.${Math.floor(++address / 250)}.${address % 250}`;

async function session(person: { email: string }) {
  const { token } = await signIn(person.email, DEMO_PASSWORD, ip());
  return { token, id: sessionIdOf(token), cookie: (await commitSessionCookie(token)).split(";")[0]! };
}

const row = (id: string) => prisma().session.findUniqueOrThrow({ where: { id } });

/** Moves the session's last activity back by `ms`, as if that long had passed without any. */
const idleFor = (id: string, ms: number) =>
  prisma().$executeRaw`
    UPDATE "Session" SET "lastSeenAt" = (now() AT TIME ZONE 'UTC') - make_interval(secs => ${ms / 1000}::int)
    WHERE id = ${id}`;

const ended: string[] = [];
const stopListening = onSessionEnded((id) => ended.push(id));
afterAll(() => stopListening());

describe("the absolute timeout", () => {
  it("is 12 hours from signing in, in the database and the cookie, and activity does not move it", async () => {
    const person = await makeCtedExpert();
    const res = await call(loginPage, "/login", {
      body: new URLSearchParams({ email: person.email, password: DEMO_PASSWORD, redirectTo: "/dashboard" }),
      ip: ip(),
    });
    expect(res.headers.get("Set-Cookie")).toMatch(/Max-Age=43200;/);
    const token = (await tokenFromCookieHeader(cookieFrom(res)))!;
    const stored = await row(sessionIdOf(token));
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(12 * HOUR);
    expect(stored.lastSeenAt.getTime()).toBe(stored.createdAt.getTime());

    // Active a minute ago and now again: its activity moves, its end does not.
    await idleFor(stored.id, 2 * MINUTE);
    expect((await call(casesRoute, "/api/cases", { cookie: cookieFrom(res) })).status).toBe(200);
    const after = await row(stored.id);
    expect(after.lastSeenAt.getTime()).toBeGreaterThanOrEqual(stored.createdAt.getTime());
    expect(after.expiresAt).toEqual(stored.expiresAt);
  });

  it("ends the session when it passes, however active: pages, the API and the live connections' check alike", async () => {
    const person = await makeCtedExpert();
    const mine = await session(person);
    expect(await userForSession(mine.token)).not.toBeNull();
    await prisma().session.update({
      where: { id: mine.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await userForSession(mine.token)).toBeNull();
    expect((await call(casesRoute, "/api/cases", { cookie: mine.cookie })).status).toBe(401);
    const page = await call(accountPage, "/me/account", { cookie: mine.cookie });
    expect(page.headers.get("Location")).toBe("/login?redirectTo=%2Fme%2Faccount");
    expect((await liveSessionIds([mine.id])).has(mine.id)).toBe(false);
    await pruneAuthRecords();
    expect(await prisma().session.count({ where: { id: mine.id } })).toBe(0);
    expect(ended).toContain(mine.id);
  });
});

describe("the idle timeout", () => {
  it("keeps a session active within 30 minutes: a request marks it active again, at most once a minute", async () => {
    const person = await makeCtedExpert();
    const mine = await session(person);
    await idleFor(mine.id, 29 * MINUTE);
    const before = await row(mine.id);
    expect((await call(casesRoute, "/api/cases", { cookie: mine.cookie })).status).toBe(200);
    const touched = await row(mine.id);
    expect(touched.lastSeenAt.getTime() - before.lastSeenAt.getTime()).toBeGreaterThan(28 * MINUTE);
    // Another request at once: no second write within the minute.
    expect((await call(casesRoute, "/api/cases", { cookie: mine.cookie })).status).toBe(200);
    expect((await row(mine.id)).lastSeenAt).toEqual(touched.lastSeenAt);
  });

  it("a page reloading its data for a live event is not activity; the same request unmarked is", async () => {
    const person = await makeCtedExpert();
    const mine = await session(person);
    await idleFor(mine.id, 20 * MINUTE);
    const before = await row(mine.id);
    const reload = (cookie: string) => call(casesRoute, "/api/cases?_data=routes%2Fcases._index", { cookie });
    expect((await reload(`${mine.cookie}; followup_live_reload=1`)).status).toBe(200);
    expect((await row(mine.id)).lastSeenAt).toEqual(before.lastSeenAt);
    expect((await reload(mine.cookie)).status).toBe(200);
    expect((await row(mine.id)).lastSeenAt.getTime()).toBeGreaterThan(before.lastSeenAt.getTime());
  });

  it("ends a session 30 minutes after its last activity, and a request then does not revive it", async () => {
    const person = await makeCtedExpert();
    const idle = await session(person);
    const active = await session(person);
    await idleFor(idle.id, 31 * MINUTE);
    const lastSeen = (await row(idle.id)).lastSeenAt;
    expect(await userForSession(idle.token)).toBeNull();
    expect(await userForSession(active.token)).not.toBeNull();
    expect((await call(casesRoute, "/api/cases", { cookie: idle.cookie })).status).toBe(401);
    expect((await row(idle.id)).lastSeenAt).toEqual(lastSeen);
    expect([...(await liveSessionIds([idle.id, active.id]))]).toEqual([active.id]);
    // Its owner's page no longer lists it.
    const page = await (await call(accountPage, "/me/account", { cookie: active.cookie })).json();
    expect(page.sessions).toHaveLength(1);
    expect(page.timeouts).toEqual({ idleMinutes: 30, hours: 12 });
    // Housekeeping deletes it and announces it, so that its live connections close everywhere.
    await pruneAuthRecords();
    expect(await prisma().session.count({ where: { id: idle.id } })).toBe(0);
    expect(await prisma().session.count({ where: { id: active.id } })).toBe(1);
    expect(ended).toContain(idle.id);
  });
});

describe("over the live connection", () => {
  let server: Server;
  let realtime: Awaited<ReturnType<typeof attachRealtime>>;
  let url: string;
  const peers: Peer[] = [];
  beforeAll(async () => {
    server = createServer();
    realtime = await attachRealtime(server, { sessionSweepMs: 200 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const p of peers) p.close();
    await realtime.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("co-editing counts as activity; presence and being connected do not; an idle session's socket is closed", async () => {
    const expert: Pick<Person, "email"> = { email: DEMO_ACCOUNTS.expert };
    const mine = await session(expert);
    const docId = `case:${(await prisma().case.findUniqueOrThrow({ where: { ref: "TJK-2017-BC-01" } })).id}`;
    const peer = connectPeer(url, mine.cookie, docId);
    peers.push(peer);
    await synced(peer);

    // Connected, showing presence, for 20 minutes: still idle as far as the session goes.
    await idleFor(mine.id, 20 * MINUTE);
    const quiet = (await row(mine.id)).lastSeenAt;
    peer.provider.awareness.setLocalStateField("cursor", { anchor: 1, head: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await row(mine.id)).lastSeenAt).toEqual(quiet);

    // Typing: the accepted change marks the session active.
    responseText(peer.doc).insert(0, "Typed. ");
    await saved(peer);
    await expect
      .poll(async () => (await row(mine.id)).lastSeenAt.getTime() - quiet.getTime())
      .toBeGreaterThan(19 * MINUTE);
    expect(peer.socket.connected).toBe(true);

    // Idle past the timeout: the sweep closes the socket, and it cannot come back.
    await idleFor(mine.id, 31 * MINUTE);
    await waitFor(() => !peer.socket.connected, "the idle session's socket to be closed");
    expect(await userForSession(mine.token)).toBeNull();
  });
});

describe("a new session id at each sign-in", () => {
  it("signing in again in a browser that has a session gives a new token and ends the old one", async () => {
    const person = await makeCtedExpert();
    const first = await session(person);
    const res = await call(loginPage, "/login", {
      cookie: first.cookie,
      body: new URLSearchParams({ email: person.email, password: DEMO_PASSWORD, redirectTo: "/dashboard" }),
      ip: ip(),
    });
    expect(res.status).toBe(302);
    const token = (await tokenFromCookieHeader(cookieFrom(res)))!;
    expect(token).not.toBe(first.token);
    expect(await userForSession(token)).toMatchObject({ id: person.id });
    expect(await userForSession(first.token)).toBeNull();
    expect((await call(casesRoute, "/api/cases", { cookie: first.cookie })).status).toBe(401);
    expect(ended).toContain(first.id);
  });
});
