// The audit log (AuditEntry rows): the one way to append an entry, the administrators' read of it,
// and the chain's read for the check. Entries are appended, never changed: ids (gapless, in commit
// order) and hashes are set by the database (migration 20261206100000_audit_log).
import { prisma } from "~/db/client.server.ts";
import type { Prisma } from "~/generated/prisma/client.ts";

import type { Db } from "./transaction.server.ts";

export interface AuditRecord {
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  caseId?: string | null;
  details?: Prisma.InputJsonValue | null;
  address: string | null;
  requestId: string | null;
}

/** Appends an entry, inside the caller's transaction when it passes one (so it exists exactly when the change does). */
export async function appendAudit(record: AuditRecord, db: Db = prisma()): Promise<void> {
  await db.auditEntry.create({
    data: { ...record, details: record.details ?? undefined },
    select: { id: true },
  });
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  caseId?: string;
  from?: Date;
  to?: Date;
  /** Entries with an id below this (the next page). */
  before?: bigint;
}

/** Up to `limit` entries matching the filter, newest first. */
export async function auditEntries(filter: AuditFilter, limit: number) {
  return prisma().auditEntry.findMany({
    where: {
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
      ...(filter.caseId ? { caseId: filter.caseId } : {}),
      ...(filter.from || filter.to ? { at: { gte: filter.from, lt: filter.to } } : {}),
      ...(filter.before ? { id: { lt: filter.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit,
  });
}

/**
 * Up to `limit` entries after `afterId`, in id order, with the stored hash and the canonical
 * form, written here again rather than taken from the database's function of the same name, so
 * that changing that function behind the app's back does not change what is checked.
 */
export async function auditChainPage(afterId: bigint, limit: number) {
  return prisma().$queryRaw<{ id: bigint; hash: string | null; canonical: string }[]>`
    SELECT e."id", e."hash",
      jsonb_build_array(
        e."id"::text, to_char(e."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS'), e."actorId", e."actorEmail",
        e."action", e."subjectType", e."subjectId", e."caseId", e."details", e."address", e."requestId"
      )::text AS canonical
    FROM "AuditEntry" e
    WHERE e."id" > ${afterId}
    ORDER BY e."id"
    LIMIT ${limit}`;
}
