// Passwords, second factors at sign-in, sessions and the sign-in throttle. Sessions live in the
// database so that signing out (or disabling an account) ends them on the server, for every
// process; a session ends too after SESSION_IDLE_MINUTES without activity and SESSION_ABSOLUTE_HOURS
// after signing in, by the database's clock.
//
// Signing in is one or two steps. A right password opens a full session, unless the account has a
// second factor (the session then awaits a code: "second_factor") or its role must have one and it
// has none yet (the session may only set one up: "enrolment"). A session that awaits something is
// no signed-in session for anything else; completing the step replaces it with a new one (a new
// token), as signing in does.
import { createHash, randomBytes } from "node:crypto";

import argon2 from "argon2";

import { type SessionUser } from "~/access/visibility.ts";
import { env } from "~/config/env.server.ts";
import { t } from "~/i18n/i18n.server.ts";
import { unusedRecoveryCodeCount } from "~/models/second-factor.server.ts";
import {
  type Awaiting,
  claimPendingSession,
  createSession,
  deleteDeadSessions,
  deleteSession,
  deleteSignInRecordsBefore,
  liveSessionIdsAmong,
  pendingSession,
  type PendingSessionRow,
  recordSignIn,
  touchSession,
  userOfLiveSession,
} from "~/models/sessions.server.ts";
import {
  clearThrottleKey,
  countAttempt,
  type CountedAttempt,
  deleteIdleThrottleKeys,
  uncountAttempt,
} from "~/models/sign-in-throttle.server.ts";
import { type Db, inTransaction } from "~/models/transaction.server.ts";
import { userWithPasswordByEmail } from "~/models/users.server.ts";

import { audit } from "./audit.server.ts";
import { DomainError } from "./errors.server.ts";
import { publishSessionEnded } from "./events.server.ts";
import {
  hasSecondFactor,
  parseCode,
  redeemCode,
  secondFactorRequired,
  type TypedCode,
} from "./second-factor.server.ts";

export type { Awaiting } from "~/models/sessions.server.ts";

// OWASP's argon2id baseline (19 MiB, 2 passes): strong, and quick enough for a sign-in.
const ARGON2_OPTIONS = { type: argon2.argon2id as 2, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

/** How long a sign-in may wait for its code, or for a second factor to be set up. */
const PENDING_MINUTES = 15;
/** A session's activity is written at most this often: not every request is a write. */
const TOUCH_EVERY_SECONDS = 60;

/** The idle timeout, in minutes: a session ends this long after its person's last activity. */
export const idleMinutes = () => env().SESSION_IDLE_MINUTES;
/** The absolute timeout, in minutes: a session ends this long after signing in, however active. */
export const sessionLifetimeMinutes = () => env().SESSION_ABSOLUTE_HOURS * 60;

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      { key: "auth:errors.tooManyAttempts", values: { count: Math.ceil(retryAfterSeconds / 60) } },
      { retryAfterSeconds },
    );
  }
}

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super(401, "auth:errors.invalidCredentials");
  }
}

/** A wrong code, or one used already (401): counted by the throttle like a wrong password. */
export class WrongCodeError extends DomainError {
  constructor(field = "code") {
    const message = t("auth:errors.wrongCode");
    super(401, message, { fields: { [field]: message } });
  }
}

/** The API's answer when the password was right and the account's second factor is needed (401). */
export class SecondFactorNeededError extends DomainError {
  constructor() {
    super(401, "auth:errors.secondFactorNeeded", { next: "second_factor" });
  }
}

/** The API's answer when the account's role must use a second factor and it has none yet (403). */
export class EnrolmentNeededError extends DomainError {
  constructor() {
    super(403, "auth:errors.enrolmentNeeded", { next: "enrolment" });
  }
}

