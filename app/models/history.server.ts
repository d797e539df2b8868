// The case history (CaseEvent rows): the one way to append an entry, the case page's read of it,
// and the reads of the live feed. Entries are appended, never changed. Ids are gapless and in
// commit order (a trigger takes them from "EventCounter", migration 20261130200000_live_events),
// so "everything after n" is exact.
import { ownerPrisma, prisma } from "~/db/client.server.ts";
import { Prisma } from "~/generated/prisma/client.ts";

import type { Db } from "./transaction.server.ts";

/** One history entry: something that happened to a case, or to one of its tasks (taskId). */
export interface HistoryEntry {
  caseId: string;
  /** The case's row version after this entry; a task's entry carries the case's version as it stands. */
  caseVersion: number;
  /** For a task's entry (type TASK_*). */
  taskId?: string | null;
  actorId: string;
  type: string;
  fromState?: string | null;
  toState: string;
  reason?: string | null;
  /** The response's text at that moment, for transitions that agree or verify it. */
  responseText?: string | null;
  /** SUBMIT_EVIDENCE: the evidence as submitted (schema.prisma CaseEvent.package). */
  package?: Prisma.InputJsonValue | null;
}

/**
 * Appends a history entry, inside the caller's transaction when it passes one (so that the entry
 * exists exactly when the change it records does), or on its own. Publish the returned id
 * (case-feed.server.ts publishEvents) only once the transaction has committed.
 */
export async function appendHistory(entry: HistoryEntry, db: Db = prisma()): Promise<{ id: bigint }> {
  return db.caseEvent.create({
    data: {
      caseId: entry.caseId,
      caseVersion: entry.caseVersion,
      taskId: entry.taskId ?? null,
      actorId: entry.actorId,
      type: entry.type,
      fromState: entry.fromState ?? null,
      toState: entry.toState,
      reason: entry.reason ?? null,
      responseText: entry.responseText ?? null,
      package: entry.package ?? undefined,
    },
    select: { id: true },
  });
}

/** A history entry whose fields may be SQL over the columns of the row it is appended from. */
export type HistoryEntryFrom = { [K in keyof HistoryEntry]: HistoryEntry[K] | Prisma.Sql };

/**
 * The same append as a data-modifying CTE's body, for a statement that writes the history entry
 * together with the row change it records (versioned-writes.server.ts): INSERT ... SELECT from
 * the CTE named `source`, so the entry exists exactly when `source` returned a row. Raw SQL
 * because Prisma cannot put an update and an insert into one statement. Returns the entry's id.
 */
export function appendHistoryFrom(source: string, entry: HistoryEntryFrom): Prisma.Sql {
  const value = (v: unknown) => (v instanceof Prisma.Sql ? v : Prisma.sql`${v ?? null}`);
  const json = (v: unknown) =>
    v instanceof Prisma.Sql ? v : v == null ? Prisma.sql`NULL` : Prisma.sql`${JSON.stringify(v)}::jsonb`;
  return Prisma.sql`
    INSERT INTO "CaseEvent" ("caseId", "actorId", type, "fromState", "toState", reason, "responseText", "caseVersion", "taskId", package)
    SELECT ${value(entry.caseId)}, ${value(entry.actorId)}, ${value(entry.type)}, ${value(entry.fromState)}, ${value(entry.toState)}, ${value(entry.reason)}, ${value(entry.responseText)}, ${value(entry.caseVersion)}, ${value(entry.taskId)}, ${json(entry.package)}
    FROM ${Prisma.raw(`"${source}"`)}
    RETURNING id`;
}

/**
 * The case's entries within `scope` (app/access/scopes.server.ts historyScope), oldest first. What
 * of each entry its reader may read (reasons, the response) is the caller's to decide.
 */
