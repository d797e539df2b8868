// The second factor: a time-based code (TOTP, RFC 6238: 6 digits every 30 seconds, as every
// authenticator app makes them) and ten one-time recovery codes for when the app is lost.
//
// - The TOTP secret is stored encrypted (AES-256-GCM, with a key derived by HKDF from
//   SESSION_SECRET, bound to its account): a copy of the database alone does not give codes.
// - A set-up in progress is stored nowhere: the secret travels in the set-up page, sealed the same
//   way, and is written to the account only once the person's app has produced a right code.
// - A code works once: the time step of each accepted code is kept (User.totpLastStep) and a code
//   of that step or an earlier one is refused; one step of clock drift either way is allowed.
// - Recovery codes have 120 random bits each, so a SHA-256 hash of each is all that is kept, and
//   each works once.
// Counting wrong codes against guessing is the sign-in throttle's (auth.server.ts).
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

import { generateSecret, generateURI, verify } from "otplib";
import { renderSVG } from "uqr";

import type { Role } from "~/access/roles.ts";
import { env } from "~/config/env.server.ts";
import { log } from "~/lib/log.server.ts";
import {
  claimRecoveryCode,
  claimTotpStep,
  secondFactorOf,
  unusedRecoveryCodeCount,
} from "~/models/second-factor.server.ts";

import { InvalidInputError } from "./errors.server.ts";

const ISSUER = "Follow-up";
/** One 30-second step either way: a phone's clock a little off, or a code typed as it changed. */
const DRIFT_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
/** A set-up not confirmed within this long is started again. */
const SET_UP_TTL_MS = 30 * 60 * 1000;

// Crockford's base32: no I, L, O or U, so that codes read aloud or copied by hand survive.
const RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
/** 24 characters of 32 = 120 bits: enough for a plain hash to be all that is kept (ASVS 6.5.2). */
const RECOVERY_CODE_LENGTH = 24;

const CTED_ROLES: readonly Role[] = ["CTED_ADMIN", "CTED_EXPERT"];

/** Whether this role must use a second factor (SECOND_FACTOR_FOR_CTED). */
export function secondFactorRequired(role: Role): boolean {
  return env().SECOND_FACTOR_FOR_CTED === "required" && CTED_ROLES.includes(role);
}

// --- Encryption -------------------------------------------------------------------------------

/** A 256-bit key for one purpose, derived from SESSION_SECRET: one secret to configure, keys apart. */
function keyFor(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", env().SESSION_SECRET, "follow-up second factor", purpose, 32));
}

/** AES-256-GCM, bound to `context` (an account id): "v1.<iv, tag and ciphertext in base64url>". */
function seal(plaintext: string, purpose: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** The plaintext of what seal() made for this purpose and context; null for anything else. */
function unseal(sealed: string, purpose: string, context: string): string | null {
  if (!sealed.startsWith("v1.") || sealed.length > 4096) return null;
  const bytes = Buffer.from(sealed.slice(3), "base64url");
  if (bytes.length < 12 + 16) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose), bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null; // altered, of another account, or sealed with another SESSION_SECRET
  }
}

export const encryptTotpSecret = (userId: string, secret: string) => seal(secret, "totp-secret", userId);

// --- Codes as typed ---------------------------------------------------------------------------

export type TypedCode = { kind: "totp"; digits: string } | { kind: "recovery"; code: string };

/**
 * What the person typed: 6 digits (spaces allowed, as apps show "123 456"), or a recovery code
 * (dashes, spaces and case as they like; I and L read as 1, O as 0). Anything else is refused
 * before it is counted or checked (400, with a sentence for the field).
 */
export function parseCode(input: string, field = "code"): TypedCode {
  const compact = input.replace(/[\s-]/g, "").toLowerCase();
  if (/^\d{6}$/.test(compact)) return { kind: "totp", digits: compact };
  const recovery = compact.replace(/[il]/g, "1").replace(/o/g, "0");
  if (recovery.length === RECOVERY_CODE_LENGTH && [...recovery].every((c) => RECOVERY_ALPHABET.includes(c)))
    return { kind: "recovery", code: recovery };
  throw new InvalidInputError({
    [field]: compact.length === 0 ? "auth:codes.empty" : "auth:codes.notACode",
  });
}

export const recoveryCodeHash = (normalized: string) => createHash("sha256").update(normalized).digest("hex");

/** Ten new recovery codes, as the person reads them: six groups of four characters. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    // 256 is a multiple of 32: every character equally likely.
    const chars = [...randomBytes(RECOVERY_CODE_LENGTH)].map((b) => RECOVERY_ALPHABET[b & 31]);
    return chars.join("").match(/.{4}/g)!.join("-");
  });
}

/** The hashes to store for these codes (as newRecoveryCodes writes them). */
export const recoveryCodeHashes = (codes: string[]) =>
  codes.map((code) => recoveryCodeHash(code.replace(/-/g, "")));

