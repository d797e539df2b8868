// Evidence on a case: files, links and references that show a recommendation was implemented,
// gathered while the case is being implemented and submitted with it (SUBMIT_EVIDENCE packages
// them: cases.server.ts, submission.server.ts). Who may add, see and delete is decided by
// app/access/; a file's type is told from its bytes (evidence-files.server.ts); its bytes go to
// the storage driver (app/storage/), its row through app/models/evidence.server.ts.
//
// A file is recorded so that a crash at any point leaves nothing visible: the row first, invisible
// (storedAt null, a random storage key), then the bytes, then the row marked stored. Any failure
// on the way removes the bytes and the row; a crash leaves them to the clean-up at the next start
// (app/jobs/orphan-uploads.server.ts).
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";

import { may } from "~/access/capabilities.ts";
import { caseScope, evidenceScope, taskScope } from "~/access/scopes.server.ts";
import { type SessionUser } from "~/access/visibility.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { t } from "~/i18n/i18n.server.ts";
import { log } from "~/lib/log.server.ts";
import {
  deleteEvidenceRow,
  deleteUnsubmittedEvidence,
  evidenceCase,
  evidenceOfCase,
  type EvidenceRow,
  evidenceRow,
  insertEvidence,
  markEvidenceStored,
  taskOfCaseWithin,
} from "~/models/evidence.server.ts";
import { type Db, inTransaction } from "~/models/transaction.server.ts";
import { evidenceMaxBytes, storage } from "~/storage/index.server.ts";
import { caseStateHas } from "~workflows/state-tags.ts";

import { audit } from "./audit.server.ts";
import {
  AlreadySubmittedError,
  DomainError,
  FileTooLargeError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  UnsupportedFileTypeError,
} from "./errors.server.ts";
import { detectContentType, isPreviewable, sanitizeFileName, SNIFF_BYTES } from "./evidence-files.server.ts";
import { EvidenceFileFields, EvidenceNoteInput } from "./evidence-input.ts";
import { type Submission, submissionOfCase } from "./submission.server.ts";

const KINDS = { FILE: "file", LINK: "link", REFERENCE: "reference" } as const;

/** Those who added an item delete it, and CTED anyone's, until it is submitted. */
const mayDelete = (user: SessionUser, item: { addedBy: { id: string } }) =>
  item.addedBy.id === user.id || may(user, "deleteAnyEvidence");

function evidenceView(user: SessionUser, row: EvidenceRow) {
  const submitted = row.submittedInEventId !== null;
  return {
    id: row.id,
    kind: KINDS[row.kind],
    title: row.title,
    description: row.description,
    fileName: row.fileName,
    size: row.size,
    contentType: row.contentType,
    sha256: row.sha256,
    url: row.url,
    reference: row.reference,
    taskId: row.taskId,
    addedBy: row.addedBy,
    addedAt: row.addedAt,
    /** Part of a submission: kept as submitted, no longer deletable. */
    submitted,
    /** A file the browser may show in place (PDF, image): `?inline=1` on its content address. */
    previewable: row.kind === "FILE" && isPreviewable(row.contentType),
    /** Whether this user may delete it now. */
    canDelete: !submitted && mayDelete(user, row),
  };
}
export type EvidenceView = ReturnType<typeof evidenceView>;

/** The case's evidence this user sees (a partner: their own tasks' items), oldest first; 404 for a case they do not see. */
export async function listEvidence(user: SessionUser, caseId: string): Promise<EvidenceView[]> {
  if (!(await evidenceCase(caseId, caseScope(user)))) throw new NotFoundError();
  const rows = await evidenceOfCase(caseId, evidenceScope(user));
  return rows.map((row) => evidenceView(user, row));
}

async function itemView(user: SessionUser, id: string): Promise<EvidenceView> {
  const row = await evidenceRow(id, evidenceScope(user));
  if (!row) throw new NotFoundError("Evidence");
  return evidenceView(user, row);
}

/**
 * Whether the user may add evidence to the case now: 404 for a case they do not see, 403 for
 * someone who may not add any (observers), 422 unless the case is being implemented. `onCase`:
 * for the case as a whole (CTED, the State's focal point), else only for their own tasks (partners).
 */
async function mayAddTo(user: SessionUser, caseId: string) {
  const c = await evidenceCase(caseId, caseScope(user));
  if (!c) throw new NotFoundError();
  const onCase = may(user, "addEvidence", c);
  if (!onCase && !may(user, "addEvidenceToOwnTasks")) throw new ForbiddenError("evidence:errors.readOnly");
  if (!caseStateHas(c.stateValue, "collectingEvidence")) {
    // A nested state ("in_progress.under_review") is named by its last part.
    const last = c.stateValue.split(".").pop()!;
    const state = t(`workflow:states.${last}`, { defaultValue: c.stateValue }).toLowerCase();
    throw new DomainError(422, { key: "evidence:errors.notCollecting", values: { state } });
  }
  return { c, onCase };
}