/** The session awaiting a code (or a set-up) is gone: it timed out, or was completed already (410). */
export class SignInExpiredError extends DomainError {
  constructor() {
    super(410, "auth:errors.signInExpired");
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
 * the window. What is counted stays counted, as a failure, unless the password (or the code)
 * proves right: a process that dies while checking errs on the side of the throttle.
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

/** What a sign-in gives: the user, the session's cookie token, and what the session still awaits. */
export interface SignedIn {
  user: SessionUser;
  token: string;
  /** Null: signed in. Otherwise the browser goes to the code page or the set-up page. */
  awaiting: Awaiting | null;
}

/** Why a sign-in was refused, for the audit log; the person reads only "Email or password is incorrect". */
function refusal(user: Awaited<ReturnType<typeof userWithPasswordByEmail>>) {
  if (!user) return "unknown_account";
  if (user.disabledAt) return "account_disabled";
  if (!user.passwordHash) return "no_password_yet";
  return "wrong_password";
}

/**
 * Checks the credentials and opens a session. Through the page (`api` false), an account with a
 * second factor gets a session awaiting its code, and one whose role must have a second factor
 * but has none gets a session that may only set one up. Through the API (`api` true), the code
 * comes with the password (`code`), and no session opens without it.
 */
export async function signIn(
  emailInput: string,
  password: string,
  ip: string,
  options: { api?: boolean; code?: string } = {},
): Promise<SignedIn> {
  const email = emailInput.trim().toLowerCase();
  // A malformed code is refused (400) before anything is counted or checked.
  const typed = options.code !== undefined ? parseCode(options.code) : undefined;
  // Counted before the password is checked: at most the limit of passwords are ever checked per
  // account (and per address) per window, however many attempts arrive at once.
  const { account, address } = await admitAttempt(email, ip).catch(async (error: unknown) => {
    if (error instanceof TooManyAttemptsError)
      await audit({
        actor: { id: null, email },
        action: "sign_in_failed",
        details: { reason: "too_many_attempts" },
      });
    throw error;
  });
  const user = await userWithPasswordByEmail(email);
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const valid = await argon2.verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  // What the account's owner sees on their page: who tried, from where, and whether it worked.
  if (user && !user.disabledAt && !valid) await recordSignIn(user.id, ip, false);
  if (!user || !valid || user.disabledAt) {
    await audit({
      actor: { id: user?.id ?? null, email },
      action: "sign_in_failed",
      ...(user ? { subject: { type: "user", id: user.id } } : {}),
      details: { reason: refusal(user) },
    });
    throw new InvalidCredentialsError();
  }
  const { passwordHash: _hash, ...rest } = user;
  const signedIn = toSessionUser(rest);
  const me = { id: user.id, email: user.email };

  if (await hasSecondFactor(user.id)) {
    // The right password, but not a sign-in yet: this attempt does not count, and neither does it
    // forgive the account's earlier failures, wrong codes among them (else a known password would
    // reset the count of guessed codes).
    await Promise.all([uncountAttempt(account.key, account.at), uncountAttempt(address.key, address.at)]);
    if (typed) {
      const used = await checkCode(me, typed, ip, "sign_in");
      return { user: signedIn, token: await openFullSession(me, used), awaiting: null };
    }
    if (options.api) throw new SecondFactorNeededError();
    return { user: signedIn, token: await openSession(user.id, "second_factor"), awaiting: "second_factor" };
  }

  // The right password: the account's failures are forgiven (its counter starts again), and this
  // attempt does not count against its address, where only failures count.
  await Promise.all([clearThrottleKey(account.key), uncountAttempt(address.key, address.at)]);
  await recordSignIn(user.id, ip, true);
  if (secondFactorRequired(user.role)) {
    if (options.api) throw new EnrolmentNeededError();
    return { user: signedIn, token: await openSession(user.id, "enrolment"), awaiting: "enrolment" };
  }
  return { user: signedIn, token: await openFullSession(me, "none"), awaiting: null };
}

/** Opens a signed-in session and records the sign-in in the audit log; returns its cookie token. */
async function openFullSession(user: { id: string; email: string }, secondFactor: string): Promise<string> {
  return inTransaction(async (tx) => {
    const token = await openSession(user.id, null, tx);
    await signedInAudit(user, secondFactor, tx);
    return token;
  });
}

const signedInAudit = (user: { id: string; email: string }, secondFactor: string, tx: Db) =>
  audit(
    { actor: user, action: "sign_in", subject: { type: "user", id: user.id }, details: { secondFactor } },
    tx,
  );

/** Where a code was typed, for the audit log. */
export type CodeStep = "sign_in" | "renew_recovery_codes" | "remove" | "replace";

/**
 * Checks a second-factor code of this account, counted by the sign-in throttle on the account's
 * key like a password (429 past the limit, so codes cannot be guessed), and uses it up. A wrong
 * one is recorded (the audit log; at sign-in also the account's recent sign-ins) and refused
 * (401); a right one forgives the account's earlier failures.
 */
export async function checkCode(
  user: { id: string; email: string },
  typed: TypedCode,
  ip: string,
  step: CodeStep,
  field = "code",
): Promise<"totp" | "recovery"> {
  const failed = (details: Record<string, string>) =>
    audit({ actor: user, action: "second_factor_failed", subject: { type: "user", id: user.id }, details });
  const { account, address } = await admitAttempt(user.email, ip).catch(async (error: unknown) => {
    if (error instanceof TooManyAttemptsError) await failed({ step, reason: "too_many_attempts" });
    throw error;
  });
  const used = await redeemCode(user.id, typed);
  if (!used) {
    await failed({ step, reason: typed.kind === "totp" ? "wrong_code" : "wrong_recovery_code" });
    if (step === "sign_in") await recordSignIn(user.id, ip, false);
    throw new WrongCodeError(field);
  }
  await Promise.all([clearThrottleKey(account.key), uncountAttempt(address.key, address.at)]);
  if (step === "sign_in") await recordSignIn(user.id, ip, true);
  if (used === "recovery")
    await audit({
      actor: user,
      action: "recovery_code_used",
      subject: { type: "user", id: user.id },
      details: { step, recoveryCodesLeft: await unusedRecoveryCodeCount(user.id) },
    });
  return used;
}

/**
 * The code step of signing in: the session awaiting a code (`token`) is replaced by a new,
 * signed-in one, whose token is returned; the old token no longer works. 410 when that session
 * timed out or was completed meanwhile.
 */
export async function completeSignIn(token: string, code: string, ip: string): Promise<string> {
  const pending = await pendingSignIn(token);
  if (pending?.awaiting !== "second_factor") throw new SignInExpiredError();
  const typed = parseCode(code);
  const me = { id: pending.userId, email: pending.email };
  const used = await checkCode(me, typed, ip, "sign_in");
  const fresh = await replacePendingSession(token, "second_factor", me, used);
  if (!fresh) throw new SignInExpiredError();
  return fresh;
}

/**
 * Replaces a session awaiting `awaiting` by a new, signed-in one (a new token: its id is never
 * the pending one's), in one transaction with the sign-in's audit entry; `tx` to do it inside the
 * caller's. Null when that session is no longer there to replace.
 */
export async function replacePendingSession(
  token: string,
  awaiting: Awaiting,
  user: { id: string; email: string },
  secondFactor: string,
  tx?: Db,
): Promise<string | null> {
  const replace = async (db: Db) => {
    if (!(await claimPendingSession(sessionIdOf(token), awaiting, idleMinutes(), db))) return null;
    const fresh = await openSession(user.id, null, db);
    await signedInAudit(user, secondFactor, db);
    return fresh;
  };
  return tx ? replace(tx) : inTransaction(replace);
}

/**
 * Opens a new session for the account (a fresh random token: ids are never reused); returns its
 * cookie token. A signed-in session lasts SESSION_ABSOLUTE_HOURS; one that awaits a code or a
 * set-up, PENDING_MINUTES at most.
 */
export async function openSession(
  userId: string,
  awaiting: Awaiting | null = null,
  db?: Db,
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const lifetimeMinutes = awaiting
    ? Math.min(PENDING_MINUTES, sessionLifetimeMinutes())
    : sessionLifetimeMinutes();
  await createSession({ id: sessionIdOf(token), userId, lifetimeMinutes, awaiting }, db);
  return token;
}

/**
 * The user behind a signed-in session's token; null when the session is unknown, ended, timed
 * out, still awaits a step of signing in, or its account is disabled.
 */
export async function userForSession(token: string): Promise<SessionUser | null> {
  return userOfLiveSession(sessionIdOf(token), idleMinutes());
}

/** The sign-in a token's session is still waiting to complete (a code, or a set-up); null for any other. */
export async function pendingSignIn(token: string): Promise<PendingSessionRow | null> {
  return pendingSession(sessionIdOf(token), idleMinutes());
}

// When this process last wrote each session's activity: most requests need not ask the database.
const lastTouched = new Map<string, number>();

/**
 * The person behind this session did something (a request, a co-editing change): their idle
 * timeout starts again. Written at most once a minute per session; a session already idle past
 * its timeout stays ended.
 */
export async function sessionActive(sessionId: string): Promise<void> {
  const now = Date.now();
  const recent = now - TOUCH_EVERY_SECONDS * 1000;
  if ((lastTouched.get(sessionId) ?? 0) > recent) return;
  lastTouched.set(sessionId, now);
  if (lastTouched.size > 10_000) for (const [id, at] of lastTouched) if (at <= recent) lastTouched.delete(id);
  await touchSession(sessionId, idleMinutes(), TOUCH_EVERY_SECONDS);
}

/** Of these session ids, the ones still signed in (unexpired, not idle, account enabled). */
export async function liveSessionIds(ids: string[]): Promise<Set<string>> {
  return liveSessionIdsAmong(ids, idleMinutes());
}

/** Signs out: the session ends at once, its live connections too (on every process). */
export async function endSession(token: string): Promise<void> {
  const id = sessionIdOf(token);
  const user = await deleteSession(id);
  publishSessionEnded(id);
  if (user) await audit({ actor: user, action: "sign_out", subject: { type: "user", id: user.id } });
}

/** How long an account's sign-ins are kept for its owner to see. */
const SIGN_IN_RECORDS_KEPT_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * Housekeeping: sessions past their absolute or idle timeout (each announced, so that its live
 * connections close on every process), throttle counters all of whose attempts have left the
 * window, and sign-in records past their keeping.
 */
export async function pruneAuthRecords(now = new Date()): Promise<void> {
  for (const id of await deleteDeadSessions(idleMinutes())) publishSessionEnded(id);
  await deleteIdleThrottleKeys(WINDOW_SECONDS);
  await deleteSignInRecordsBefore(new Date(now.getTime() - SIGN_IN_RECORDS_KEPT_MS));
}
