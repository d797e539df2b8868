// Accounts administered from the browser: CTED administrators invite people (an account without
// a password, and a one-time link to set it), change their role or organisation, and disable or
// re-enable them; anyone may ask for a password reset link. A link works once,
// until it expires; setting a password through it ends every session of the account and signs
// the person in on this browser (or takes them to their second factor's code, which a link never
// replaces). Each change is in the audit log, in the transaction that makes it.
import { createHash, randomBytes } from "node:crypto";

import { may } from "~/access/capabilities.ts";
import { ORGANIZATION_KIND_OF_ROLE } from "~/access/roles.ts";
import type { SessionUser } from "~/access/visibility.ts";
import { t } from "~/i18n/i18n.server.ts";
import {
  accountByEmail,
  accountById,
  accountsForAdmin,
  accountTokenById,
  claimAccountToken,
  ctedOrganization,
  emailTaken,
  insertAccountToken,
  insertInvitedAccount,
  organizationChoices,
  organizationKind,
  setPasswordHash,
  updateAccount,
} from "~/models/accounts.server.ts";
import { disableTotp } from "~/models/second-factor.server.ts";
import { deleteSessionsOfUser } from "~/models/sessions.server.ts";
import { countAttempt } from "~/models/sign-in-throttle.server.ts";
import { type Db, inTransaction, isUniqueViolation } from "~/models/transaction.server.ts";
import { setUserDisabledAt, userExists } from "~/models/users.server.ts";

import { AccountUpdate, InviteInput, NewPassword, ResetRequest } from "./account-input.ts";
import { accountLink, type MailSettings, sendAccountLink } from "./account-mail.server.ts";
import { audit, type AuditAction } from "./audit.server.ts";
import { type Awaiting, hashPassword, openSession } from "./auth.server.ts";
import { DomainError, ForbiddenError, InvalidInputError, NotFoundError } from "./errors.server.ts";
import { publishAccountDisabled } from "./events.server.ts";
import { tellPasswordChanged } from "./notifications.server.ts";
import { passwordProblem } from "./password-policy.server.ts";
import { hasSecondFactor, secondFactorRequired } from "./second-factor.server.ts";

const HOUR = 60 * 60 * 1000;
/** How long a link works: an invitation a week (it may wait in an inbox), a reset an hour. */
export const LINK_TTL_MS = { invite: 7 * 24 * HOUR, reset: HOUR } as const;
/** Reset links asked for per e-mail, and per client address, per hour: enough for a person, not for a flood. */
const RESETS_PER_EMAIL = 3;
const RESETS_PER_ADDRESS = 20;

type Purpose = keyof typeof LINK_TTL_MS;

const tokenId = (token: string) => createHash("sha256").update(token).digest("hex");

function assertAdministers(admin: SessionUser) {
  if (!may(admin, "administer")) throw new ForbiddenError("admin:users.errors.forbidden");
}

/** An administrator's change to an account, in the audit log (in the change's transaction). */
const auditAdmin = (
  admin: SessionUser,
  action: Extract<AuditAction, `admin.user.${string}`>,
  userId: string,
  details: Record<string, string | boolean | string[] | Record<string, string>>,
  tx: Db,
) =>
  audit(
    { actor: { id: admin.id, email: admin.email }, action, subject: { type: "user", id: userId }, details },
    tx,
  );

/** Every session of the account ends, and its live connections close, on every process. */
async function endAllSessions(userId: string) {
  await deleteSessionsOfUser(userId);
  // The live sockets close on this event (server/realtime): the name says why it was first sent.
  publishAccountDisabled(userId);
}

async function assertRoleFitsOrganization(
  role: keyof typeof ORGANIZATION_KIND_OF_ROLE,
  organizationId: string,
) {
  const kind = await organizationKind(organizationId);
  if (!kind) throw new InvalidInputError({ organizationId: "admin:users.errors.notAnOrganization" });
  if (kind !== ORGANIZATION_KIND_OF_ROLE[role])
    throw new InvalidInputError({
      organizationId: t(`admin:users.errors.wrongKind.${ORGANIZATION_KIND_OF_ROLE[role]}`, {
        role: t(`common:roles.${role}`),
      }),
    });
}