/** The task an item is added for: one of the case's that the user sees; required of partners. */
async function checkTask(user: SessionUser, caseId: string, onCase: boolean, taskId: string | undefined) {
  if (!taskId) {
    if (onCase) return null;
    throw new InvalidInputError({
      taskId: "evidence:errors.taskRequired",
    });
  }
  if (!(await taskOfCaseWithin(taskId, caseId, taskScope(user)))) {
    throw new InvalidInputError({
      taskId: onCase ? "evidence:errors.notTaskOfCase" : "evidence:errors.notOwnTask",
    });
  }
  return taskId;
}

/** Adds a link or a reference (`input`: EvidenceNoteInput, checked here). */
export async function addLinkOrReference(
  user: SessionUser,
  caseId: string,
  input: unknown,
): Promise<EvidenceView> {
  const { onCase } = await mayAddTo(user, caseId);
  const note = EvidenceNoteInput.parse(input);
  const taskId = await checkTask(user, caseId, onCase, note.taskId);
  const kind = note.kind === "link" ? "LINK" : "REFERENCE";
  const { id } = await inTransaction(async (tx) => {
    const item = await insertEvidence(
      {
        caseId,
        taskId,
        kind,
        title: note.title,
        description: note.description ?? null,
        url: note.kind === "link" ? note.url : null,
        reference: note.kind === "reference" ? note.text : null,
        addedById: user.id,
        stored: true,
      },
      tx,
    );
    await auditEvidence(user, "evidence.added", { id: item.id, caseId, taskId }, { kind }, tx);
    return item;
  });
  return itemView(user, id);
}

/** A file as it arrives in a request. */
export interface UploadedFile {
  /** Its bytes, streamed: never held whole in memory. */
  stream: Readable;
  /** The name the client gave it (sanitised here). */
  name: string;
  /**
   * Resolves once the rest of the request has been read and found well-formed, rejects (with a
   * DomainError saying why) otherwise: the item becomes visible only after it resolves.
   */
  complete?: () => Promise<void>;
}

/** The request's body failed while the file was read: cut off, malformed, or too large for the route. */
class UploadReadError extends Error {
  constructor(readonly cause: unknown) {
    super("The upload could not be read"); // for the log only
  }
}

