// A person's own account (the account page): changing their password, seeing where they are
// signed in, and signing out their other sessions or all of them. Ending a session deletes its
// row and announces it (events.server.ts publishSessionEnded): its pages ask to sign in again and
// its live connections close at once, on every process.
import argon2 from "argon2";

import { type SessionUser } from "~/access/visibility.ts";
import {
  deleteSessionsOfUserExcept,
  passwordHashOf,
  unexpiredSessionsOf,
} from "~/models/account-sessions.server.ts";
import { setPasswordHash } from "~/models/accounts.server.ts";
import { recentSignInsOf } from "~/models/sessions.server.ts";
import { clearThrottleKey, countAttempt, uncountAttempt } from "~/models/sign-in-throttle.server.ts";
import { inTransaction } from "~/models/transaction.server.ts";

import {
  hashPassword,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  THROTTLE_WINDOW_MS,
} from "./auth.server.ts";
import { DomainError, InvalidInputError } from "./errors.server.ts";
import { publishSessionEnded } from "./events.server.ts";
import { tellPasswordChanged } from "./notifications.server.ts";
import { passwordProblem } from "./password-policy.server.ts";

/** Too many wrong current passwords on the account page within the window (429). */
export class TooManyWrongPasswordsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      `Too many wrong passwords. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes, or sign out and use a password reset link.`,
      { retryAfterSeconds },
    );
  }
}

export interface AccountSession {
  startedAt: Date;
  expiresAt: Date;
  /** The session of the browser asking. */
  current: boolean;
}

/** The user's sessions that have not expired, this browser's first, then the newest first. */
export async function accountSessions(
  user: SessionUser,
  currentSessionId: string,
): Promise<AccountSession[]> {
  const sessions = await unexpiredSessionsOf(user.id, new Date());
  return sessions
    .map((s) => ({ startedAt: s.createdAt, expiresAt: s.expiresAt, current: s.id === currentSessionId }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** The user's latest sign-ins (and refused attempts), newest first: to notice someone else's. */
export async function recentSignIns(user: SessionUser) {
  return recentSignInsOf(user.id, 10);
}

/** Ends the user's sessions but `keep` (all of them when null); returns how many it ended. */
async function endSessions(userId: string, keep: string | null): Promise<number> {
  const ended = await deleteSessionsOfUserExcept(userId, keep);
  for (const id of ended) publishSessionEnded(id);
  return ended.length;
}

/** "Sign out everywhere else": every session of the user but this one ends. */
export function endOtherSessions(user: SessionUser, currentSessionId: string): Promise<number> {
  return endSessions(user.id, currentSessionId);
}

/** "Sign out everywhere": every session of the user ends, this one too. */
export function endAllSessions(user: SessionUser): Promise<number> {
  return endSessions(user.id, null);
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
  else if (confirmPassword !== newPassword)
    fields.confirmPassword = "This is not the same as the new password; type the new password twice.";
  if (currentPassword.length === 0) fields.currentPassword = "Enter your current password.";
  else if (!(await currentPasswordIsRight(user.id, currentPassword, ip)))
    fields.currentPassword = "This is not your current password.";
  else if (newPassword === currentPassword)
    fields.newPassword = "This is your current password; choose a different one.";
  if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);

  const newHash = await hashPassword(newPassword);
  const ended = await inTransaction(async (tx) => {
    await setPasswordHash(user.id, newHash, tx);
    return deleteSessionsOfUserExcept(user.id, currentSessionId, tx);
  });
  // Announced once committed: their live connections close on every process.
  for (const id of ended) publishSessionEnded(id);
  await tellPasswordChanged(user.id, "changed on your account page");
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
