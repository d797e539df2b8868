// Accounts as administrators manage them, and the one-time links (invitations, password resets)
// that let a person set a password. A link's token is never stored: only its SHA-256.
import { prisma } from "~/db/client.server.ts";
import type { Role } from "~/generated/prisma/client.ts";

import type { Db } from "./transaction.server.ts";

/** Every account, for the administrators' list: by organisation, then name. */
export async function accountsForAdmin() {
  return prisma().user.findMany({
    orderBy: [{ organization: { name: "asc" } }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      disabledAt: true,
      createdAt: true,
      passwordHash: true,
      organization: { select: { id: true, name: true, shortName: true, kind: true } },
      accountTokens: {
        where: { purpose: "invite", usedAt: null },
        select: { expiresAt: true },
        orderBy: { expiresAt: "desc" },
        take: 1,
      },
    },
  });
}

export async function accountById(id: string, db: Db = prisma()) {
  return db.user.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      disabledAt: true,
      passwordHash: true,
      totpEnabledAt: true,
      organizationId: true,
      organization: { select: { kind: true } },
    },
  });
}

export async function accountByEmail(email: string) {
  return prisma().user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, disabledAt: true, passwordHash: true },
  });
}

export async function emailTaken(email: string): Promise<boolean> {
  return (await prisma().user.count({ where: { email } })) > 0;
}

/** An account without a password yet (an invitation). */
export async function insertInvitedAccount(
  data: { email: string; name: string; role: Role; organizationId: string },
  db: Db,
) {
  return db.user.create({ data: { ...data, passwordHash: null }, select: { id: true } });
}

export async function updateAccount(
  id: string,
  data: { name: string; role: Role; organizationId: string },
  db: Db = prisma(),
) {
  await db.user.update({ where: { id }, data });
}

/** Sets the account's password; any link still waiting to set one stops working. */
export async function setPasswordHash(id: string, passwordHash: string, db: Db) {
  await db.user.update({ where: { id }, data: { passwordHash } });
  await db.accountToken.updateMany({ where: { userId: id, usedAt: null }, data: { usedAt: new Date() } });
}

/** A new one-time link for the account; earlier unused links of that purpose stop working. */
export async function insertAccountToken(
  data: { id: string; userId: string; purpose: "invite" | "reset"; expiresAt: Date },
  db: Db,
) {
  await db.accountToken.updateMany({
    where: { userId: data.userId, purpose: data.purpose, usedAt: null },
    data: { usedAt: new Date() },
  });
  await db.accountToken.create({ data });
}

/** The link's record with its account, whether used or expired (the caller says which). */
export async function accountTokenById(id: string) {
  return prisma().accountToken.findUnique({
    where: { id },
    select: {
      id: true,
      purpose: true,
      expiresAt: true,
      usedAt: true,
      user: { select: { id: true, name: true, email: true, role: true, disabledAt: true } },
    },
  });
}

/**
 * Marks the link used, in the transaction that sets the password: false when it was used (or
 * expired) meanwhile, so that a link opened twice at once sets a password once.
 */
export async function claimAccountToken(id: string, now: Date, db: Db): Promise<boolean> {
  const { count } = await db.accountToken.updateMany({
    where: { id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}

/** The organisations an account can belong to, for the invitation form. */
export async function organizationChoices() {
  return prisma().organization.findMany({
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    select: { id: true, name: true, kind: true },
  });
}

export async function organizationKind(id: string) {
  return (await prisma().organization.findUnique({ where: { id }, select: { kind: true } }))?.kind ?? null;
}

/** The CTED organisation (the first administrator belongs to it), made if there is none yet. */
export async function ctedOrganization(): Promise<{ id: string }> {
  const found = await prisma().organization.findFirst({ where: { kind: "CTED" }, select: { id: true } });
  if (found) return found;
  return prisma().organization.create({
    data: { name: "Counter-Terrorism Committee Executive Directorate", shortName: "CTED", kind: "CTED" },
    select: { id: true },
  });
}