/** The stream's first `bytes` (or all of it, if shorter), and an iterator over the rest. */
async function readHead(stream: Readable, bytes: number) {
  const rest = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    while (size < bytes) {
      const { done, value } = await rest.next();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch (error) {
    throw new UploadReadError(error);
  }
  return { head: Buffer.concat(chunks), rest };
}

/** The head again, then the rest: what the storage driver reads. */
function replay(head: Buffer, rest: AsyncIterator<Buffer>): Readable {
  return Readable.from(
    (async function* () {
      yield head;
      try {
        for (;;) {
          const { done, value } = await rest.next();
          if (done) return;
          yield value;
        }
      } catch (error) {
        throw new UploadReadError(error);
      } finally {
        // Stopped early (the driver refused more): stop reading the request too.
        await rest.return?.();
      }
    })(),
    { objectMode: false },
  );
}

/**
 * Past a limit: the HTTP layer's (app/http/body-limits.server.ts, which has answered 413) or the
 * storage's (TooLargeError). By status, since either may come from another copy of its module.
 */
const refusedAsTooLarge = (error: unknown) => (error as { status?: unknown } | null)?.status === 413;

/** What a failed upload tells its sender. */
function uploadFailure(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (refusedAsTooLarge(error)) return new FileTooLargeError(evidenceMaxBytes());
  if (error instanceof UploadReadError) {
    if (refusedAsTooLarge(error.cause)) return new FileTooLargeError(evidenceMaxBytes());
    return new InvalidInputError({
      file: "evidence:errors.uploadCutOff",
    });
  }
  return error;
}

async function discard(id: string, key: string) {
  await storage()
    .delete(key)
    .catch((e: Error) =>
      log.error("evidence bytes of a failed upload not deleted", { id, error: e.message }),
    );
  await deleteEvidenceRow(id).catch((e: Error) =>
    log.error("evidence row of a failed upload not deleted", { id, error: e.message }),
  );
}

/**
 * Adds a file (`fields`: EvidenceFileFields, checked here). Its type is told from its first bytes:
 * 415 for a type not accepted, 400 for an empty file, 413 past the size limit; nothing is kept of
 * a refused file.
 */
export async function addFileEvidence(
  user: SessionUser,
  caseId: string,
  fields: unknown,
  file: UploadedFile,
): Promise<EvidenceView> {
  const { onCase } = await mayAddTo(user, caseId);
  const input = EvidenceFileFields.parse(fields);
  const taskId = await checkTask(user, caseId, onCase, input.taskId);
  const fileName = sanitizeFileName(file.name);
  let handedOver = false;
  const { head, rest } = await readHead(file.stream, SNIFF_BYTES).catch((error) => {
    throw uploadFailure(error);
  });
  try {
    if (head.length === 0) throw new InvalidInputError({ file: "evidence:errors.empty" });
    const contentType = await detectContentType(head, fileName);
    if (!contentType) {
      throw new UnsupportedFileTypeError(
        t("evidence:errors.unsupportedType", { accepted: t("evidence:errors.acceptedTypes") }),
      );
    }
    const storageKey = randomUUID();
    const { id } = await insertEvidence({
      caseId,
      taskId,
      kind: "FILE",
      title: input.title,
      description: input.description ?? null,
      fileName,
      storageKey,
      addedById: user.id,
      stored: false,
    });
    handedOver = true;
    try {
      const stored = await storage().put(storageKey, replay(head, rest), {
        maxBytes: evidenceMaxBytes(),
        contentType,
      });
      await file.complete?.();
      const facts = { size: stored.size, sha256: stored.sha256, contentType };
      const marked = await inTransaction(async (tx) => {
        if (!(await markEvidenceStored(id, facts, tx))) return false;
        await auditEvidence(user, "evidence.added", { id, caseId, taskId }, { kind: "FILE", ...facts }, tx);
        return true;
      });
      if (!marked) {
        throw new InvalidInputError({
          file: "evidence:errors.tooSlow",
        });
      }
    } catch (error) {
      await discard(id, storageKey);
      throw uploadFailure(error);
    }
    return itemView(user, id);
  } finally {
    if (!handedOver) await rest.return?.().catch(() => {});
  }
}

/** The audit log's entry for an item added or deleted: identifiers and the file's facts, never its content. */
function auditEvidence(
  user: SessionUser,
  action: "evidence.added" | "evidence.deleted",
  item: { id: string; caseId: string; taskId: string | null },
  details: Prisma.InputJsonObject,
  tx: Db,
) {
  const subject = { type: "evidence", id: item.id };
  return audit(
    { actor: user, action, subject, caseId: item.caseId, details: { ...details, taskId: item.taskId } },
    tx,
  );
}

/**
 * Deletes an item and its bytes: those who added it, or CTED (403 for others), until it is
 * submitted (409); 404 for an item the user does not see.
 */
export async function deleteEvidence(user: SessionUser, id: string): Promise<void> {
  const row = await evidenceRow(id, evidenceScope(user));
  if (!row) throw new NotFoundError("Evidence");
  if (!mayDelete(user, row)) throw new ForbiddenError("evidence:errors.deleteForbidden");
  const refusal = "evidence:errors.alreadySubmitted";
  if (row.submittedInEventId !== null) throw new AlreadySubmittedError(refusal);
  // Submitted meanwhile: the submission locked it first.
  const deleted = await inTransaction(async (tx) => {
    if (!(await deleteUnsubmittedEvidence(id, tx))) return false;
    const item = { id, caseId: row.case.id, taskId: row.taskId };
    await auditEvidence(user, "evidence.deleted", item, { kind: row.kind }, tx);
    return true;
  });
  if (!deleted) throw new AlreadySubmittedError(refusal);
  if (row.storageKey) {
    // The row is gone, so the item is; bytes left by a failure here are swept at the next start.
    await storage()
      .delete(row.storageKey)
      .catch((e: Error) => log.error("evidence bytes not deleted", { id, error: e.message }));
  }
}

export interface EvidenceContent {
  stream: Readable;
  fileName: string;
  contentType: string;
  size: number;
  /** A PDF or an image: may be shown in place (with the preview's headers). */
  previewable: boolean;
}

/** A file's bytes, streamed from storage, for whoever sees the item; 404 otherwise (and for links and references). */
export async function evidenceContent(user: SessionUser, id: string): Promise<EvidenceContent> {
  const row = await evidenceRow(id, evidenceScope(user));
  if (row?.kind !== "FILE" || !row.storageKey || !row.contentType || row.size === null)
    throw new NotFoundError("Evidence file");
  const stream = await storage().get(row.storageKey);
  if (!stream) {
    log.error("stored evidence has no bytes", { id });
    throw new NotFoundError("Evidence file");
  }
  return {
    stream,
    fileName: row.fileName ?? "evidence",
    contentType: row.contentType,
    size: row.size,
    previewable: isPreviewable(row.contentType),
  };
}

/** The latest submission of the case while it is under review or verified, else null; 404 for a case the user does not see. */
export async function submissionOf(user: SessionUser, caseId: string): Promise<Submission | null> {
  const c = await evidenceCase(caseId, caseScope(user));
  if (!c) throw new NotFoundError();
  return submissionOfCase(user, c);
}
