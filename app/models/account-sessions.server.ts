// A person's own account, as they manage it from their account page: their password hash, and
// their sessions (listed, and ended all but one, or all). What to end and when is
// domain/own-account.server.ts's decision.
import { prisma } from "~/db/client.server.ts";

import type { Db } from "./transaction.server.ts";

/** The account's password hash; null when it has none (an invitation not yet accepted) or there is no such account. */
export async function passwordHashOf(userId: string): Promise<string | null> {
  const row = await prisma().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return row?.passwordHash ?? null;
}

/**
 * The user's live, fully signed-in sessions (unexpired and not idle, by the database's clock), the
 * newest first.
 */
export async function liveSessionsOf(
  userId: string,
  idleMinutes: number,
): Promise<{ id: string; createdAt: Date; expiresAt: Date; lastSeenAt: Date }[]> {
  return prisma().$queryRaw`
    SELECT id, "createdAt", "expiresAt", "lastSeenAt" FROM "Session"
    WHERE "userId" = ${userId} AND awaiting IS NULL
      AND "expiresAt" > (now() AT TIME ZONE 'UTC')
      AND "lastSeenAt" > (now() AT TIME ZONE 'UTC') - make_interval(mins => ${idleMinutes}::int)
    ORDER BY "createdAt" DESC, id`;
}

/**
 * Deletes the user's sessions, all but `keep` (all of them when it is null), and returns the ids
 * of those it deleted. One statement (DELETE ... RETURNING), so the ids are exactly the rows it
 * deleted, even of a session opened meanwhile: each can then be announced as ended.
 */
export async function deleteSessionsOfUserExcept(
  userId: string,
  keep: string | null,
  db: Db = prisma(),
): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    DELETE FROM "Session" WHERE "userId" = ${userId} AND id IS DISTINCT FROM ${keep} RETURNING id`;
  return rows.map((r) => r.id);
}
