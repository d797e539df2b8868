// Stored notifications (Notification): inserting them, listing a user's, marking them read or
// mailed. Who is told, and whether they may still see what a notification is about, is decided in
// app/domain/notifications.server.ts.
import { database, prisma, type Query } from "~/db/client.server.ts";

import type { Db } from "./transaction.server.ts";

/** A raw-SQL runner's query: database().sql.query, or the one a database().sql.transaction hands over. */
export type { Query } from "~/db/client.server.ts";

/** The cases and tasks a notification about several items names. */
export interface NotificationAbout {
  caseId: string;
  taskId: string | null;
}

export interface NotificationInsert {
  userId: string;
  kind: string;
  text: string;
  caseId?: string | null;
  taskId?: string | null;
  /** Same key, same user: stored once. */
  dedupeKey?: string;
  about?: NotificationAbout[];
}

export interface NotificationRow {
  id: string;
  userId: string;
  kind: string;
  text: string;
  caseId: string | null;
  taskId: string | null;
  createdAt: Date;
}

/**
 * Inserts notifications that differ per user in one statement, inside the caller's raw-SQL
 * transaction if it passes its query; returns those stored. One already stored for a user with the
 * same key conflicts on ("userId", "dedupeKey") and is skipped; rows without a key never conflict
 * (NULLs are distinct). Raw SQL because reminders.server.ts takePendingSummaries calls this
 * inside its database().sql.transaction, which a Prisma call cannot join.
 */
export async function insertNotifications(
  items: NotificationInsert[],
  query: Query = database().sql.query,
): Promise<NotificationRow[]> {
  if (items.length === 0) return [];
  const column = (key: Exclude<keyof NotificationInsert, "about">) => items.map((i) => i[key] ?? null);
  const about = items.map((i) => (i.about ? JSON.stringify(i.about) : null));
  return query<NotificationRow>(
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

/** The user's newest notifications, newest first. */
export async function latestNotificationsOf(userId: string, limit: number) {
  return prisma().notification.findMany({
    where: { userId },
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
  });
}

/** What the user's unread notifications are about (to count those still visible). */
export async function unreadNotificationSubjectsOf(userId: string) {
  return prisma().notification.findMany({
    where: { userId, readAt: null },
    select: { caseId: true, taskId: true, about: true },
  });
}

/** Marks the user's unread notifications with these ids (all of them without ids) read; returns how many. */
export async function markNotificationsRead(
  userId: string,
  ids: bigint[] | undefined,
  at: Date,
): Promise<number> {
  const { count } = await prisma().notification.updateMany({
    where: { userId, readAt: null, ...(ids ? { id: { in: ids } } : {}) },
    data: { readAt: at },
  });
  return count;
}

/**
 * Marks the user's unread notifications about this case read; returns how many. Only those naming
 * it as their case: a summary about several cases stays unread until its reader says so.
 */
export async function markCaseNotificationsRead(userId: string, caseId: string, at: Date): Promise<number> {
  const { count } = await prisma().notification.updateMany({
    where: { userId, caseId, readAt: null },
    data: { readAt: at },
  });
  return count;
}

/** The user's notifications neither read nor mailed, oldest first. */
export async function unmailedNotificationsOf(userId: string, db: Db = prisma()) {
  return db.notification.findMany({
    where: { userId, readAt: null, emailedAt: null },
    orderBy: { id: "asc" },
    select: { id: true, text: true, caseId: true, taskId: true, about: true, createdAt: true },
  });
}

export async function markNotificationsMailed(ids: bigint[], at: Date, db: Db = prisma()): Promise<void> {
  await db.notification.updateMany({ where: { id: { in: ids } }, data: { emailedAt: at } });
}
