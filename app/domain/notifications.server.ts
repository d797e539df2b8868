// In-app notifications: stored per user, pushed live to their open pages, listed, marked read,
// and mailed in a digest (app/jobs/email-digest.server.ts). A notification with a dedupe key is
// stored at most once per user, whichever process or run produces it: reminders rely on that.
import { type Person } from "~/access/capabilities.ts";
import { maySee, type SessionUser } from "~/access/visibility.ts";
import { isSupportedLanguage } from "~/i18n/detect.server.ts";
import { type Formats, formatsFor } from "~/i18n/format.ts";
import { translatorFor } from "~/i18n/i18n.server.ts";
import { DEFAULT_LANGUAGE, type Translate } from "~/i18n/languages.ts";
import type { EmailDigestChoice } from "~/lib/email-digest.ts";
import { caseAudience, caseAudiences } from "~/models/cases.server.ts";
import {
  insertNotifications,
  latestNotificationsOf,
  markCaseNotificationsRead,
  markNotificationsRead,
  type NotificationRow,
  unreadNotificationSubjectsOf,
} from "~/models/notifications.server.ts";
import { organizationLink } from "~/models/organizations.server.ts";
import {
  emailDigestOf,
  enabledMemberIdsOf,
  enabledViewersAmong,
  setEmailDigest,
} from "~/models/users.server.ts";

import { publishNotification } from "./events.server.ts";

