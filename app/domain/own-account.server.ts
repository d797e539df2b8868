// A person's own account (the account page and the second factor's page): changing their
// password, setting up, renewing or removing their second factor, seeing where they are signed in,
// and signing out their other sessions or all of them. Ending a session deletes its row and
// announces it (events.server.ts publishSessionEnded): its pages ask to sign in again and its live
// connections close at once, on every process. Each change is in the audit log (the language and
// time zone, preferences rather than security, are not).
import argon2 from "argon2";

import type { Role } from "~/access/roles.ts";
import { type SessionUser } from "~/access/visibility.ts";
import { isSupportedLanguage } from "~/i18n/detect.server.ts";
import { isTimeZone } from "~/i18n/format.ts";
import { type Message, translateMessage } from "~/i18n/i18n.server.ts";
import {
  deleteSessionsOfUserExcept,
  liveSessionsOf,
  passwordHashOf,
} from "~/models/account-sessions.server.ts";
import { setPasswordHash } from "~/models/accounts.server.ts";
import {
  disableTotp,
  enableTotp,
  replaceRecoveryCodes,
  secondFactorOf,
} from "~/models/second-factor.server.ts";
import { recentSignInsOf } from "~/models/sessions.server.ts";
import { clearThrottleKey, countAttempt, uncountAttempt } from "~/models/sign-in-throttle.server.ts";
import { inTransaction } from "~/models/transaction.server.ts";
import { setPreferences } from "~/models/users.server.ts";

import { audit } from "./audit.server.ts";
import {
  type Awaiting,
  checkCode,
  hashPassword,
  idleMinutes,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  replacePendingSession,
  SignInExpiredError,
  THROTTLE_WINDOW_MS,
} from "./auth.server.ts";
import { DomainError, ForbiddenError, InvalidInputError } from "./errors.server.ts";
import { publishSessionEnded } from "./events.server.ts";
import { tellPasswordChanged } from "./notifications.server.ts";
import { passwordProblem } from "./password-policy.server.ts";
import {
  encryptTotpSecret,
  matchingStep,
  newRecoveryCodes,
  newSetUp,
  parseCode,
  recoveryCodeHashes,
  sameSetUp,
  secondFactorRequired,
  type SetUp,
  startedSetUp,
} from "./second-factor.server.ts";

/** Too many wrong current passwords on the account page within the window (429). */
export class TooManyWrongPasswordsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      { key: "account:errors.tooManyWrongPasswords", values: { count: Math.ceil(retryAfterSeconds / 60) } },
      { retryAfterSeconds },
    );
  }
}

/** The second factor is not in the state the request needs (409): said in a sentence. */
export class SecondFactorStateError extends DomainError {
  constructor(message: string | Message) {
    super(409, message);
  }
}

export interface AccountSession {
  startedAt: Date;
  /** When it ends at the latest (the absolute timeout); it ends sooner after SESSION_IDLE_MINUTES idle. */
  expiresAt: Date;
  /** The last activity seen (written at most once a minute). */
  lastActiveAt: Date;
  /** The session of the browser asking. */
  current: boolean;
}

