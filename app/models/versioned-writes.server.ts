// The one way a versioned row (a case, a task) changes: compare-and-set on its version, with the
// history entry (and the audit log's, when given) appended in the same statement. One round trip, atomic without an explicit
// transaction: the history row exists exactly when the update matched. Of two concurrent writers
// one wins; the other gets a ConflictError (409) with the version that beat it.
//
// Raw SQL because Prisma cannot run an UPDATE and the INSERT of its history entry as one
// statement (a data-modifying CTE); the interactive transaction it would take instead costs
// three round trips (docs/performance.md).
import { prisma } from "~/db/client.server.ts";
import { ConflictError } from "~/domain/errors.server.ts";
import { Prisma } from "~/generated/prisma/client.ts";

import { appendAuditFrom, type AuditRecord } from "./audit.server.ts";
import { appendHistoryFrom, type HistoryEntry, type HistoryEntryFrom } from "./history.server.ts";

// Columns a write may set, with the cast their parameter needs (snapshot comes as JSON text).
const CASE_COLUMNS = {
  state: "",
  stateValue: "",
  snapshot: "::jsonb",
  workflowVersion: "",
  title: "",
  text: "",
  area: "",
  priority: '::"Priority"',
  ownerId: "",
  dueAt: "::timestamp(3)",
} as const;
const TASK_COLUMNS = { state: "", snapshot: "::jsonb" } as const;

export type CaseChanges = Partial<Record<keyof typeof CASE_COLUMNS, string | number | Date | null>>;
export type TaskChanges = Partial<Record<keyof typeof TASK_COLUMNS, string | number | Date | null>>;

/** A case's own entry: the case and its new version come from the updated row. */
export type CaseChangeEntry = Omit<HistoryEntry, "caseId" | "caseVersion" | "taskId">;
/** A task's entry on its case: the task comes from the updated row; the case's state and version as the caller read them. */
export type TaskChangeEntry = Omit<HistoryEntry, "taskId">;

export interface Committed {
  /** The row's new version. */
  version: number;
  updatedAt: Date;
  /** The history entry's id: publish it once this returns (case-feed.server.ts publishEvents). */
  eventId: bigint;
}

export interface CaseChangeOptions {
  /** The audit log's entry for the change, written in the same statement after the history's. */
  audit?: AuditRecord;
  /**
   * For a submission: the entry's `package` is the case's stored evidence as it is at that moment
   * ([{id, kind, title, fileName, size, contentType, sha256, url, reference}], oldest first), and
   * the items not yet in a package are marked as submitted in this entry, in the same statement.
   */
  packageEvidence?: boolean;
}

/** Changes a case if it is still at `expectedVersion`, and appends its history entry; else ConflictError. */
export async function commitCaseChange(
  id: string,
  expectedVersion: number,
  changes: CaseChanges,
  entry: CaseChangeEntry,
  options: CaseChangeOptions = {},
): Promise<Committed> {
  const committed = await compareAndSet(
    "Case",
    CASE_COLUMNS,
    id,
    expectedVersion,
    changes,
    { ...entry, caseId: Prisma.sql`id`, caseVersion: Prisma.sql`version`, taskId: null },
    options.packageEvidence ? evidencePackage(id) : undefined,
    options.audit,
  );
  if (committed) return committed;
  // Someone else's write committed first.
  const latest = await prisma().case.findUnique({ where: { id }, select: { version: true } });
  throw new ConflictError(latest?.version ?? expectedVersion);
}

/** Changes a task if it is still at `expectedVersion`, and appends its entry to the case's history; else ConflictError. */
export async function commitTaskChange(
  id: string,
  expectedVersion: number,
  changes: TaskChanges,
  entry: TaskChangeEntry,
  audit?: AuditRecord,
): Promise<Committed> {
  const committed = await compareAndSet(
    "Task",
    TASK_COLUMNS,
    id,
    expectedVersion,
    changes,
    { ...entry, taskId: Prisma.sql`id` },
    undefined,
    audit,
  );
  if (committed) return committed;
  const latest = await prisma().task.findUnique({ where: { id }, select: { version: true } });
  throw new ConflictError(latest?.version ?? expectedVersion, "task");
}

/** More of the statement around the entry: CTEs before it, a value for it, CTEs after it. */
interface AroundEntry {
  before: Prisma.Sql;
  package: Prisma.Sql;
  after: Prisma.Sql;
}

/**
 * The case's stored evidence, locked (FOR UPDATE: an item deleted meanwhile drops out, and a delete
 * that comes second waits and then finds it submitted), packaged into the entry, and the items not
 * yet submitted marked as submitted in it.
 */
function evidencePackage(caseId: string): AroundEntry {
  return {
    before: Prisma.sql`items AS (
      SELECT id, kind, title, "fileName", size, "contentType", sha256, url, reference, "addedAt"
      FROM "Evidence" WHERE "caseId" = ${caseId} AND "storedAt" IS NOT NULL
      FOR UPDATE
    ),`,
    package: Prisma.sql`(SELECT COALESCE(jsonb_agg(jsonb_build_object(
      'id', id, 'kind', lower(kind::text), 'title', title, 'fileName', "fileName", 'size', size,
      'contentType', "contentType", 'sha256', sha256, 'url', url, 'reference', reference
    ) ORDER BY "addedAt", id), '[]'::jsonb) FROM items)`,
    after: Prisma.sql`, marked AS (
      UPDATE "Evidence" SET "submittedInEventId" = entry.id FROM entry
      WHERE "Evidence".id IN (SELECT id FROM items) AND "Evidence"."submittedInEventId" IS NULL
    )`,
  };
}

/** The statement itself: the committed row's version and time and the entry's id, or null when the version did not match. */
async function compareAndSet(
  table: "Case" | "Task",
  columns: Record<string, string>,
  id: string,
  expectedVersion: number,
  changes: Record<string, string | number | Date | null | undefined>,
  entry: HistoryEntryFrom,
  around?: AroundEntry,
  audit?: AuditRecord,
): Promise<Committed | null> {
  const sets = Object.entries(changes).map(([column, value]) => {
    const cast = columns[column];
    if (cast === undefined) throw new Error(`${table}.${column} is not a column a versioned write sets`);
    return Prisma.sql`${Prisma.raw(`"${column}"`)} = ${value}${Prisma.raw(cast)}`;
  });
  const rows = await prisma().$queryRaw<Committed[]>`
    WITH updated AS (
      UPDATE ${Prisma.raw(`"${table}"`)}
      SET ${Prisma.join([...sets, Prisma.sql`version = version + 1`, Prisma.sql`"updatedAt" = now()`])}
      WHERE id = ${id} AND version = ${expectedVersion}
      RETURNING id, version, "updatedAt"
    ), ${around?.before ?? Prisma.empty} entry AS (${appendHistoryFrom("updated", around ? { ...entry, package: around.package } : entry)})${around?.after ?? Prisma.empty}${audit ? Prisma.sql`, audited AS (${appendAuditFrom("entry", audit)})` : Prisma.empty}
    SELECT updated.version, updated."updatedAt", entry.id AS "eventId" FROM updated, entry`;
  return rows.length === 1 ? rows[0]! : null;
}
