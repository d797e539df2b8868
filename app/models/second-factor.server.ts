// A person's second factor: the TOTP secret (stored encrypted: what it is encrypted with is
// domain/second-factor.server.ts's), the last time step accepted, and the recovery codes, of which
// only SHA-256 hashes are kept. Each code is claimed by one statement, so that it works once even
// when sent twice at once.
import { prisma } from "~/db/client.server.ts";

import type { Db } from "./transaction.server.ts";

export interface SecondFactorRow {
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  totpLastStep: bigint | null;
}

/** The account's second factor as stored; null when there is no such account. */
export async function secondFactorOf(userId: string): Promise<SecondFactorRow | null> {
  return prisma().user.findUnique({
    where: { id: userId },
    select: { totpSecret: true, totpEnabledAt: true, totpLastStep: true },
  });
}

/** How many of the account's recovery codes are still unused. */
export async function unusedRecoveryCodeCount(userId: string): Promise<number> {
  return prisma().recoveryCode.count({ where: { userId, usedAt: null } });
}

/**
 * Records `step` as the last time step whose code the account used, if it is later than the last
 * one: false when that step (or a later one) was used already, so a code works once.
 */
export async function claimTotpStep(userId: string, step: number): Promise<boolean> {
  const count = await prisma().$executeRaw`
    UPDATE "User" SET "totpLastStep" = ${BigInt(step)}
    WHERE id = ${userId} AND "totpEnabledAt" IS NOT NULL
      AND ("totpLastStep" IS NULL OR "totpLastStep" < ${BigInt(step)})`;
  return count === 1;
}

/** Marks the account's unused recovery code with this hash used: false when there is none. */
export async function claimRecoveryCode(userId: string, hash: string): Promise<boolean> {
  const { count } = await prisma().recoveryCode.updateMany({
    where: { id: hash, userId, usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

/** The account's recovery codes become these (hashes); the earlier ones stop working. */
export async function replaceRecoveryCodes(userId: string, hashes: string[], db: Db): Promise<void> {
  await db.recoveryCode.deleteMany({ where: { userId } });
  await db.recoveryCode.createMany({ data: hashes.map((id) => ({ id, userId })) });
}

/**
 * Turns the second factor on with this (encrypted) secret, its first code's step already used,
 * if it is still as the set-up found it (`setUpAt`: when the factor it replaces was set up, null
 * for none): false when another set-up was confirmed meanwhile.
 */
export async function enableTotp(
  userId: string,
  encryptedSecret: string,
  step: number,
  setUpAt: Date | null,
  db: Db,
): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, totpEnabledAt: setUpAt },
    data: { totpSecret: encryptedSecret, totpEnabledAt: new Date(), totpLastStep: BigInt(step) },
  });
  return count === 1;
}

/** Turns the second factor off: the secret and every recovery code are forgotten. */
export async function disableTotp(userId: string, db: Db): Promise<void> {
  await db.user.update({
    where: { id: userId },
    data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
  });
  await db.recoveryCode.deleteMany({ where: { userId } });
}
