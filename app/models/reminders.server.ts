// What the reminders job (app/jobs/reminders.server.ts) records: per person, each item and due date
// they are to be reminded of, once ("Reminder"), and the running summary of what they have not
// been told yet ("ReminderPending"). Who is reminded of what, and the wording, are the job's.
//
// Raw SQL: recording a page is one statement (insert the reminders that are new, and add exactly
// those to their people's summaries, merging the summaries' jsonb lists of first items), which
// Prisma cannot express; and taking summaries (DELETE ... FOR UPDATE SKIP LOCKED ... RETURNING)
// shares one raw-SQL transaction with the insert of their notifications (insertNotifications).
import { database } from "~/db/client.server.ts";

import {
  insertNotifications,
  type NotificationInsert,
  type NotificationRow,
} from "./notifications.server.ts";

/** The Reminder.kind and ReminderPending.kind values. */
export type ReminderKind = "overdue" | "due_soon";

export interface ReminderInsert {
  userId: string;
  /** Per person, once: e.g. "overdue:case:<id>:2027-03-01" (a new due date is a new key). */
  key: string;
  kind: ReminderKind;
  /** How the item reads in a summary, in the person's language ("“Train staff” on TJK-2017-BC-01"). */
  label: string;
  caseId: string;
  taskId: string | null;
}

/** A person's running summary of one kind, with the person's language and zone to word it in. */
export interface PendingSummary {
  userId: string;
  locale: string | null;
  timeZone: string | null;
  kind: ReminderKind;
  cases: number;
  tasks: number;
  /** The first few by label, with the one item's ids and key for a single reminder. */
  first: { label: string; key: string; caseId: string; taskId: string | null }[];
}

/**
 * Records reminders, each once (one already recorded, by any process or run, is skipped), and
 * adds the new ones to their people's summaries, which keep the first `named` items by label. One
 * statement; returns how many were new.
 */
export async function recordReminders(rows: ReminderInsert[], named: number): Promise<number> {
  if (rows.length === 0) return 0;
  const column = (key: keyof ReminderInsert) => rows.map((r) => r[key]);
  const [counted] = await database().sql.query<{ n: number }>(
    `WITH new AS (
       INSERT INTO "Reminder" ("userId", key, kind, label, "caseId", "taskId")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT DO NOTHING
       RETURNING "userId", key, kind, label, "caseId", "taskId"
     ), summed AS (
       INSERT INTO "ReminderPending" AS p ("userId", kind, cases, tasks, first)
       SELECT "userId", kind,
         count(*) FILTER (WHERE "taskId" IS NULL), count(*) FILTER (WHERE "taskId" IS NOT NULL),
         to_jsonb((array_agg(jsonb_build_object('label', label, 'key', key, 'caseId', "caseId", 'taskId', "taskId") ORDER BY label))[1:$7::int])
       FROM new GROUP BY "userId", kind
       ON CONFLICT ("userId", kind) DO UPDATE SET
         cases = p.cases + EXCLUDED.cases,
         tasks = p.tasks + EXCLUDED.tasks,
         first = (SELECT jsonb_agg(f ORDER BY f->>'label') FROM (
           SELECT f FROM jsonb_array_elements(p.first || EXCLUDED.first) AS f ORDER BY f->>'label' LIMIT $7::int) AS firsts)
     )
     SELECT count(*)::int AS n FROM new`,
    [
      column("userId"),
      column("key"),
      column("kind"),
      column("label"),
      column("caseId"),
      column("taskId"),
      named,
    ],
  );
  return counted!.n;
}

/**
 * Takes up to `batch` summaries and stores the notifications `toNotifications` makes of them, in
 * one transaction: a summary is deleted exactly when its notification is stored, so a crash
 * delays a summary but never repeats or loses one. Summaries locked by a run doing the same
 * elsewhere are skipped: each is told once. Returns the notifications stored (none: nothing was
 * pending); publish them once this returns.
 */
export async function takePendingSummaries<T extends NotificationInsert>(
  batch: number,
  toNotifications: (pending: PendingSummary[]) => T[],
): Promise<(NotificationRow & { kind: T["kind"] })[]> {
  return database().sql.transaction(async (query) => {
    const pending = await query<PendingSummary>(
      `WITH taken AS (
         DELETE FROM "ReminderPending" WHERE ("userId", kind) IN (
           SELECT "userId", kind FROM "ReminderPending" LIMIT $1::int FOR UPDATE SKIP LOCKED)
         RETURNING "userId", kind, cases, tasks, first)
       SELECT taken.*, u.locale, u."timeZone" FROM taken LEFT JOIN "User" u ON u.id = taken."userId"`,
      [batch],
    );
    // Each row comes back with the kind it was given.
    return (await insertNotifications(toNotifications(pending), query)) as (NotificationRow & {
      kind: T["kind"];
    })[];
  });
}
