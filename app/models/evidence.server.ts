// Evidence items as stored: the case page's and the API's reads, the insert of an item and the
// steps of a file's upload (a row first, its bytes, then the row marked stored), and deletion. An
// item whose file is still being stored (storedAt null) is invisible to every read here; one left
// so by a crash is removed at the next start (app/jobs/orphan-uploads.server.ts). Who may see which
// items (evidenceScope, app/access/scopes.server.ts) is decided by the callers. Items are marked
// submitted by the SUBMIT_EVIDENCE write itself (versioned-writes.server.ts).
import { prisma } from "~/db/client.server.ts";
import type { EvidenceKind, Prisma } from "~/generated/prisma/client.ts";

import type { Db } from "./transaction.server.ts";

const STORED = { storedAt: { not: null } } satisfies Prisma.EvidenceWhereInput;

// An item as the case page and the API show it.
const ITEM_SELECT = {
  id: true,
  caseId: true,
  taskId: true,
  kind: true,
  title: true,
  description: true,
  url: true,
  reference: true,
  fileName: true,
  size: true,
  contentType: true,
  sha256: true,
  addedAt: true,
  submittedInEventId: true,
  addedBy: { select: { id: true, name: true } },
} satisfies Prisma.EvidenceSelect;

export type EvidenceRow = Prisma.EvidenceGetPayload<{ select: typeof ITEM_SELECT }>;

/** What adding evidence needs of its case (its State and state), or null when not within `scope`. */
export async function evidenceCase(caseId: string, scope: Prisma.CaseWhereInput) {
  return prisma().case.findFirst({
    where: { AND: [{ id: caseId }, scope] },
    select: { id: true, countryCode: true, stateValue: true },
  });
}

/** Whether the task is one of the case's, within `scope` (app/access/scopes.server.ts taskScope). */
export async function taskOfCaseWithin(
  taskId: string,
  caseId: string,
  scope: Prisma.TaskWhereInput,
): Promise<boolean> {
  const task = await prisma().task.findFirst({
    where: { AND: [{ id: taskId, caseId }, scope] },
    select: { id: true },
  });
  return task !== null;
}

/** The case's stored items within `scope`, oldest first. */
export async function evidenceOfCase(
  caseId: string,
  scope: Prisma.EvidenceWhereInput,
): Promise<EvidenceRow[]> {
  return prisma().evidence.findMany({
    where: { AND: [{ caseId }, STORED, scope] },
    orderBy: [{ addedAt: "asc" }, { id: "asc" }],
    select: ITEM_SELECT,
  });
}

/** A stored item within `scope`, with where its bytes are and its case's state; null when not found. */
export async function evidenceRow(id: string, scope: Prisma.EvidenceWhereInput) {
  return prisma().evidence.findFirst({
    where: { AND: [{ id }, STORED, scope] },
    select: {
      ...ITEM_SELECT,
      storageKey: true,
      addedById: true,
      case: { select: { id: true, countryCode: true, stateValue: true } },
    },
  });
}

/** How many of the case's items were stored that had been added at or after `since` (all, when null). */
export async function storedEvidenceCountSince(caseId: string, since: Date | null): Promise<number> {
  return prisma().evidence.count({
    where: { AND: [{ caseId }, STORED, since ? { addedAt: { gte: since } } : {}] },
  });
}

export interface NewEvidence {
  caseId: string;
  taskId: string | null;
  kind: EvidenceKind;
  title: string;
  description: string | null;
  url?: string | null;
  reference?: string | null;
  fileName?: string | null;
  storageKey?: string | null;
  addedById: string;
  /** Whether the item is complete now (a link, a reference); a file's is set once its bytes are stored. */
  stored: boolean;
}

/** Inserts an item: visible at once when `stored`, else once markEvidenceStored has run. */
export async function insertEvidence(data: NewEvidence, db: Db = prisma()): Promise<{ id: string }> {
  const { stored, ...rest } = data;
  return db.evidence.create({
    data: { ...rest, storedAt: stored ? new Date() : null },
    select: { id: true },
  });
}

/**
 * A file's bytes are stored: records what they are, and the item becomes visible. False when its
 * row is gone (the orphan clean-up took it for a dead upload: app/jobs/orphan-uploads.server.ts).
 */
export async function markEvidenceStored(
  id: string,
  file: { size: number; sha256: string; contentType: string },
  db: Db = prisma(),
): Promise<boolean> {
  const { count } = await db.evidence.updateMany({
    where: { id, storedAt: null },
    data: { ...file, storedAt: new Date() },
  });
  return count === 1;
}

/** Removes an item's row whatever its state (an upload that failed); no error when it is gone. */
export async function deleteEvidenceRow(id: string): Promise<void> {
  await prisma().evidence.deleteMany({ where: { id } });
}

/**
 * Removes the item unless it was submitted meanwhile (the submission locks the rows it packages, so
 * of the two the one that comes second sees the other's result): whether it was removed.
 */
export async function deleteUnsubmittedEvidence(id: string, db: Db = prisma()): Promise<boolean> {
  const { count } = await db.evidence.deleteMany({ where: { id, submittedInEventId: null } });
  return count === 1;
}
