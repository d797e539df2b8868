// User accounts: reading them for sign-in, notifications, mentions, case owners, reminders and
// the email digest, and writing their settings (disabled, email digest). Which users a caller
// wants is its decision; the functions here take it as arguments.
import { prisma } from "~/db/client.server.ts";
import type { EmailDigest, Role } from "~/generated/prisma/client.ts";

import type { Db } from "./transaction.server.ts";

// The signed-in user as the app carries it (access/visibility.ts SessionUser), with disabledAt.
const SESSION_USER_SELECT = {
  id: true,
  name: true,
  email: true,
  role: true,
  disabledAt: true,
  organization: { select: { id: true, name: true, shortName: true, kind: true, countryCode: true } },
  locale: true,
  timeZone: true,
} as const;

// What access/visibility.ts maySee needs of a user (a Person), with the id.
const VIEWER_SELECT = {
  id: true,
  role: true,
  organization: { select: { id: true, countryCode: true } },
} as const;

/** The account with this (lower-case) email and its password hash, disabled or not; null when there is none. */
export async function userWithPasswordByEmail(email: string) {
  return prisma().user.findUnique({
    where: { email },
    select: { ...SESSION_USER_SELECT, passwordHash: true },
  });
}

export async function userExists(id: string): Promise<boolean> {
  return (await prisma().user.findUnique({ where: { id }, select: { id: true } })) !== null;
}

/** Sets or clears the account's disabledAt; returns the account as the API shows it. */
export async function setUserDisabledAt(id: string, disabledAt: Date | null, db: Db = prisma()) {
  return db.user.update({
    where: { id },
    data: { disabledAt },
    select: { id: true, name: true, email: true, role: true, disabledAt: true },
  });
}

// A viewer who is told something (a notification, a reminder): with their language and zone.
const RECIPIENT_SELECT = { ...VIEWER_SELECT, locale: true, timeZone: true } as const;

/** Of these users, the enabled ones, with their role and organisation, language and zone. */
export async function enabledViewersAmong(ids: string[]) {
  return prisma().user.findMany({ where: { id: { in: ids }, disabledAt: null }, select: RECIPIENT_SELECT });
}

/** The ids of the enabled members of these organisations. */
export async function enabledMemberIdsOf(organizationIds: string[]): Promise<string[]> {
  const users = await prisma().user.findMany({
    where: { organizationId: { in: organizationIds }, disabledAt: null },
    select: { id: true },
  });
  return users.map((u) => u.id);
}

/** Every enabled user, with what maySee needs of them, and their language and zone. */
export async function allEnabledViewers() {
  return prisma().user.findMany({ where: { disabledAt: null }, select: RECIPIENT_SELECT });
}

/** The user's role, organisation and whether disabled (e.g. to check a case's new owner); null when there is none. */
export async function userRoleAndStatus(id: string) {
  return prisma().user.findUnique({
    where: { id },
    select: { role: true, disabledAt: true, organization: { select: { id: true, countryCode: true } } },
  });
}

/** The enabled users holding one of these roles, by name (e.g. the possible owners of a case). */
export async function enabledUsersWithRoles(roles: Role[]): Promise<{ id: string; name: string }[]> {
  return prisma().user.findMany({
    where: { role: { in: roles }, disabledAt: null },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

/**
 * The enabled users who may act on a case of this State: those holding `anywhere` roles in any
 * organisation (CTED) and those holding `inState` roles in an organisation of the State.
 */
export async function enabledActorsFor(countryCode: string, anywhere: Role[], inState: Role[]) {
  return prisma().user.findMany({
    where: {
      disabledAt: null,
      OR: [{ role: { in: anywhere } }, { role: { in: inState }, organization: { countryCode } }],
    },
    select: VIEWER_SELECT,
  });
}

/**
 * Every enabled user's name, role and organisation (for finding "@Full Name" in a text, and for
 * offering the people one may mention).
 */
export async function enabledPeopleWithNames() {
  return prisma().user.findMany({
    where: { disabledAt: null },
    select: {
      id: true,
      name: true,
      role: true,
      organization: { select: { id: true, countryCode: true, shortName: true } },
    },
  });
}

export async function emailDigestOf(userId: string): Promise<EmailDigest> {
  const row = await prisma().user.findUniqueOrThrow({ where: { id: userId }, select: { emailDigest: true } });
  return row.emailDigest;
}

export async function setEmailDigest(userId: string, digest: EmailDigest): Promise<void> {
  await prisma().user.update({ where: { id: userId }, data: { emailDigest: digest } });
}

/** The language and time zone a person chose; undefined leaves one as it is, null forgets it. */
export async function setPreferences(
  userId: string,
  preferences: { locale?: string | null; timeZone?: string | null },
): Promise<void> {
  await prisma().user.update({ where: { id: userId }, data: preferences });
}

/**
 * The enabled users who chose a digest (hourly or daily) and have notifications neither read nor
 * mailed, with when they were last mailed and what maySee needs of them.
 */
export async function usersAwaitingDigest() {
  return prisma().user.findMany({
    where: {
      disabledAt: null,
      emailDigest: { not: "OFF" },
      notifications: { some: { readAt: null, emailedAt: null } },
    },
    select: {
      id: true,
      email: true,
      name: true,
      emailDigest: true,
      lastDigestAt: true,
      locale: true,
      timeZone: true,
      role: true,
      organization: { select: { id: true, countryCode: true } },
    },
  });
}

export async function setLastDigestAt(userId: string, at: Date, db: Db = prisma()): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { lastDigestAt: at } });
}