// --- TOTP --------------------------------------------------------------------------------------

/** The time step (30-second period since 1970) whose code these digits are, within the drift; null if none. */
export async function matchingStep(secret: string, digits: string): Promise<number | null> {
  try {
    const result = await verify({ secret, token: digits, epochTolerance: DRIFT_SECONDS });
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

/**
 * Checks a code typed by the account's owner and, if it is right, uses it up: a TOTP code's time
 * step becomes the last one used (a code of that step or an earlier one is refused from then on),
 * a recovery code is marked used. Returns which kind worked, or null (wrong, used already, or no
 * second factor). Each is claimed by one statement, so a code sent twice at once works once.
 */
export async function redeemCode(userId: string, typed: TypedCode): Promise<"totp" | "recovery" | null> {
  const factor = await secondFactorOf(userId);
  if (!factor?.totpEnabledAt || !factor.totpSecret) return null;
  if (typed.kind === "recovery")
    return (await claimRecoveryCode(userId, recoveryCodeHash(typed.code))) ? "recovery" : null;
  const secret = unseal(factor.totpSecret, "totp-secret", userId);
  if (secret === null) {
    // SESSION_SECRET changed since the app was set up: only recovery codes work for this account.
    log.warn("a second factor's secret could not be decrypted", { userId });
    return null;
  }
  const step = await matchingStep(secret, typed.digits);
  if (step === null) return null;
  if (factor.totpLastStep !== null && BigInt(step) <= factor.totpLastStep) return null;
  return (await claimTotpStep(userId, step)) ? "totp" : null;
}

/** Whether the account uses a second factor. */
export async function hasSecondFactor(userId: string): Promise<boolean> {
  return Boolean((await secondFactorOf(userId))?.totpEnabledAt);
}

/** What the account page and the second factor's page show of it. */
export async function secondFactorStatus(user: { id: string; role: Role }) {
  const factor = await secondFactorOf(user.id);
  const enabledAt = factor?.totpEnabledAt ?? null;
  return {
    enabledAt,
    recoveryCodesLeft: enabledAt ? await unusedRecoveryCodeCount(user.id) : 0,
    required: secondFactorRequired(user.role),
  };
}

// --- Setting up ---------------------------------------------------------------------------------

export interface SetUp {
  /** The secret in groups of four characters, for typing into the app by hand. */
  secretGroups: string[];
  /** The otpauth:// address the QR code holds. */
  uri: string;
  /** The QR code, an SVG drawing. */
  qrSvg: string;
  /** The secret and its expiry, sealed: sent back with the first code. */
  sealed: string;
}

/** What the set-up page shows for this secret. */
function setUpPage(email: string, secret: string, sealed: string): SetUp {
  const uri = generateURI({ issuer: ISSUER, label: email, secret });
  // The quiet zone of 4 modules the standard asks for, so that every camera finds the code.
  const qrSvg = renderSVG(uri, { ecc: "M", border: 4 });
  return { secretGroups: secret.match(/.{1,4}/g)!, uri, qrSvg, sealed };
}

/**
 * A new secret for the person's authenticator app, to be confirmed with a first code. `replacing`
 * is when the second factor it replaces was set up (null for none): the set-up replaces that one
 * only, never one set up since.
 */
export function newSetUp(user: { id: string; email: string }, replacing: Date | null): SetUp {
  const secret = generateSecret(); // 20 random bytes (CSPRNG), base32
  const started: StartedSetUp = {
    secret,
    expires: Date.now() + SET_UP_TTL_MS,
    replacing: replacing?.getTime() ?? null,
  };
  return setUpPage(user.email, secret, seal(JSON.stringify(started), "totp-set-up", user.id));
}

interface StartedSetUp {
  secret: string;
  /** When the set-up expires (ms since 1970). */
  expires: number;
  /** When the second factor it replaces was set up (ms since 1970), or null. */
  replacing: number | null;
}

/** A set-up this account started and has not let expire; null otherwise. */
export function startedSetUp(userId: string, sealed: string): StartedSetUp | null {
  const opened = unseal(sealed, "totp-set-up", userId);
  if (opened === null) return null;
  const started = JSON.parse(opened) as StartedSetUp;
  return started.expires > Date.now() ? started : null;
}

/** The set-up page again, for the same secret (after a wrong first code: the app holds that secret). */
export function sameSetUp(user: { id: string; email: string }, sealed: string): SetUp | null {
  const started = startedSetUp(user.id, sealed);
  return started === null ? null : setUpPage(user.email, started.secret, sealed);
}