export const NOTIFICATION_KINDS = [
  "task_assigned",
  "task_done",
  "comment",
  "action_needed",
  "mention",
  "due_soon",
  "overdue",
  /** About the reader's own account: its password was changed or reset. */
  "account",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * A notification's text as its reader reads it: built for each recipient, in their language
 * (User.locale) with their time zone, when the notification is stored, e.g.
 * `(t) => t("notifications:text.taskDone", { name, title, ref })`.
 */
export type NotificationText = (t: Translate, format: Formats) => string;

/** A recipient's language and zone, as stored on their account (none: English, UTC). */
export interface ReaderLanguage {
  locale: string | null;
  timeZone: string | null;
}

/** The translator and formats for one reader: their language (English when none or unknown), their zone. */
export function inLanguageOf(reader: ReaderLanguage): { t: Translate; format: Formats } {
  const language = isSupportedLanguage(reader.locale) ? reader.locale : DEFAULT_LANGUAGE;
  return { t: translatorFor(language), format: formatsFor(language, reader.timeZone) };
}

/** The text for this reader: a builder's in their language; a plain string (already in words, e.g. a test's) as it is. */
export function textFor(text: NotificationText | string, reader: ReaderLanguage): string {
  if (typeof text === "string") return text;
  const { t, format } = inLanguageOf(reader);
  return text(t, format);
}

export interface NewNotification {
  kind: NotificationKind;
  /** Built per recipient in their language (a builder); a plain string goes to everyone as it is. */
  text: NotificationText | string;
  caseId?: string | null;
  taskId?: string | null;
  /** Same key, same user: stored once. */
  dedupeKey?: string;
  /** For a notification about several items: the cases and tasks it names. */
  about?: NotificationSubject[];
}

export interface NotificationSubject {
  caseId: string;
  taskId: string | null;
}

/**
 * Stores the notification for each user who may see its case and task at this moment (never for
 * the one who caused it), and tells their pages. Callers name whom it concerns; the access rules
 * decide who hears of it.
 */
export async function notify(
  userIds: Iterable<string>,
  n: NewNotification,
  exceptUserId?: string,
): Promise<number> {
  const recipients = await whoMaySee(
    [...new Set(userIds)].filter((id) => id !== exceptUserId),
    n.caseId,
    n.taskId,
  );
  if (recipients.length === 0) return 0;
  // Each row comes back with the kind it was stored with, one of NotificationKind.
  const stored = (await insertNotifications(
    recipients.map((r) => ({ ...n, userId: r.id, text: textFor(n.text, r) })),
  )) as StoredNotification[];
  tellPages(stored);
  return stored.length;
}

export type StoredNotification = NotificationRow & { kind: NotificationKind };

/** Pushes committed notifications to their users' open pages. */
export function tellPages(stored: StoredNotification[]): void {
  for (const { userId, createdAt, ...item } of stored)
    publishNotification({ userId, item: { ...item, createdAt: new Date(createdAt).toISOString() } });
}

/** The active users among these who may see the case (and the task) now, with their language and zone. */
async function whoMaySee(
  userIds: string[],
  caseId?: string | null,
  taskId?: string | null,
): Promise<({ id: string } & ReaderLanguage)[]> {
  if (userIds.length === 0) return [];
  const users = await enabledViewersAmong(userIds);
  if (!caseId) return users;
  const audience = await caseAudience(caseId);
  return audience ? users.filter((u) => maySee(u, audience, taskId)) : [];
}

/**
 * Of a user's stored notifications, those about what they may still see: access can end after a
 * notification was stored (a task cancelled, a case moved), and then so does its mention. A
 * notification about several items stays only while each item it names is visible.
 */
export async function stillVisible<
  T extends NotificationSubject | { caseId: string | null; taskId: string | null; about?: unknown },
>(user: Person, rows: T[]): Promise<T[]> {
  const subjectsOf = (r: {
    caseId: string | null;
    taskId: string | null;
    about?: unknown;
  }): NotificationSubject[] =>
    r.caseId
      ? [{ caseId: r.caseId, taskId: r.taskId }]
      : Array.isArray(r.about)
        ? (r.about as NotificationSubject[])
        : [];
  const caseIds = [...new Set(rows.flatMap((r) => subjectsOf(r).map((s) => s.caseId)))];
  if (caseIds.length === 0) return rows;
  const cases = await caseAudiences(caseIds);
  const audiences = new Map(cases.map((c) => [c.id, c]));
  return rows.filter((r) =>
    subjectsOf(r).every((s) => {
      const audience = audiences.get(s.caseId);
      return audience !== undefined && maySee(user, audience, s.taskId);
    }),
  );
}

/** The organisations whose people act for this one: itself, and for a ministry, its government. */
export const orgsActingFor = (org: { id: string; kind: string; governmentId: string | null }) => [
  org.id,
  ...(org.kind === "MINISTRY" && org.governmentId ? [org.governmentId] : []),
];

/** The active users who act for an organisation: its members, or for a ministry without accounts, its government's focal points. */
export async function usersActingFor(organizationId: string): Promise<string[]> {
  const org = await organizationLink(organizationId);
  return org ? enabledMemberIdsOf(orgsActingFor(org)) : [];
}

export async function listNotifications(user: SessionUser, limit = 50) {
  const [items, unread] = await Promise.all([latestNotificationsOf(user.id, limit), unreadCount(user)]);
  return {
    items: (await stillVisible(user, items)).map(({ about: _about, ...n }) => ({
      ...n,
      id: n.id.toString(),
    })),
    unread,
  };
}

export async function unreadCount(user: SessionUser): Promise<number> {
  const unread = await unreadNotificationSubjectsOf(user.id);
  return (await stillVisible(user, unread)).length;
}

/** Marks the user's own notifications read (others' ids are ignored); all of them without ids. */
export async function markRead(user: SessionUser, ids?: string[]): Promise<number> {
  return markNotificationsRead(user.id, ids?.map(BigInt), new Date());
}

/**
 * Opening a case reads what its notifications said: the user's own unread ones about it are
 * marked read (others' stay as they are), however the user came to it (a notification, the digest,
 * the list). Called once the user may see the case.
 */
export async function markCaseRead(user: SessionUser, caseId: string): Promise<number> {
  return markCaseNotificationsRead(user.id, caseId, new Date());
}

export async function emailPreference(user: SessionUser) {
  return emailDigestOf(user.id);
}

export async function setEmailPreference(user: SessionUser, digest: EmailDigestChoice) {
  await setEmailDigest(user.id, digest);
}

/**
 * Tells the person their password was changed (in the app, and in their e-mail digest): if it
 * was not them, they learn of it and can act. `how`: "reset" (through a link sent by e-mail) or
 * "changed" (on their account page); a longer phrase is read by its first word.
 */
export async function tellPasswordChanged(
  userId: string,
  how: "reset" | "changed" | (string & {}),
): Promise<void> {
  const key = how.startsWith("reset") ? "passwordReset" : "passwordChanged";
  await notify([userId], {
    kind: "account",
    text: (t) => t(`notifications:text.${key}`, { forgotten: t("auth:login.forgotten") }),
  });
}
