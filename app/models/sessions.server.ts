// Sessions, stored so that signing out (or disabling an account) ends them on the server, for
// every process. The id is a hash of the cookie's token (auth.server.ts sessionIdOf).
//
// A session is live while it is unexpired (the absolute timeout, "expiresAt") and its person has
// been active within the idle timeout ("lastSeenAt"), both by the database's clock: one clock for
// the whole cluster. Times are written and compared as UTC (naive timestamps, as Prisma writes
// them), whatever the connection's time zone. How long each timeout is, is the caller's to say.
import { prisma } from "~/db/client.server.ts";
import { Prisma, type Role } from "~/generated/prisma/client.ts";

import type { Db } from "./transaction.server.ts";

/** What a session whose sign-in is not finished waits for (Session.awaiting). */
export type Awaiting = "second_factor" | "enrolment";

const NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;

/** What makes session `s` live: unexpired, active within `idleMinutes`, its account `u` enabled. */
const live = (idleMinutes: number) => Prisma.sql`
  s."expiresAt" > ${NOW}
  AND s."lastSeenAt" > ${NOW} - make_interval(mins => ${idleMinutes}::int)
  AND u."disabledAt" IS NULL`;

/**
 * Opens a session that lasts `lifetimeMinutes` from now (its absolute timeout), active as of now;
 * `awaiting` for a sign-in not finished yet.
 */
export async function createSession(
  session: { id: string; userId: string; lifetimeMinutes: number; awaiting: Awaiting | null },
  db: Db = prisma(),
): Promise<void> {
  const { id, userId, lifetimeMinutes, awaiting } = session;
  await db.$executeRaw`
    INSERT INTO "Session" (id, "userId", "createdAt", "lastSeenAt", "expiresAt", awaiting)
    VALUES (${id}, ${userId}, ${NOW}, ${NOW}, ${NOW} + make_interval(mins => ${lifetimeMinutes}::int), ${awaiting})`;
}

export interface SessionUserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  organization: { id: string; name: string; shortName: string; kind: string; countryCode: string | null };
  locale: string | null;
  timeZone: string | null;
}

/** The user of a live, fully signed-in session (unexpired, not idle, account enabled), or null. */
export async function userOfLiveSession(
  sessionId: string,
  idleMinutes: number,
): Promise<SessionUserRow | null> {
  // Raw SQL: every request asks this, and one plain join was measured faster than the ORM here
  // (docs/performance.md); and "unexpired" and "not idle" are by the database's clock, which a
  // Prisma filter cannot name. A session whose sign-in is not finished (awaiting a code, or a
  // second factor to be set up) is no signed-in session.
  const rows = await prisma().$queryRaw<
    (Omit<SessionUserRow, "organization"> & { org: SessionUserRow["organization"] })[]
  >`
    SELECT u.id, u.name, u.email, u.role::text AS role, u.locale, u."timeZone",
           json_build_object('id', o.id, 'name', o.name, 'shortName', o."shortName", 'kind', o.kind, 'countryCode', o."countryCode") AS org
    FROM "Session" s
    JOIN "User" u ON u.id = s."userId"
    JOIN "Organization" o ON o.id = u."organizationId"
    WHERE s.id = ${sessionId} AND s.awaiting IS NULL AND ${live(idleMinutes)}`;
  const row = rows[0];
  if (!row) return null;
  const { org, ...user } = row;
  return { ...user, organization: org };
}

export interface PendingSessionRow {
  userId: string;
  email: string;
  role: Role;
  awaiting: Awaiting;
}

/** A live session whose sign-in is not finished, with what it awaits; null for any other. */
export async function pendingSession(
  sessionId: string,
  idleMinutes: number,
): Promise<PendingSessionRow | null> {
  const rows = await prisma().$queryRaw<PendingSessionRow[]>`
    SELECT u.id AS "userId", u.email, u.role::text AS role, s.awaiting
    FROM "Session" s
    JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${sessionId} AND s.awaiting IS NOT NULL AND ${live(idleMinutes)}`;
  return rows[0] ?? null;
}

/** Of these session ids, the fully signed-in ones still live (unexpired, not idle, account enabled). */
export async function liveSessionIdsAmong(ids: string[], idleMinutes: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await prisma().$queryRaw<{ id: string }[]>`
    SELECT s.id FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ANY(${ids}::text[]) AND s.awaiting IS NULL AND ${live(idleMinutes)}`;
  return new Set(rows.map((r) => r.id));
}

/**
 * Marks the session active now, if it was last marked more than `everySeconds` ago and is still
 * live: a session idle past its timeout is never revived. Returns whether it wrote.
 */
export async function touchSession(
  sessionId: string,
  idleMinutes: number,
  everySeconds: number,
): Promise<boolean> {
  const count = await prisma().$executeRaw`
    UPDATE "Session" SET "lastSeenAt" = ${NOW}
    WHERE id = ${sessionId}
      AND "lastSeenAt" < ${NOW} - make_interval(secs => ${everySeconds}::int)
      AND "lastSeenAt" > ${NOW} - make_interval(mins => ${idleMinutes}::int)
      AND "expiresAt" > ${NOW}`;
  return count > 0;
}

/** Deletes the session; returns its account (id and email), or null when there was none. */
export async function deleteSession(
  id: string,
  db: Db = prisma(),
): Promise<{ id: string; email: string } | null> {
  const rows = await db.$queryRaw<{ id: string; email: string }[]>`
    DELETE FROM "Session" s USING "User" u WHERE s.id = ${id} AND u.id = s."userId" RETURNING u.id, u.email`;
  return rows[0] ?? null;
}

/**
 * Deletes the session if it still awaits `awaiting` and is live: a pending sign-in is completed
 * once, even if its code is sent twice at once. Returns whether it did.
 */
export async function claimPendingSession(
  id: string,
  awaiting: Awaiting,
  idleMinutes: number,
  db: Db,
): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    DELETE FROM "Session" s USING "User" u
    WHERE s.id = ${id} AND u.id = s."userId" AND s.awaiting = ${awaiting} AND ${live(idleMinutes)}
    RETURNING s.id`;
  return rows.length === 1;
}

export async function deleteSessionsOfUser(userId: string, db: Db = prisma()): Promise<void> {
  await db.session.deleteMany({ where: { userId } });
}

/** Deletes the sessions past their absolute or their idle timeout; returns their ids. */
export async function deleteDeadSessions(idleMinutes: number): Promise<string[]> {
  const rows = await prisma().$queryRaw<{ id: string }[]>`
    DELETE FROM "Session"
    WHERE "expiresAt" <= ${NOW} OR "lastSeenAt" <= ${NOW} - make_interval(mins => ${idleMinutes}::int)
    RETURNING id`;
  return rows.map((r) => r.id);
}

/** Records a sign-in to an existing account, or one refused for a wrong password or code. */
export async function recordSignIn(userId: string, address: string, succeeded: boolean): Promise<void> {
  await prisma().signInRecord.create({ data: { userId, address, succeeded } });
}

/** The account's latest sign-ins, newest first. */
export async function recentSignInsOf(userId: string, limit: number) {
  return prisma().signInRecord.findMany({
    where: { userId },
    orderBy: { id: "desc" },
    take: limit,
    select: { at: true, address: true, succeeded: true },
  });
}

export async function deleteSignInRecordsBefore(before: Date): Promise<void> {
  await prisma().signInRecord.deleteMany({ where: { at: { lt: before } } });
}
