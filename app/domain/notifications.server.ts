// In-app notifications: stored per user, pushed live to their open pages, listed, marked read,
// and mailed in a digest (app/jobs/email-digest.server.ts). A notification with a dedupe key is
// stored at most once per user, whichever process or run produces it: reminders rely on that.
import { database, prisma, type Query } from "~/db/client.server.ts";
import type { EmailDigestChoice } from "~/lib/email-digest.ts";

import { maySee, type SessionUser, type Viewer } from "./access.server.ts";
import { publishNotification } from "./events.server.ts";

export const NOTIFICATION_KINDS = [
  "task_assigned",
  "task_done",
  "comment",
  "action_needed",
  "mention",
  "due_soon",
  "overdue",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NewNotification {
  kind: NotificationKind;
  text: string;
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
  const stored = await insertNotifications(recipients.map((userId) => ({ ...n, userId })));
  tellPages(stored);
  return stored.length;
}

export type StoredNotification = {
  id: string;
  userId: string;
  kind: NotificationKind;
  text: string;
  caseId: string | null;
  taskId: string | null;
  createdAt: Date;
};

/**
 * Stores notifications that differ per user in one statement, inside the caller's transaction
 * if it passes one; tellPages() once committed. For callers that have already asked the access
 * rules about each recipient (the reminders job); everyone else goes through notify().
 */
export async function insertNotifications(
  items: (NewNotification & { userId: string })[],
  query: Query = database().sql.query,
): Promise<StoredNotification[]> {
  if (items.length === 0) return [];
  const column = (key: Exclude<keyof (typeof items)[number], "about">) => items.map((i) => i[key] ?? null);
  const about = items.map((i) => (i.about ? JSON.stringify(i.about) : null));
  // One already stored for a user with the same key conflicts on ("userId", "dedupeKey") and is
  // skipped; rows without a key never conflict (NULLs are distinct).
  return query<StoredNotification>(
    `INSERT INTO "Notification" ("userId", kind, text, "caseId", "taskId", "dedupeKey", about)
     SELECT u, k, t, c, ts, d, a::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS n(u, k, t, c, ts, d, a)
     ON CONFLICT ("userId", "dedupeKey") DO NOTHING
     RETURNING id::text AS id, "userId", kind, text, "caseId", "taskId", "createdAt"`,
    [
      column("userId"),
      column("kind"),
      column("text"),
      column("caseId"),
      column("taskId"),
      column("dedupeKey"),
      about,
    ],
  );
}

/** Pushes committed notifications to their users' open pages. */
export function tellPages(stored: StoredNotification[]): void {
  for (const { userId, createdAt, ...item } of stored)
    publishNotification({ userId, item: { ...item, createdAt: new Date(createdAt).toISOString() } });
}

const VIEWER_SELECT = {
  id: true,
  role: true,
  organization: { select: { id: true, countryCode: true } },
} as const;
const AUDIENCE_SELECT = {
  id: true,
  countryCode: true,
  tasks: { select: { id: true, assigneeOrgId: true, state: true } },
} as const;

/** The active users among these who may see the case (and the task) now. */
async function whoMaySee(
  userIds: string[],
  caseId?: string | null,
  taskId?: string | null,
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const users = await prisma().user.findMany({
    where: { id: { in: userIds }, disabledAt: null },
    select: VIEWER_SELECT,
  });
  if (!caseId) return users.map((u) => u.id);
  const audience = await prisma().case.findUnique({ where: { id: caseId }, select: AUDIENCE_SELECT });
  return audience ? users.filter((u) => maySee(u, audience, taskId)).map((u) => u.id) : [];
}

/**
 * Of a user's stored notifications, those about what they may still see: access can end after a
 * notification was stored (a task cancelled, a case moved), and then so does its mention. A
 * notification about several items stays only while each item it names is visible.
 */
export async function stillVisible<
  T extends NotificationSubject | { caseId: string | null; taskId: string | null; about?: unknown },
>(user: Viewer, rows: T[]): Promise<T[]> {
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
  const cases = await prisma().case.findMany({ where: { id: { in: caseIds } }, select: AUDIENCE_SELECT });
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
  const org = await prisma().organization.findUnique({
    where: { id: organizationId },
    select: { id: true, kind: true, governmentId: true },
  });
  if (!org) return [];
  const users = await prisma().user.findMany({
    where: { organizationId: { in: orgsActingFor(org) }, disabledAt: null },
    select: { id: true },
  });
  return users.map((u) => u.id);
}

export async function listNotifications(user: SessionUser, limit = 50) {
  const [items, unread] = await Promise.all([
    prisma().notification.findMany({
      where: { userId: user.id },
      orderBy: { id: "desc" },
      take: limit,
      select: {
        id: true,
        kind: true,
        text: true,
        caseId: true,
        taskId: true,
        about: true,
        createdAt: true,
        readAt: true,
      },
    }),
    unreadCount(user),
  ]);
  return {
    items: (await stillVisible(user, items)).map(({ about: _about, ...n }) => ({
      ...n,
      id: n.id.toString(),
    })),
    unread,
  };
}

export async function unreadCount(user: SessionUser): Promise<number> {
  const unread = await prisma().notification.findMany({
    where: { userId: user.id, readAt: null },
    select: { caseId: true, taskId: true, about: true },
  });
  return (await stillVisible(user, unread)).length;
}

/** Marks the user's own notifications read (others' ids are ignored); all of them without ids. */
export async function markRead(user: SessionUser, ids?: string[]): Promise<number> {
  const { count } = await prisma().notification.updateMany({
    where: { userId: user.id, readAt: null, ...(ids ? { id: { in: ids.map(BigInt) } } : {}) },
    data: { readAt: new Date() },
  });
  return count;
}

export async function emailPreference(user: SessionUser) {
  const row = await prisma().user.findUniqueOrThrow({
    where: { id: user.id },
    select: { emailDigest: true },
  });
  return row.emailDigest;
}

export async function setEmailPreference(user: SessionUser, digest: EmailDigestChoice) {
  await prisma().user.update({ where: { id: user.id }, data: { emailDigest: digest } });
}
