// Sessions, stored so that signing out (or disabling an account) ends them on the server, for
// every process. The id is a hash of the cookie's token (auth.server.ts sessionIdOf).
import { prisma } from "~/db/client.server.ts";
import type { Role } from "~/generated/prisma/client.ts";

import type { Db } from "./transaction.server.ts";

export async function createSession(session: { id: string; userId: string; expiresAt: Date }): Promise<void> {
  await prisma().session.create({ data: session });
}

export interface SessionUserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  organization: { id: string; name: string; shortName: string; kind: string; countryCode: string | null };
}

/** The user of a live session (unexpired, account enabled), or null. */
export async function userOfLiveSession(sessionId: string): Promise<SessionUserRow | null> {
  // Raw SQL: every request asks this, and one plain join was measured faster than the ORM here
  // (docs/performance.md); and "unexpired" is by the database's clock (now()), which a Prisma
  // filter cannot name, as it was before this moved here.
  const rows = await prisma().$queryRaw<
    (Omit<SessionUserRow, "organization"> & { org: SessionUserRow["organization"] })[]
  >`
    SELECT u.id, u.name, u.email, u.role::text AS role,
           json_build_object('id', o.id, 'name', o.name, 'shortName', o."shortName", 'kind', o.kind, 'countryCode', o."countryCode") AS org
    FROM "Session" s
    JOIN "User" u ON u.id = s."userId"
    JOIN "Organization" o ON o.id = u."organizationId"
    WHERE s.id = ${sessionId} AND s."expiresAt" > now() AND u."disabledAt" IS NULL`;
  const row = rows[0];
  if (!row) return null;
  const { org, ...user } = row;
  return { ...user, organization: org };
}

/** Of these session ids, the ones still live at `now` (unexpired, account enabled). */
export async function liveSessionIdsAmong(ids: string[], now: Date): Promise<Set<string>> {
  const rows = await prisma().session.findMany({
    where: { id: { in: ids }, expiresAt: { gt: now }, user: { disabledAt: null } },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

export async function deleteSession(id: string): Promise<void> {
  await prisma().session.deleteMany({ where: { id } });
}

export async function deleteSessionsOfUser(userId: string, db: Db = prisma()): Promise<void> {
  await db.session.deleteMany({ where: { userId } });
}

/** Deletes the sessions that expired before `now`; returns their ids. */
export async function deleteSessionsExpiredBefore(now: Date): Promise<string[]> {
  const expired = await prisma().session.findMany({
    where: { expiresAt: { lt: now } },
    select: { id: true },
  });
  await prisma().session.deleteMany({ where: { id: { in: expired.map((s) => s.id) } } });
  return expired.map((s) => s.id);
}

/** Records a sign-in to an existing account, or one refused for a wrong password. */
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
