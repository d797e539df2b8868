// Passwords, sessions and the sign-in throttle. Sessions live in the database so that signing
// out (or disabling an account) ends them on the server, for every process.
import { createHash, randomBytes } from "node:crypto";

import argon2 from "argon2";

import { type SessionUser } from "~/access/visibility.ts";
import {
  createSession,
  deleteSession,
  deleteSessionsExpiredBefore,
  deleteSignInRecordsBefore,
  liveSessionIdsAmong,
  recordSignIn,
  userOfLiveSession,
} from "~/models/sessions.server.ts";
import {
  clearThrottleKey,
  countAttempt,
  type CountedAttempt,
  deleteIdleThrottleKeys,
  uncountAttempt,
} from "~/models/sign-in-throttle.server.ts";
import { userWithPasswordByEmail } from "~/models/users.server.ts";

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

function toSessionUser(u: { disabledAt: Date | null } & SessionUser): SessionUser {
  const { disabledAt: _disabledAt, ...user } = u;
  return user;
}

const WINDOW_SECONDS = THROTTLE_WINDOW_MS / 1000;
const accountKey = (email: string) => `account:${email}`;
const addressKey = (ip: string) => `address:${ip}`;

/**
 * Counts a sign-in attempt on its account and its address, before any password is checked, and
 * says per key whether it is within the limit (sign-in-throttle.server.ts countAttempt: one
 * statement, so "is there room? then count me" cannot interleave with another attempt).
 */
async function countSignInAttempt(
  email: string,
  ip: string,
): Promise<{ account: CountedAttempt; address: CountedAttempt }> {
  const account = accountKey(email);
  const address = addressKey(ip);
  const rows = await countAttempt(
    { key: account, max: MAX_FAILURES_PER_ACCOUNT },
    { key: address, max: MAX_FAILURES_PER_ADDRESS },
    WINDOW_SECONDS,
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return { account: byKey.get(account)!, address: byKey.get(address)! };
}

/**
 * Counts the attempt, or refuses it (429) when its account or its address has had its share in
 * the window. What is counted stays counted, as a failure, unless the password proves right:
 * a process that dies while checking errs on the side of the throttle.
 */
async function admitAttempt(email: string, ip: string) {
  const { account, address } = await countSignInAttempt(email, ip);
  if (account.admitted && address.admitted) return { account, address };
  // Refused on one key: give back what it took on the other, so that a refused attempt costs
  // neither key anything (as when only failures counted). Until then that key holds one extra
  // attempt, which can only refuse someone a moment early, never let anyone more through.
  for (const counted of [account, address])
    if (counted.admitted) await uncountAttempt(counted.key, counted.at);
  const retryAfter = Math.max(...[account, address].map((c) => (c.admitted ? 0 : (c.retryAfter ?? 1))));
  throw new TooManyAttemptsError(Math.max(1, retryAfter));
}

/** Checks the credentials and opens a session; returns the user and the cookie token. */
export async function signIn(emailInput: string, password: string, ip: string) {
  const email = emailInput.trim().toLowerCase();
  // Counted before the password is checked: at most the limit of passwords are ever checked per
  // account (and per address) per window, however many attempts arrive at once.
  const { address } = await admitAttempt(email, ip);
  const user = await userWithPasswordByEmail(email);
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const valid = await argon2.verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  // What the account's owner sees on their page: who tried, from where, and whether it worked.
  if (user && !user.disabledAt) await recordSignIn(user.id, ip, valid);
  if (!user || !valid || user.disabledAt) throw new InvalidCredentialsError();
  // The right password: the account's failures are forgiven (its counter starts again), and this
  // attempt does not count against its address, where only failures count.
  await Promise.all([clearThrottleKey(accountKey(email)), uncountAttempt(address.key, address.at)]);
  const token = await openSession(user.id);
  const { passwordHash: _hash, ...rest } = user;
  return { user: toSessionUser(rest), token };
}

/** Opens a new session for the account (a fresh random token: ids are never reused); returns its cookie token. */
export async function openSession(userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await createSession({ id: sessionIdOf(token), userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS) });
  return token;
}

/** The user behind a session token, or null when the session is unknown, expired or disabled. */
export async function userForSession(token: string): Promise<SessionUser | null> {
  return userOfLiveSession(sessionIdOf(token));
}

/** Of these session ids, the ones still valid (unexpired, account enabled). */
export async function liveSessionIds(ids: string[]): Promise<Set<string>> {
  return liveSessionIdsAmong(ids, new Date());
}

export async function endSession(token: string): Promise<void> {
  const id = sessionIdOf(token);
  await deleteSession(id);
  publishSessionEnded(id);
}

/**
 * Housekeeping: expired sessions (each announced, so that its live connections close on every
 * process), and throttle counters all of whose attempts have left the window.
 */
/** How long an account's sign-ins are kept for its owner to see. */
const SIGN_IN_RECORDS_KEPT_MS = 90 * 24 * 60 * 60 * 1000;

export async function pruneAuthRecords(now = new Date()): Promise<void> {
  for (const id of await deleteSessionsExpiredBefore(now)) publishSessionEnded(id);
  await deleteIdleThrottleKeys(WINDOW_SECONDS);
  await deleteSignInRecordsBefore(new Date(now.getTime() - SIGN_IN_RECORDS_KEPT_MS));
}
