// The sign-in throttle's counters (SignInThrottle): one row per key ("account:<email>",
// "address:<ip>"), holding the instants of the attempts counted within the window. The limits,
// the window and what counts as an attempt are auth.server.ts's; the statements here only count,
// take back and prune, atomically.
//
// Raw SQL for the statements that compute the new row from the row's current value under its lock
// (ON CONFLICT DO UPDATE with a sub-select, array slicing, FOR UPDATE SKIP LOCKED), none of which
// Prisma can express; the plain delete goes through Prisma. Times are the database's, one clock for the whole cluster, in
// milliseconds so that a hit read back into a JavaScript Date names the stored value exactly.
import { prisma } from "~/db/client.server.ts";

export interface ThrottleKey {
  key: string;
  /** How many attempts the key may have within the window. */
  max: number;
}

export interface CountedAttempt {
  key: string;
  admitted: boolean;
  /** The instant this attempt was counted at (the same on both keys): its entry in `hits`. */
  at: Date;
  /** When refused: seconds until enough of the key's attempts have left the window. */
  retryAfter: number | null;
}

/**
 * Counts an attempt on two keys, each only if it is within its limit, and says per key whether it
 * was. One statement: INSERT ... ON CONFLICT DO UPDATE locks each key's row (creating it if need
 * be) and computes the new row from the latest committed version of it, so "is there room? then
 * count me" cannot interleave with another attempt on the same key, whichever process or
 * connection sends it (on PGlite, statements run one at a time anyway). An attempt over the limit
 * is not counted on that key; a refused one learns when the key is free again: once its
 * max-th newest attempt leaves the window.
 * Rows are taken in VALUES order, first then second, by the only statement that locks two, so
 * attempts cannot deadlock one another; every other statement here locks one row at a time (or,
 * pruning, skips locked ones).
 */
export async function countAttempt(
  first: ThrottleKey,
  second: ThrottleKey,
  windowSeconds: number,
): Promise<CountedAttempt[]> {
  return prisma().$queryRaw<CountedAttempt[]>`
    INSERT INTO "SignInThrottle" AS t (key, hits, admitted)
    VALUES (${first.key}, ARRAY[date_trunc('milliseconds', now())], true),
           (${second.key}, ARRAY[date_trunc('milliseconds', now())], true)
    ON CONFLICT (key) DO UPDATE SET (hits, admitted) = (
      SELECT CASE WHEN cardinality(w.kept) < w.max THEN w.kept || date_trunc('milliseconds', now()) ELSE w.kept END,
             cardinality(w.kept) < w.max
      FROM (SELECT ARRAY(SELECT h FROM unnest(t.hits) h WHERE h > now() - ${windowSeconds}::int * interval '1 second' ORDER BY h) AS kept,
                   CASE WHEN t.key = ${first.key} THEN ${first.max}::int ELSE ${second.max}::int END AS max) w)
    RETURNING key, admitted, date_trunc('milliseconds', now()) AS at,
      CASE WHEN NOT admitted THEN ceil(extract(epoch FROM (
        (SELECT h FROM unnest(hits) h ORDER BY h DESC
         OFFSET (CASE WHEN key = ${first.key} THEN ${first.max}::int ELSE ${second.max}::int END) - 1 LIMIT 1)
        + ${windowSeconds}::int * interval '1 second' - now())))::int END AS "retryAfter"`;
}

/** Takes back one attempt counted on a key (a no-op if the key was cleared or pruned since). */
export async function uncountAttempt(key: string, at: Date): Promise<void> {
  await prisma().$executeRaw`
    UPDATE "SignInThrottle"
    SET hits = hits[:array_position(hits, ${at}::timestamptz) - 1] || hits[array_position(hits, ${at}::timestamptz) + 1:]
    WHERE key = ${key} AND ${at}::timestamptz = ANY(hits)`;
}

/** Forgets every attempt counted on a key. */
export async function clearThrottleKey(key: string): Promise<void> {
  await prisma().signInThrottle.deleteMany({ where: { key } });
}

/**
 * Deletes the counters all of whose attempts have left the window. SKIP LOCKED: a counter that a
 * sign-in is updating right now is in use, and waiting for it could deadlock with that sign-in's
 * second row.
 */
export async function deleteIdleThrottleKeys(windowSeconds: number): Promise<void> {
  await prisma().$executeRaw`
    DELETE FROM "SignInThrottle" WHERE key IN (
      SELECT key FROM "SignInThrottle"
      WHERE NOT EXISTS (SELECT 1 FROM unnest(hits) h WHERE h > now() - ${windowSeconds}::int * interval '1 second')
      FOR UPDATE SKIP LOCKED)`;
}