/** The user's signed-in sessions still live, this browser's first, then the newest first. */
export async function accountSessions(
  user: SessionUser,
  currentSessionId: string,
): Promise<AccountSession[]> {
  const sessions = await liveSessionsOf(user.id, idleMinutes());
  return sessions
    .map((s) => ({
      startedAt: s.createdAt,
      expiresAt: s.expiresAt,
      lastActiveAt: s.lastSeenAt,
      current: s.id === currentSessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** The user's latest sign-ins (and refused attempts), newest first: to notice someone else's. */
export async function recentSignIns(user: SessionUser) {
  return recentSignInsOf(user.id, 10);
}

/** Ends the user's sessions but `keep` (all of them when null), with its audit entry; returns how many it ended. */
async function endSessions(user: SessionUser, keep: string | null): Promise<number> {
  const ended = await inTransaction(async (tx) => {
    const ids = await deleteSessionsOfUserExcept(user.id, keep, tx);
    await audit(
      {
        actor: { id: user.id, email: user.email },
        action: "signed_out_everywhere",
        subject: { type: "user", id: user.id },
        details: { endedSessions: ids.length, thisSessionKept: keep !== null },
      },
      tx,
    );
    return ids;
  });
  for (const id of ended) publishSessionEnded(id);
  return ended.length;
}

/** "Sign out everywhere else": every session of the user but this one ends. */
export function endOtherSessions(user: SessionUser, currentSessionId: string): Promise<number> {
  return endSessions(user, currentSessionId);
}

/** "Sign out everywhere": every session of the user ends, this one too. */
export function endAllSessions(user: SessionUser): Promise<number> {
  return endSessions(user, null);
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

// Wrong current passwords are counted like failed sign-ins (sign-in-throttle.server.ts): per
// account on a key of their own, so that typing errors here do not lock the person out of signing
// in elsewhere, and per address on sign-in's own key (auth.server.ts addressKey), so that one
// address guesses no more passwords through this page than through the sign-in page.
const WINDOW_SECONDS = THROTTLE_WINDOW_MS / 1000;
const passwordKey = (userId: string) => `password:${userId}`;
const addressKey = (ip: string) => `address:${ip}`;

/**
 * Counts a check of the current password before it is made, or refuses it (429) when the account
 * or the address has had its share of wrong ones in the window. Returns what to give back if the
 * password proves right.
 */
async function admitPasswordCheck(userId: string, ip: string) {
  const rows = await countAttempt(
    { key: passwordKey(userId), max: MAX_FAILURES_PER_ACCOUNT },
    { key: addressKey(ip), max: MAX_FAILURES_PER_ADDRESS },
    WINDOW_SECONDS,
  );
  if (rows.every((r) => r.admitted)) return rows;
  for (const counted of rows) if (counted.admitted) await uncountAttempt(counted.key, counted.at);
  const retryAfter = Math.max(...rows.map((r) => (r.admitted ? 0 : (r.retryAfter ?? 1))));
  throw new TooManyWrongPasswordsError(Math.max(1, retryAfter));
}

/**
 * Changes the user's password: the current one must be right (checks are throttled as sign-ins
 * are), the new one acceptable (password-policy.server.ts), typed the same twice, and not the
 * current one. Every other session of the user ends with the change; this one (`currentSessionId`)
 * stays. Refused, it says what is wrong with each field at once. Returns how many sessions ended.
 */
export async function changePassword(
  user: SessionUser,
  currentSessionId: string,
  input: PasswordChange,
  ip: string,
): Promise<{ endedSessions: number }> {
  const { currentPassword, newPassword, confirmPassword } = input;
  const fields: Record<string, string> = {};
  const problem = passwordProblem(newPassword, user);
  if (problem) fields.newPassword = problem;
  else if (confirmPassword !== newPassword) fields.confirmPassword = "account:errors.confirmDiffers";
  if (currentPassword.length === 0) fields.currentPassword = "account:errors.enterCurrentPassword";
  else if (!(await currentPasswordIsRight(user.id, currentPassword, ip)))
    fields.currentPassword = "account:errors.wrongCurrentPassword";
  else if (newPassword === currentPassword) fields.newPassword = "account:errors.sameAsCurrent";
  if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);

  const newHash = await hashPassword(newPassword);
  const ended = await inTransaction(async (tx) => {
    await setPasswordHash(user.id, newHash, tx);
    const ids = await deleteSessionsOfUserExcept(user.id, currentSessionId, tx);
    await audit(
      {
        actor: { id: user.id, email: user.email },
        action: "password_changed",
        subject: { type: "user", id: user.id },
        details: { endedSessions: ids.length },
      },
      tx,
    );
    return ids;
  });
  // Announced once committed: their live connections close on every process.
  for (const id of ended) publishSessionEnded(id);
  await tellPasswordChanged(user.id, "changed");
  return { endedSessions: ended.length };
}

/** Checks the user's current password, counted by the throttle (429 past its limit). */
async function currentPasswordIsRight(userId: string, password: string, ip: string): Promise<boolean> {
  const counted = await admitPasswordCheck(userId, ip);
  const hash = await passwordHashOf(userId);
  const right = hash !== null && (await argon2.verify(hash, password).catch(() => false));
  if (!right) return false;
  // Right: the account's earlier wrong ones are forgiven (as a sign-in forgives them), and this
  // check does not count against the address, where only wrong passwords count.
  await clearThrottleKey(passwordKey(userId));
  for (const c of counted) if (c.key !== passwordKey(userId)) await uncountAttempt(c.key, c.at);
  return true;
}

// --- The second factor --------------------------------------------------------------------------

/** Who manages a second factor: a signed-in person, or one whose sign-in awaits its set-up. */
export interface FactorOwner {
  id: string;
  email: string;
  role: Role;
}

/** The session the request comes with: its id, its token, and what it still awaits (null: signed in). */
export interface CurrentSession {
  id: string;
  token: string;
  awaiting: Awaiting | null;
}

const actorOf = (me: FactorOwner) => ({ id: me.id, email: me.email });

const CHANGED_MEANWHILE = "account:errors.secondFactorChangedMeanwhile";

/**
 * Starts setting up an authenticator app: a new secret, shown once as a QR code and as text, and
 * stored nowhere until a first code confirms it. Replacing a second factor already set up (a new
 * phone) needs a code of the current one, or a recovery code, first (counted as at sign-in).
 */
export async function startSecondFactorSetUp(
  me: FactorOwner,
  input: { code?: string },
  ip: string,
): Promise<SetUp> {
  const enabledAt = (await secondFactorOf(me.id))?.totpEnabledAt ?? null;
  if (enabledAt)
    await checkCode(actorOf(me), parseCode(input.code ?? "", "currentCode"), ip, "replace", "currentCode");
  return newSetUp(me, enabledAt);
}

/** A first code that does not fit the new secret: the same set-up again, with the field's sentence. */
export class WrongFirstCodeError extends DomainError {
  constructor(readonly setUp: SetUp) {
    super(400, "account:errors.firstCodeMismatch", {
      fields: { code: translateMessage("account:errors.wrongFirstCode") },
    });
  }
}

/**
 * Confirms a set-up with the first code the person's app made from its secret: the second factor
 * is on (or replaces the earlier one), with ten new recovery codes, returned to be shown once.
 * Every other session of the account ends (they were opened without it). A session that awaited
 * this set-up is replaced by a new, signed-in one, whose token is returned.
 */
export async function confirmSecondFactorSetUp(
  me: FactorOwner,
  input: { code: string; setUp: string },
  session: CurrentSession,
): Promise<{ recoveryCodes: string[]; token: string | null }> {
  const started = startedSetUp(me.id, input.setUp);
  if (!started) throw new SecondFactorStateError("account:errors.setUpExpired");
  const enabledAt = (await secondFactorOf(me.id))?.totpEnabledAt ?? null;
  if ((enabledAt?.getTime() ?? null) !== started.replacing)
    throw new SecondFactorStateError(CHANGED_MEANWHILE);
  const typed = parseCode(input.code);
  // The person proves their own new app here; no secret of the account is being guessed.
  const step = typed.kind === "totp" ? await matchingStep(started.secret, typed.digits) : null;
  if (step === null) throw new WrongFirstCodeError(sameSetUp(me, input.setUp)!);

  const recoveryCodes = newRecoveryCodes();
  const { ended, token } = await inTransaction(async (tx) => {
    if (!(await enableTotp(me.id, encryptTotpSecret(me.id, started.secret), step, enabledAt, tx)))
      throw new SecondFactorStateError(CHANGED_MEANWHILE);
    await replaceRecoveryCodes(me.id, recoveryCodeHashes(recoveryCodes), tx);
    await audit(
      {
        actor: actorOf(me),
        action: "second_factor_enabled",
        subject: { type: "user", id: me.id },
        details: { replaced: enabledAt !== null, recoveryCodes: recoveryCodes.length },
      },
      tx,
    );
    const ids = await deleteSessionsOfUserExcept(me.id, session.id, tx);
    if (session.awaiting === null) return { ended: ids, token: null };
    const fresh = await replacePendingSession(session.token, session.awaiting, actorOf(me), "enrolled", tx);
    if (!fresh) throw new SignInExpiredError();
    return { ended: ids, token: fresh };
  });
  for (const id of ended) publishSessionEnded(id);
  return { recoveryCodes, token };
}

/** Ten new recovery codes, for a current code (counted as at sign-in); the earlier ones stop working. */
export async function renewRecoveryCodes(me: FactorOwner, input: { code: string }, ip: string) {
  if (!(await secondFactorOf(me.id))?.totpEnabledAt)
    throw new SecondFactorStateError("account:errors.noSecondFactorToRenew");
  await checkCode(actorOf(me), parseCode(input.code, "renewCode"), ip, "renew_recovery_codes", "renewCode");
  const recoveryCodes = newRecoveryCodes();
  await inTransaction(async (tx) => {
    await replaceRecoveryCodes(me.id, recoveryCodeHashes(recoveryCodes), tx);
    await audit(
      {
        actor: actorOf(me),
        action: "recovery_codes_renewed",
        subject: { type: "user", id: me.id },
        details: { recoveryCodes: recoveryCodes.length },
      },
      tx,
    );
  });
  return { recoveryCodes };
}

/**
 * Removes the second factor, for the current password or a current code (each counted by its
 * throttle); not for a role that must have one. Every other session of the account ends.
 */
export async function removeSecondFactor(
  me: FactorOwner,
  input: { password: string; removeCode: string },
  currentSessionId: string,
  ip: string,
): Promise<{ endedSessions: number }> {
  if (secondFactorRequired(me.role)) throw new ForbiddenError("account:errors.secondFactorRequired");
  if (!(await secondFactorOf(me.id))?.totpEnabledAt)
    throw new SecondFactorStateError("account:errors.noSecondFactorToRemove");
  const withCode = input.removeCode.trim() !== "";
  if (withCode)
    await checkCode(actorOf(me), parseCode(input.removeCode, "removeCode"), ip, "remove", "removeCode");
  else if (!input.password) throw new InvalidInputError({ password: "account:errors.enterPasswordOrCode" });
  else if (!(await currentPasswordIsRight(me.id, input.password, ip)))
    throw new InvalidInputError({ password: "account:errors.wrongCurrentPassword" });
  const ended = await inTransaction(async (tx) => {
    await disableTotp(me.id, tx);
    await audit(
      {
        actor: actorOf(me),
        action: "second_factor_disabled",
        subject: { type: "user", id: me.id },
        details: { provedWith: withCode ? "code" : "password" },
      },
      tx,
    );
    return deleteSessionsOfUserExcept(me.id, currentSessionId, tx);
  });
  for (const id of ended) publishSessionEnded(id);
  return { endedSessions: ended.length };
}

/**
 * The person's interface language and time zone. A language must be one the app ships; a zone one
 * the runtime knows, or "" (or null) for none: times are then shown in the browser's zone. Either
 * may be left out (undefined) to keep what was saved (the language menu changes only the language).
 */
export async function savePreferences(
  user: SessionUser,
  preferences: { language?: string; timeZone?: string | null },
): Promise<{ locale?: string; timeZone?: string | null }> {
  const { language, timeZone } = preferences;
  const fields: Record<string, string> = {};
  if (language !== undefined && !isSupportedLanguage(language))
    fields.language = "account:errors.unknownLanguage";
  if (timeZone !== undefined && timeZone !== null && timeZone !== "" && !isTimeZone(timeZone))
    fields.timeZone = "account:errors.unknownTimeZone";
  if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);
  const saved = {
    ...(language !== undefined ? { locale: language } : {}),
    ...(timeZone !== undefined ? { timeZone: timeZone || null } : {}),
  };
  if (Object.keys(saved).length > 0) await setPreferences(user.id, saved);
  return saved;
}
