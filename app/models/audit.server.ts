// The audit log (AuditEntry rows): the one way to append an entry, the administrators' read of it,
// and the chain's read for the check. Entries are appended, never changed: ids (gapless, in commit
// order) and hashes are set by the database (migration 20261206100000_audit_log).
import { prisma } from "~/db/client.server.ts";
import { Prisma } from "~/generated/prisma/client.ts";

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

/**
 * Appends an entry, inside the caller's transaction when it passes one (so it exists exactly when
 * the change does). A transaction that also appends to the case history appends there first: both
 * take a counter's row lock, always in that order, so two such transactions cannot deadlock.
 */
export async function appendAudit(record: AuditRecord, db: Db = prisma()): Promise<void> {
  await db.auditEntry.create({
    data: { ...record, details: record.details ?? undefined },
    select: { id: true },
  });
}

/**
 * The same append as a data-modifying CTE's body, for a statement that writes the entry together
 * with the change it records (versioned-writes.server.ts): INSERT ... SELECT from the CTE named
 * `source`, so the entry exists exactly when `source` returned a row.
 */
export function appendAuditFrom(source: string, record: AuditRecord): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "AuditEntry" ("actorId", "actorEmail", action, "subjectType", "subjectId", "caseId", details, address, "requestId")
    SELECT ${record.actorId}, ${record.actorEmail}, ${record.action}, ${record.subjectType ?? null}, ${record.subjectId ?? null}, ${record.caseId ?? null}, ${record.details == null ? null : JSON.stringify(record.details)}::jsonb, ${record.address}, ${record.requestId}
    FROM ${Prisma.raw(`"${source}"`)}`;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  /** Entries of no account with this email as typed (a sign-in refused to an unknown address). */
  actorEmails?: string[];
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
      ...(filter.actorEmails ? { actorId: null, actorEmail: { in: filter.actorEmails } } : {}),
      ...(filter.caseId ? { caseId: filter.caseId } : {}),
      ...(filter.from || filter.to ? { at: { gte: filter.from, lt: filter.to } } : {}),
      ...(filter.before ? { id: { lt: filter.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit,
  });
}

/** The account with this email (stored lower-cased), if any. */
export async function accountIdByEmail(email: string): Promise<string | null> {
  const row = await prisma().user.findUnique({ where: { email }, select: { id: true } });
  return row?.id ?? null;
}

/** The case with this reference, as typed or in capitals (references are written so), if any. */
export async function caseByRef(ref: string): Promise<{ id: string; ref: string } | null> {
  return prisma().case.findFirst({
    where: { ref: { in: [...new Set([ref, ref.toUpperCase()])] } },
    select: { id: true, ref: true },
  });
}

/** The names and emails of these accounts (the page's actors and accounts acted on), in one query. */
export async function peopleByIds(ids: string[]) {
  if (ids.length === 0) return [];
  return prisma().user.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, email: true },
  });
}

/** The references of these cases, in one query. */
export async function caseRefsByIds(ids: string[]) {
  if (ids.length === 0) return [];
  return prisma().case.findMany({ where: { id: { in: ids } }, select: { id: true, ref: true } });
}

/** The short names of these organisations, in one query. */
export async function organizationNamesByIds(ids: string[]) {
  if (ids.length === 0) return [];
  return prisma().organization.findMany({
    where: { id: { in: ids } },
    select: { id: true, shortName: true },
  });
}

/** The titles of these assessment visits, in one query. */
export async function visitTitlesByIds(ids: string[]) {
  if (ids.length === 0) return [];
  return prisma().assessment.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } });
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