export async function historyOfCase(caseId: string, scope: Prisma.CaseEventWhereInput) {
  return prisma().caseEvent.findMany({
    where: { AND: [{ caseId }, scope] },
    orderBy: { id: "asc" },
    select: {
      id: true,
      at: true,
      type: true,
      fromState: true,
      toState: true,
      reason: true,
      responseText: true,
      taskId: true,
      actor: { select: { id: true, name: true, role: true } },
    },
  });
}

/**
 * The case's latest own entry (not a task's) that moved it into one of `stateValues` from outside
 * them (e.g. when it last entered implementing: its START, RETURN or REOPEN), or null.
 */
export async function latestEntryInto(caseId: string, stateValues: string[]) {
  return prisma().caseEvent.findFirst({
    where: {
      caseId,
      taskId: null,
      toState: { in: stateValues },
      OR: [{ fromState: null }, { fromState: { notIn: stateValues } }],
    },
    orderBy: { id: "desc" },
    select: { id: true, at: true },
  });
}

/** The case's latest own entry of this type, with what it recorded (e.g. the last submission), or null. */
export async function latestEntryOfType(caseId: string, type: string) {
  return prisma().caseEvent.findFirst({
    where: { caseId, taskId: null, type },
    orderBy: { id: "desc" },
    select: {
      id: true,
      at: true,
      responseText: true,
      package: true,
      actor: { select: { id: true, name: true } },
    },
  });
}

// What the live feed needs of an entry: enough to decide its rooms as the case stands now.
const FEED_SELECT = {
  id: true,
  type: true,
  toState: true,
  caseVersion: true,
  at: true,
  actor: { select: { id: true, name: true } },
  task: { select: { id: true, title: true, state: true } },
  case: {
    select: {
      id: true,
      ref: true,
      countryCode: true,
      area: true,
      tasks: { select: { id: true, assigneeOrgId: true, state: true } },
    },
  },
} satisfies Prisma.CaseEventSelect;

export type FeedEntry = Prisma.CaseEventGetPayload<{ select: typeof FEED_SELECT }>;

// The live feed delivers every entry to whoever may see it, whichever request published it: its
// reads are the owner's, except a catch-up within one person's scope.

/** These entries, oldest first, as the live feed reads them. */
export async function feedEntriesByIds(ids: (bigint | number)[]): Promise<FeedEntry[]> {
  return ownerPrisma().caseEvent.findMany({
    where: { id: { in: ids.map(BigInt) } },
    orderBy: { id: "asc" },
    select: FEED_SELECT,
  });
}

/** Up to `limit` entries with an id above `after`, oldest first, within `scope` when given (a filter already decided by the caller). */
export async function feedEntriesAfter(
  after: number,
  limit: number,
  scope?: Prisma.CaseEventWhereInput,
): Promise<FeedEntry[]> {
  return (scope ? prisma() : ownerPrisma()).caseEvent.findMany({
    where: { AND: [{ id: { gt: BigInt(after) } }, scope ?? {}] },
    orderBy: { id: "asc" },
    take: limit,
    select: FEED_SELECT,
  });
}

/** The id of the newest entry (0 when there is none). */
export async function latestHistoryId(): Promise<number> {
  const newest = await ownerPrisma().caseEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return Number(newest?.id ?? 0);
}

/**
 * Up to `limit` history entries after `afterId`, in id order, each with its stored hash and its
 * canonical form. The form is written here again, not taken from the database's function of the
 * same name (migration 20261204100000_history_chain), so that changing that function behind the
 * app's back does not change what the check expects.
 */
export async function historyChainPage(afterId: bigint, limit: number) {
  return prisma().$queryRaw<{ id: bigint; hash: string | null; canonical: string }[]>`
    SELECT e."id", e."hash",
      jsonb_build_array(
        e."id"::text, e."caseId", e."actorId", e."type", e."fromState", e."toState", e."reason",
        e."responseText", e."caseVersion", e."package", e."taskId",
        to_char(e."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS')
      )::text AS canonical
    FROM "CaseEvent" e
    WHERE e."id" > ${afterId}
    ORDER BY e."id"
    LIMIT ${limit}`;
}
