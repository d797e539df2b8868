// Passwords, sessions and the sign-in throttle. Sessions live in the database so that signing
// out (or disabling an account) ends them on the server, for every process.
import { createHash, randomBytes } from "node:crypto";

import argon2 from "argon2";

import { prisma } from "~/db/client.server.ts";

import type { SessionUser } from "./access.server.ts";
import { DomainError } from "./errors.server.ts";
import { publishSessionEnded } from "./events.server.ts";

// OWASP's argon2id baseline (19 MiB, 2 passes): strong, and quick enough for a sign-in.
const ARGON2_OPTIONS = { type: argon2.argon2id as 2, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, {
      retryAfterSeconds,
    });
  }
}

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super(401, "Email or password is incorrect");
  }
}

export const hashPassword = (password: string) => argon2.hash(password, ARGON2_OPTIONS);

// Verifying against a real hash for unknown emails keeps response times from revealing accounts.
let dummyHash: Promise<string> | undefined;

/** The session's id in the database: a hash of the cookie's token. */
export const sessionIdOf = (token: string) => createHash("sha256").update(token).digest("hex");

const USER_SELECT = {
  id: true,
  name: true,
  email: true,
  role: true,
  disabledAt: true,
  organization: { select: { id: true, name: true, shortName: true, kind: true, countryCode: true } },
} as const;

function toSessionUser(u: { disabledAt: Date | null } & SessionUser): SessionUser {
  const { disabledAt: _disabledAt, ...user } = u;
  return user;
}

const WINDOW_SECONDS = THROTTLE_WINDOW_MS / 1000;
const accountKey = (email: string) => `account:${email}`;
const addressKey = (ip: string) => `address:${ip}`;

interface Counted {
  key: string;
  admitted: boolean;
  /** The instant this attempt was counted at (the same on both keys): its entry in `hits`. */
  at: Date;
  /** When refused: seconds until enough of the key's attempts have left the window. */
  retryAfter: number | null;
}

/**
 * Counts a sign-in attempt on its account and its address, before any password is checked, and
 * says per key whether it is within the limit. One statement: INSERT ... ON CONFLICT DO UPDATE
 * locks each key's row (creating it if need be) and computes the new row from the latest committed
 * version of it, so "is there room? then count me" cannot interleave with another attempt on the
 * same key, whichever process or connection sends it (on PGlite, statements run one at a time
 * anyway). An attempt over the limit is not counted on that key; a refused one learns when the
 * key is free again: once its limit-th newest attempt leaves the window.
 * Rows are taken in VALUES order, account then address, by the only statement that locks two, so
 * attempts cannot deadlock one another; every other statement here locks one row at a time (or,
 * pruning, skips locked ones). Times are the database's, one clock for the whole cluster, in
 * milliseconds so that a hit read back into a JavaScript Date names the stored value exactly.
 */
async function countAttempt(email: string, ip: string): Promise<{ account: Counted; address: Counted }> {
  const account = accountKey(email);
  const address = addressKey(ip);
  const rows = await prisma().$queryRaw<Counted[]>`
    INSERT INTO "SignInThrottle" AS t (key, hits, admitted)
    VALUES (${account}, ARRAY[date_trunc('milliseconds', now())], true),
           (${address}, ARRAY[date_trunc('milliseconds', now())], true)
    ON CONFLICT (key) DO UPDATE SET (hits, admitted) = (
      SELECT CASE WHEN cardinality(w.kept) < w.max THEN w.kept || date_trunc('milliseconds', now()) ELSE w.kept END,
             cardinality(w.kept) < w.max
      FROM (SELECT ARRAY(SELECT h FROM unnest(t.hits) h WHERE h > now() - ${WINDOW_SECONDS}::int * interval '1 second' ORDER BY h) AS kept,
                   CASE WHEN t.key = ${account} THEN ${MAX_FAILURES_PER_ACCOUNT}::int ELSE ${MAX_FAILURES_PER_ADDRESS}::int END AS max) w)
    RETURNING key, admitted, date_trunc('milliseconds', now()) AS at,
      CASE WHEN NOT admitted THEN ceil(extract(epoch FROM (
        (SELECT h FROM unnest(hits) h ORDER BY h DESC
         OFFSET (CASE WHEN key = ${account} THEN ${MAX_FAILURES_PER_ACCOUNT}::int ELSE ${MAX_FAILURES_PER_ADDRESS}::int END) - 1 LIMIT 1)
        + ${WINDOW_SECONDS}::int * interval '1 second' - now())))::int END AS "retryAfter"`;
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return { account: byKey.get(account)!, address: byKey.get(address)! };
}

