// Passwords, sessions and the sign-in throttle. Sessions live in the database so that signing
// out (or disabling an account) ends them on the server, for every process.
import { createHash, randomBytes } from "node:crypto";
import argon2 from "argon2";
import { prisma } from "../db/client.server.ts";
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

async function throttleCheck(email: string, ip: string, now: Date) {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const [byAccount, byAddress] = await Promise.all([
    prisma().loginFailure.findMany({ where: { email, at: { gt: since } }, orderBy: { at: "asc" }, select: { at: true } }),
    prisma().loginFailure.findMany({ where: { ip, at: { gt: since } }, orderBy: { at: "asc" }, select: { at: true } }),
  ]);
  for (const [failures, max] of [[byAccount, MAX_FAILURES_PER_ACCOUNT], [byAddress, MAX_FAILURES_PER_ADDRESS]] as const) {
    if (failures.length >= max) {
      // Blocked until enough of the failures in the window have aged out of it.
      const freeAt = failures[failures.length - max]!.at.getTime() + THROTTLE_WINDOW_MS;
      throw new TooManyAttemptsError(Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)));
    }
  }
}

/** Checks the credentials and opens a session; returns the user and the cookie token. */
export async function signIn(emailInput: string, password: string, ip: string) {
  const email = emailInput.trim().toLowerCase();
  const now = new Date();
  await throttleCheck(email, ip, now);
  const user = await prisma().user.findUnique({ where: { email }, select: { ...USER_SELECT, passwordHash: true } });
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const valid = await argon2.verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  if (!user || !valid || user.disabledAt) {
    await prisma().loginFailure.create({ data: { email, ip } });
    throw new InvalidCredentialsError();
  }
  await prisma().loginFailure.deleteMany({ where: { email } });
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
  const rows = await prisma().$queryRaw<(Omit<SessionUser, "organization"> & { org: SessionUser["organization"] })[]>`
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

/** Housekeeping: expired sessions and failures that have aged out of the throttle window. */
export async function pruneAuthRecords(now = new Date()): Promise<void> {
  const expired = await prisma().session.findMany({ where: { expiresAt: { lt: now } }, select: { id: true } });
  await prisma().session.deleteMany({ where: { id: { in: expired.map((s) => s.id) } } });
  for (const { id } of expired) publishSessionEnded(id);
  await prisma().loginFailure.deleteMany({ where: { at: { lt: new Date(now.getTime() - THROTTLE_WINDOW_MS) } } });
}