/** A new one-time link for the account: the token (for the link) and when it stops working. */
async function newLink(userId: string, purpose: Purpose, db: Parameters<typeof insertAccountToken>[1]) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + LINK_TTL_MS[purpose]);
  await insertAccountToken({ id: tokenId(token), userId, purpose, expiresAt }, db);
  return { token, expiresAt };
}

/** The administrators' list of accounts, with the choices for the invitation form. */
export async function accountsOverview(admin: SessionUser) {
  assertAdministers(admin);
  const [accounts, organizations] = await Promise.all([accountsForAdmin(), organizationChoices()]);
  const now = Date.now();
  return {
    accounts: accounts.map(({ passwordHash, accountTokens, ...a }) => ({
      ...a,
      status: a.disabledAt
        ? ("disabled" as const)
        : passwordHash
          ? ("active" as const)
          : accountTokens[0] && accountTokens[0].expiresAt.getTime() > now
            ? ("invited" as const)
            : ("invitation expired" as const),
    })),
    organizations,
  };
}

/**
 * Invites a person: their account (no password yet) and a link to set one, e-mailed when SMTP is
 * configured. The link is also returned, for the administrator to pass on otherwise; it is shown
 * once and never stored.
 */
export async function inviteAccount(
  admin: SessionUser,
  body: unknown,
  mail: MailSettings | null,
  appUrl: string,
) {
  assertAdministers(admin);
  const input = InviteInput.parse(body);
  await assertRoleFitsOrganization(input.role, input.organizationId);
  if (await emailTaken(input.email)) throw new InvalidInputError({ email: "admin:users.errors.emailUsed" });
  let created;
  try {
    created = await inTransaction(async (tx) => {
      const { id } = await insertInvitedAccount(input, tx);
      await auditAdmin(
        admin,
        "admin.user.invited",
        id,
        { role: input.role, organizationId: input.organizationId, emailed: Boolean(mail) },
        tx,
      );
      return { id, ...(await newLink(id, "invite", tx)) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new InvalidInputError({ email: "admin:users.errors.emailUsed" });
    throw error;
  }
  const link = accountLink(appUrl, "invite", created.token);
  if (mail) await sendAccountLink(mail, input, "invite", link, created.expiresAt);
  return { userId: created.id, link, expiresAt: created.expiresAt, emailed: Boolean(mail) };
}

/**
 * An administrator made from the server's command line (npm run admin:create), on a fresh
 * installation or to recover access: an account in CTED (made if there is none yet) and its
 * invitation link. Whoever can run commands on the server is trusted already.
 */
export async function createAdministrator(body: unknown, appUrl: string) {
  const input = InviteInput.omit({ role: true, organizationId: true }).parse(body);
  if (await emailTaken(input.email)) throw new InvalidInputError({ email: "admin:users.errors.emailUsed" });
  const { id: organizationId } = await ctedOrganization();
  const created = await inTransaction(async (tx) => {
    const { id } = await insertInvitedAccount({ ...input, role: "CTED_ADMIN", organizationId }, tx);
    // The system's doing: no account did it (npm run admin:create, on the server).
    await audit(
      {
        actor: null,
        action: "admin.created",
        subject: { type: "user", id },
        details: { via: "command line", role: "CTED_ADMIN", organizationId },
      },
      tx,
    );
    return newLink(id, "invite", tx);
  });
  return { link: accountLink(appUrl, "invite", created.token), expiresAt: created.expiresAt };
}

/** A new invitation link for an account that has not set its password (earlier links stop working). */
export async function reinvite(
  admin: SessionUser,
  userId: string,
  mail: MailSettings | null,
  appUrl: string,
) {
  assertAdministers(admin);
  const account = await accountById(userId);
  if (!account) throw new NotFoundError("User");
  if (account.passwordHash) throw new InvalidInputError({ userId: "admin:users.errors.hasPassword" });
  const { token, expiresAt } = await inTransaction(async (tx) => {
    await auditAdmin(
      admin,
      "admin.user.link_sent",
      userId,
      { purpose: "invite", emailed: Boolean(mail) },
      tx,
    );
    return newLink(userId, "invite", tx);
  });
  const link = accountLink(appUrl, "invite", token);
  if (mail) await sendAccountLink(mail, account, "invite", link, expiresAt);
  return { link, expiresAt, emailed: Boolean(mail) };
}

/** One account and the organisations it may belong to, for its edit page. */
export async function accountForEditing(admin: SessionUser, userId: string) {
  assertAdministers(admin);
  const [account, organizations] = await Promise.all([accountById(userId), organizationChoices()]);
  if (!account) throw new NotFoundError("User");
  const { passwordHash: _hash, ...rest } = account;
  return { account: rest, organizations };
}

/** Changes an account's name, role or organisation; a change of access ends its sessions. */
export async function changeAccount(admin: SessionUser, userId: string, body: unknown) {
  assertAdministers(admin);
  const account = await accountById(userId);
  if (!account) throw new NotFoundError("User");
  const input = AccountUpdate.parse(body);
  if (userId === admin.id && input.role !== account.role)
    throw new InvalidInputError({ role: "admin:users.errors.ownRole" });
  await assertRoleFitsOrganization(input.role, input.organizationId);
  const changed = (["name", "role", "organizationId"] as const).filter((f) => input[f] !== account[f]);
  if (changed.length === 0) return;
  await inTransaction(async (tx) => {
    await updateAccount(userId, input, tx);
    // What changed, with the old and new role and organisation (identifiers); a name is text a
    // person wrote, so only that it changed.
    await auditAdmin(
      admin,
      "admin.user.changed",
      userId,
      {
        changed,
        ...(changed.includes("role") ? { role: { from: account.role, to: input.role } } : {}),
        ...(changed.includes("organizationId")
          ? { organizationId: { from: account.organizationId, to: input.organizationId } }
          : {}),
      },
      tx,
    );
  });
  if (changed.includes("role") || changed.includes("organizationId")) await endAllSessions(userId);
}

/**
 * Disables or re-enables an account. Disabling ends its sessions, pages and live connections
 * alike, at once and on every process.
 */
export async function setAccountDisabled(admin: SessionUser, userId: string, disabled: boolean) {
  assertAdministers(admin);
  if (disabled && userId === admin.id)
    throw new InvalidInputError({ userId: "admin:users.errors.ownDisable" });
  if (!(await userExists(userId))) throw new NotFoundError("User");
  const user = await inTransaction(async (tx) => {
    if (disabled) await deleteSessionsOfUser(userId, tx);
    await auditAdmin(admin, disabled ? "admin.user.disabled" : "admin.user.enabled", userId, {}, tx);
    return setUserDisabledAt(userId, disabled ? new Date() : null, tx);
  });
  if (disabled) publishAccountDisabled(userId);
  return user;
}

/**
 * For someone who lost both their authenticator and their recovery codes: the administrator
 * removes their second factor (after checking who is asking, outside the app). Their sessions end;
 * they sign in with their password and, if their role requires one, set a new one up at once.
 */
export async function resetSecondFactor(admin: SessionUser, userId: string) {
  assertAdministers(admin);
  if (userId === admin.id)
    throw new InvalidInputError({
      userId: "admin:users.errors.ownSecondFactor",
    });
  const account = await accountById(userId);
  if (!account) throw new NotFoundError("User");
  if (!account.totpEnabledAt) throw new InvalidInputError({ userId: "admin:users.errors.noSecondFactor" });
  await inTransaction(async (tx) => {
    await disableTotp(userId, tx);
    await deleteSessionsOfUser(userId, tx);
    await auditAdmin(admin, "admin.user.second_factor_reset", userId, {}, tx);
  });
  publishAccountDisabled(userId);
}

/** What a link's page shows: whose account and what for, or why the link no longer works. */
export async function linkInfo(purpose: Purpose, token: string) {
  const found = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await accountTokenById(tokenId(token)) : null;
  if (!found || found.purpose !== purpose || found.user.disabledAt)
    return { ok: false as const, problem: t("admin:users.linkProblems.invalid") };
  if (found.usedAt) return { ok: false as const, problem: t("admin:users.linkProblems.used") };
  if (found.expiresAt.getTime() <= Date.now())
    return { ok: false as const, problem: t("admin:users.linkProblems.expired") };
  return { ok: true as const, name: found.user.name, email: found.user.email };
}

/**
 * Sets the password through a link: the link must still work (it is claimed in the same
 * transaction, so it works once even if opened twice at once), the password must pass the policy.
 * Every session of the account ends; a new one opens here: signed in, or, for an account with a
 * second factor, awaiting its code (a link proves the e-mail, not the second factor), or for a
 * role that must have one and has none, awaiting its set-up. Returns the session's cookie token
 * and what it awaits.
 */
export async function setPasswordWithLink(
  purpose: Purpose,
  token: string,
  body: unknown,
): Promise<{ token: string; awaiting: Awaiting | null }> {
  const info = await linkInfo(purpose, token);
  if (!info.ok) throw new DomainError(410, info.problem);
  const { password } = NewPassword.parse(body);
  const problem = passwordProblem(password, info);
  if (problem) throw new InvalidInputError({ password: problem });
  const found = (await accountTokenById(tokenId(token)))!;
  const hash = await hashPassword(password);
  const person = { id: found.user.id, email: found.user.email };
  const claimed = await inTransaction(async (tx) => {
    if (!(await claimAccountToken(found.id, new Date(), tx))) return false;
    await setPasswordHash(found.user.id, hash, tx);
    await audit(
      {
        actor: person,
        action: purpose === "reset" ? "password_reset" : "invitation_accepted",
        subject: { type: "user", id: person.id },
      },
      tx,
    );
    return true;
  });
  if (!claimed) throw new DomainError(410, "admin:users.linkProblems.used");
  await endAllSessions(found.user.id);
  if (purpose === "reset") await tellPasswordChanged(found.user.id, "reset through a link sent by e-mail");
  const awaiting: Awaiting | null = (await hasSecondFactor(person.id))
    ? "second_factor"
    : secondFactorRequired(found.user.role)
      ? "enrolment"
      : null;
  if (awaiting) return { token: await openSession(person.id, awaiting), awaiting };
  const session = await inTransaction(async (tx) => {
    const opened = await openSession(person.id, null, tx);
    await audit(
      {
        actor: person,
        action: "sign_in",
        subject: { type: "user", id: person.id },
        details: { secondFactor: "none", via: purpose === "reset" ? "reset link" : "invitation link" },
      },
      tx,
    );
    return opened;
  });
  return { token: session, awaiting: null };
}

/**
 * Asks for a reset link for this e-mail. The answer is the same whether or not an account has
 * it (nobody learns which addresses have accounts); a link goes out only to an enabled account
 * that has a password, at most RESETS_PER_EMAIL an hour per e-mail and RESETS_PER_ADDRESS per
 * client address.
 */
export async function requestPasswordReset(
  body: unknown,
  ip: string,
  mail: MailSettings | null,
): Promise<void> {
  const { email } = ResetRequest.parse(body);
  const account = await accountByEmail(email);
  const outcome = await sendResetLink(email, account, ip, mail);
  await audit({
    actor: { id: account?.id ?? null, email },
    action: "password_reset_requested",
    ...(account ? { subject: { type: "user", id: account.id } } : {}),
    details: { outcome },
  });
}

/** Sends the reset link if it may be sent; says what happened, for the audit log only. */
async function sendResetLink(
  email: string,
  account: Awaited<ReturnType<typeof accountByEmail>>,
  ip: string,
  mail: MailSettings | null,
): Promise<string> {
  if (!mail) return "no_mail_configured";
  const counted = await countAttempt(
    { key: `reset:${email}`, max: RESETS_PER_EMAIL },
    { key: `reset-address:${ip}`, max: RESETS_PER_ADDRESS },
    60 * 60,
  );
  if (!counted.every((c) => c.admitted)) return "too_many_requests";
  if (!account) return "unknown_account";
  if (account.disabledAt) return "account_disabled";
  if (!account.passwordHash) return "no_password_yet";
  const { token, expiresAt } = await inTransaction((tx) => newLink(account.id, "reset", tx));
  await sendAccountLink(mail, account, "reset", accountLink(mail.appUrl, "reset", token), expiresAt);
  return "sent";
}