/** Takes back one attempt counted on a key (a no-op if the key was cleared or pruned since). */
async function uncount(key: string, at: Date): Promise<void> {
  await prisma().$executeRaw`
    UPDATE "SignInThrottle"
    SET hits = hits[:array_position(hits, ${at}::timestamptz) - 1] || hits[array_position(hits, ${at}::timestamptz) + 1:]
    WHERE key = ${key} AND ${at}::timestamptz = ANY(hits)`;
}

/**
 * Counts the attempt, or refuses it (429) when its account or its address has had its share in
 * the window. What is counted stays counted, as a failure, unless the password proves right:
 * a process that dies while checking errs on the side of the throttle.
 */
async function admitAttempt(email: string, ip: string) {
  const { account, address } = await countAttempt(email, ip);
  if (account.admitted && address.admitted) return { account, address };
  // Refused on one key: give back what it took on the other, so that a refused attempt costs
  // neither key anything (as when only failures counted). Until then that key holds one extra
  // attempt, which can only refuse someone a moment early, never let anyone more through.
  for (const counted of [account, address]) if (counted.admitted) await uncount(counted.key, counted.at);
  const retryAfter = Math.max(...[account, address].map((c) => (c.admitted ? 0 : (c.retryAfter ?? 1))));
  throw new TooManyAttemptsError(Math.max(1, retryAfter));
}

/** Checks the credentials and opens a session; returns the user and the cookie token. */
export async function signIn(emailInput: string, password: string, ip: string) {
  const email = emailInput.trim().toLowerCase();
  const now = new Date();
  // Counted before the password is checked: at most the limit of passwords are ever checked per
  // account (and per address) per window, however many attempts arrive at once.
  const { address } = await admitAttempt(email, ip);
  const user = await prisma().user.findUnique({
    where: { email },
    select: { ...USER_SELECT, passwordHash: true },
  });
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const valid = await argon2.verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  if (!user || !valid || user.disabledAt) throw new InvalidCredentialsError();
  // The right password: the account's failures are forgiven (its counter starts again), and this
  // attempt does not count against its address, where only failures count.
  await Promise.all([
    prisma().signInThrottle.deleteMany({ where: { key: accountKey(email) } }),
    uncount(address.key, address.at),
  ]);
  const token = randomBytes(32).toString("base64url");
  await prisma().session.create({
    data: { id: sessionIdOf(token), userId: user.id, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) },
  });
  const { passwordHash: _hash, ...rest } = user;
  return { user: toSessionUser(rest), token };
}

/** The user behind a session token, or null when the session is unknown, expired or disabled. */
export async function userForSession(token: string): Promise<SessionUser | null> {
  // Every request asks this: one plain join rather than the ORM's nested reads.
  const rows = await prisma().$queryRaw<
    (Omit<SessionUser, "organization"> & { org: SessionUser["organization"] })[]
  >`
    SELECT u.id, u.name, u.email, u.role::text AS role,
           json_build_object('id', o.id, 'name', o.name, 'shortName', o."shortName", 'kind', o.kind, 'countryCode', o."countryCode") AS org
    FROM "Session" s
    JOIN "User" u ON u.id = s."userId"
    JOIN "Organization" o ON o.id = u."organizationId"
    WHERE s.id = ${sessionIdOf(token)} AND s."expiresAt" > now() AND u."disabledAt" IS NULL`;
  const row = rows[0];
  if (!row) return null;
  const { org, ...user } = row;
  return { ...user, organization: org };
}

/** Of these session ids, the ones still valid (unexpired, account enabled). */
export async function liveSessionIds(ids: string[]): Promise<Set<string>> {
  const rows = await prisma().session.findMany({
    where: { id: { in: ids }, expiresAt: { gt: new Date() }, user: { disabledAt: null } },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

export async function endSession(token: string): Promise<void> {
  const id = sessionIdOf(token);
  await prisma().session.deleteMany({ where: { id } });
  publishSessionEnded(id);
}

/**
 * Housekeeping: expired sessions, and throttle counters all of whose attempts have left the
 * window (by the database's clock, which stamped them). SKIP LOCKED: a counter that a sign-in is
 * updating right now is in use, and waiting for it could deadlock with that sign-in's second row.
 */
export async function pruneAuthRecords(now = new Date()): Promise<void> {
  const expired = await prisma().session.findMany({
    where: { expiresAt: { lt: now } },
    select: { id: true },
  });
  await prisma().session.deleteMany({ where: { id: { in: expired.map((s) => s.id) } } });
  for (const { id } of expired) publishSessionEnded(id);
  await prisma().$executeRaw`
    DELETE FROM "SignInThrottle" WHERE key IN (
      SELECT key FROM "SignInThrottle"
      WHERE NOT EXISTS (SELECT 1 FROM unnest(hits) h WHERE h > now() - ${WINDOW_SECONDS}::int * interval '1 second')
      FOR UPDATE SKIP LOCKED)`;
}
