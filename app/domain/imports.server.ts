// Importing recommendations from a visit report (DOCX) or a spreadsheet (CSV, JSON): the file is
// read into rows (app/import/, which treats it as hostile), the rows are kept as an import, and a
// preview shows each proposed case with its reference, the case it would duplicate and the
// earlier cases it may follow. Confirming creates the drafted cases in one transaction, with
// their history, once. The file itself is never stored.
import type { Readable } from "node:stream";

import { may } from "~/access/capabilities.ts";
import { assessmentScope, caseScope } from "~/access/scopes.server.ts";
import type { SessionUser } from "~/access/visibility.ts";
import { requestLanguage } from "~/i18n/detect.server.ts";
import { t } from "~/i18n/i18n.server.ts";
import { readImportFileOffThread } from "~/import/read-off-thread.server.ts";
import type { ImportRow } from "~/import/rows.ts";
import { IMPORT_MAX_BYTES } from "~/import/upload-check.server.ts";
import { areaCode, areaLabel } from "~/lib/areas.ts";
import { defaultDueDateFrom } from "~/lib/deadlines.ts";
import { diceOfStems, sameTextKey, stems } from "~/lib/similarity.ts";
import { assessmentWithin } from "~/models/assessments.server.ts";
import { caseRefsStartingWith, caseVersionAndState, insertCase } from "~/models/cases.server.ts";
import { appendHistory } from "~/models/history.server.ts";
import {
  casesOfAssessment,
  claimImport,
  earlierCasesOfCountry,
  importById,
  insertImport,
} from "~/models/imports.server.ts";
import { type Db, inTransaction, isUniqueViolation } from "~/models/transaction.server.ts";
import { caseRuntime } from "~workflows/case-runtime.ts";
import { snapshotJson } from "~workflows/runtime.ts";

import { audit } from "./audit.server.ts";
import { publishEvents } from "./case-feed.server.ts";
import { assertOwnerIsCted } from "./cases.server.ts";
import {
  DomainError,
  FileTooLargeError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from "./errors.server.ts";
import { sanitizeFileName } from "./evidence-files.server.ts";
import { type ConfirmedRow, ImportConfirmation } from "./import-input.ts";
import { assertRowsInOpenAreas, importReaderOptions, thematicAreas } from "./thematic-areas.server.ts";

/** A link is proposed from this score up, and pre-selected from SUGGEST_AT up. */
const CANDIDATE_AT = 0.25;
const SUGGEST_AT = 0.4;
const CANDIDATES_PER_ROW = 3;

/** A row as the import keeps it: what the reader found, with the key the preview names it by. */
type StoredRow = ImportRow & { key: string };

const alreadyConfirmed = () => new DomainError(409, "imports:errors.alreadyConfirmed");

function assertMayImport(user: SessionUser) {
  if (!may(user, "editCases")) throw new ForbiddenError("imports:errors.onlyCted");
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > IMPORT_MAX_BYTES) {
      stream.destroy();
      throw new FileTooLargeError(IMPORT_MAX_BYTES);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads an uploaded report into a new import for the assessment and returns its preview. A file
 * that cannot be read is refused (400, 413, 415) with a sentence, and nothing is kept.
 */
export async function startImport(
  user: SessionUser,
  fields: Record<string, string>,
  file: { stream: Readable; name: string; complete?: () => Promise<void> },
) {
  assertMayImport(user);
  const assessmentId = fields.assessmentId?.trim();
  if (!assessmentId) throw new InvalidInputError({ assessmentId: "imports:errors.visitRequired" });
  const assessment = await assessmentWithin(assessmentId, assessmentScope(user));
  if (!assessment) throw new InvalidInputError({ assessmentId: "imports:errors.notYourVisit" });
  const fileName = sanitizeFileName(file.name);
  const bytes = await readAll(file.stream);
  await file.complete?.();
  if (bytes.length === 0) throw new InvalidInputError({ file: "imports:errors.empty" });
  // The reader's thread has no request: its warnings and refusals are written in this one's language.
  const read = await readImportFileOffThread(bytes, fileName, {
    ...(await importReaderOptions()),
    language: requestLanguage(),
  });
  const rows: StoredRow[] = read.rows.map((row, i) => ({ ...row, key: String(i + 1) }));
  const created = await inTransaction(async (tx) => {
    const created = await insertImport(
      {
        assessmentId,
        createdById: user.id,
        fileName,
        format: read.format,
        rows: rows as never,
        warnings: read.warnings,
      },
      tx,
    );
    const details = { assessmentId, format: read.format, rows: rows.length, bytes: bytes.length };
    await audit(
      { actor: user, action: "import.read", subject: { type: "import", id: created.id }, details },
      tx,
    );
    return created;
  });
  return importPreview(user, created.id);
}

async function visibleImport(user: SessionUser, id: string) {
  assertMayImport(user);
  const found = await importById(id, assessmentScope(user));
  if (!found) throw new NotFoundError("Import");
  return found;
}

/** The next free number in each area's references for this visit ("TJK-2024-BC-" → 4). */
async function refNumbering(countryCode: string, year: number, db?: Db) {
  const next = new Map<string, number>();
  const areas = await thematicAreas(db);
  return async (area: string) => {
    const prefix = `${countryCode}-${year}-${areaCode(areas, area) ?? "XX"}-`;
    if (!next.has(prefix)) {
      const existing = await caseRefsStartingWith(prefix, db);
      next.set(
        prefix,
        existing.reduce((max, ref) => Math.max(max, Number(ref.slice(prefix.length)) || 0), 0) + 1,
      );
    }
    const n = next.get(prefix)!;
    next.set(prefix, n + 1);
    return `${prefix}${String(n).padStart(2, "0")}`;
  };
}

type EarlierCase = Awaited<ReturnType<typeof earlierCasesOfCountry>>[number];

/** The earlier cases of the same area this row most likely follows, best first, with their scores. */
function candidatesFor(row: { area: string | null; title: string; text: string }, earlier: EarlierCase[]) {
  if (!row.area) return [];
  const mine = stems(`${row.title} ${row.text}`);
  return earlier
    .filter((c) => c.area === row.area)
    .map((c) => ({ c, score: diceOfStems(mine, stems(`${c.title} ${c.text}`)) }))
    .filter(({ score }) => score >= CANDIDATE_AT)
    .sort((a, b) => b.score - a.score)
    .slice(0, CANDIDATES_PER_ROW)
    .map(({ c, score }) => ({
      caseId: c.id,
      ref: c.ref,
      title: c.title,
      state: c.state,
      year: c.assessment.visitStart.getUTCFullYear(),
      score: Math.round(score * 100) / 100,
    }));
}

/**
 * The import as the user checks it: each row with the reference it would get, the case it would
 * duplicate (same text in this visit, or an earlier row of the file), and the earlier cases of
 * the State it may follow; the one pre-selected, if any, is `suggested`.
 */
export async function importPreview(user: SessionUser, id: string) {
  const found = await visibleImport(user, id);
  return previewOf(found, await earlierCasesFor(user, found.assessment));
}
export type ImportPreview = Awaited<ReturnType<typeof importPreview>>;

type FoundImport = Awaited<ReturnType<typeof visibleImport>>;

/** The State's cases from visits before this one that the user sees: what a row may follow. */
const earlierCasesFor = (user: SessionUser, assessment: FoundImport["assessment"]) =>
  earlierCasesOfCountry(assessment.countryCode, assessment.visitStart, caseScope(user));

async function previewOf(found: FoundImport, earlier: EarlierCase[]) {
  const { assessment } = found;
  const rows = found.rows as unknown as StoredRow[];
  const existing = await casesOfAssessment(assessment.id);
  const seen = new Map(existing.map((c) => [sameTextKey(c.text), c.ref]));
  const refFor = await refNumbering(assessment.countryCode, assessment.visitStart.getUTCFullYear());
  const areas = await thematicAreas();
  const previewRows = [];
  for (const row of rows) {
    const textKey = sameTextKey(row.text);
    const duplicateOf = seen.get(textKey) ?? null;
    if (!duplicateOf) seen.set(textKey, `row ${row.key}`);
    const candidates = duplicateOf ? [] : candidatesFor(row, earlier);
    previewRows.push({
      key: row.key,
      ref: row.area && !duplicateOf ? await refFor(row.area) : null,
      number: row.number,
      area: row.area,
      areaLabel: row.area ? areaLabel(areas, row.area) : null,
      heading: row.heading,
      title: row.title,
      text: row.text,
      priority: row.priority ?? "MEDIUM",
      warnings: row.warnings,
      duplicateOf,
      candidates,
      suggested: candidates[0] && candidates[0].score >= SUGGEST_AT ? candidates[0].caseId : null,
    });
  }
  return {
    id: found.id,
    fileName: found.fileName,
    format: found.format,
    createdAt: found.createdAt,
    confirmedAt: found.confirmedAt,
    created: found.cases,
    assessment: {
      id: assessment.id,
      title: assessment.title,
      countryCode: assessment.countryCode,
      countryName: assessment.countryName,
    },
    rows: previewRows,
    warnings: found.warnings as string[],
  };
}

/** A confirmed row: the row as corrected, and the earlier case it follows. */
type ToCreate = ConfirmedRow & { followsCaseId: string | null };

function confirmedRows(stored: StoredRow[], input: ImportConfirmation) {
  const byKey = new Map(stored.map((r) => [r.key, r]));
  const rows: ConfirmedRow[] =
    input.rows ??
    stored.map((r) => {
      if (!r.area)
        throw new InvalidInputError({
          rows: t("imports:errors.rowWithoutArea", { key: r.key }),
        });
      return { key: r.key, area: r.area, title: r.title, text: r.text, priority: r.priority ?? "MEDIUM" };
    });
  const seenKeys = new Set<string>();
  for (const row of rows) {
    if (!byKey.has(row.key))
      throw new InvalidInputError({ rows: t("imports:errors.unknownRow", { key: row.key }) });
    if (seenKeys.has(row.key))
      throw new InvalidInputError({ rows: t("imports:errors.rowTwice", { key: row.key }) });
    seenKeys.add(row.key);
  }
  return { rows, byKey };
}

/**
 * Creates the confirmed rows as drafted cases, all in one transaction: rows left out of
 * `input.rows` are dropped, a row whose text is already a case of this visit is skipped (and
 * said so), and each confirmed link records, on both cases, that the new one follows the earlier
 * one. An import is confirmed once (409 after).
 */
export async function confirmImport(user: SessionUser, id: string, body: unknown) {
  const found = await visibleImport(user, id);
  if (found.confirmedAt) throw alreadyConfirmed();
  const input = ImportConfirmation.parse(body);
  const ownerId = input.ownerId ?? user.id;
  await assertOwnerIsCted(ownerId);
  const { assessment } = found;
  const earlier = await earlierCasesFor(user, assessment);
  const earlierById = new Map(earlier.map((c) => [c.id, c]));
  const { rows, byKey } = confirmedRows(found.rows as unknown as StoredRow[], input);
  await assertRowsInOpenAreas(rows);

  // Links name rows by key or by the reference the preview proposed.
  const preview = await previewOf(found, earlier);
  const keyOfRef = new Map(preview.rows.filter((r) => r.ref).map((r) => [r.ref!, r.key]));
  const follows = new Map<string, string>();
  for (const link of input.links ?? []) {
    const key = link.key ?? keyOfRef.get(link.ref!);
    if (!key || !byKey.has(key))
      throw new InvalidInputError({
        links: t("imports:errors.linkUnknownRow", { row: link.key ?? link.ref }),
      });
    if (!earlierById.has(link.followsCaseId))
      throw new InvalidInputError({
        links: t("imports:errors.linkNotEarlier", { key }),
      });
    follows.set(key, link.followsCaseId);
  }
  const toCreate: ToCreate[] = rows.map((r) => ({ ...r, followsCaseId: follows.get(r.key) ?? null }));
  const initial = caseRuntime.initial({ country: assessment.countryCode });
  // The default due date, unless it is past already: then none (app/lib/deadlines.ts).
  const dueAt = defaultDueDateFrom(assessment.reportAdoptedAt);

  // Another user creating a case in the same area meanwhile can take a reference: retry.
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await inTransaction(async (tx) => {
        if (!(await claimImport(found.id, tx))) throw alreadyConfirmed();
        const refFor = await refNumbering(assessment.countryCode, assessment.visitStart.getUTCFullYear(), tx);
        const seen = new Map(
          (await casesOfAssessment(assessment.id, tx)).map((c) => [sameTextKey(c.text), c.ref]),
        );
        const created: string[] = [];
        const skipped: { key: string; ref: string | null; reason: string }[] = [];
        const events: bigint[] = [];
        for (const row of toCreate) {
          const textKey = sameTextKey(row.text);
          const duplicate = seen.get(textKey);
          if (duplicate) {
            skipped.push({
              key: row.key,
              ref: preview.rows.find((r) => r.key === row.key)?.ref ?? null,
              reason: t("imports:errors.skippedDuplicate", { ref: duplicate }),
            });
            continue;
          }
          const ref = await refFor(row.area);
          seen.set(textKey, ref);
          const inserted = await insertCase(
            {
              ref,
              assessmentId: assessment.id,
              countryCode: assessment.countryCode,
              area: row.area,
              title: row.title,
              text: row.text,
              priority: row.priority,
              ownerId,
              dueAt,
              state: initial.state,
              stateValue: initial.stateValue,
              snapshot: snapshotJson(initial.persisted),
              workflowVersion: initial.workflowVersion,
              importId: found.id,
              followsCaseId: row.followsCaseId,
            },
            tx,
          );
          created.push(inserted.id);
          const earlierCase = row.followsCaseId ? earlierById.get(row.followsCaseId)! : null;
          events.push(
            (
              await appendHistory(
                {
                  caseId: inserted.id,
                  caseVersion: 1,
                  actorId: user.id,
                  type: "IMPORTED",
                  toState: initial.stateValue,
                  reason: earlierCase
                    ? t("imports:reader.history.importedReiterating", {
                        fileName: found.fileName,
                        ref: earlierCase.ref,
                      })
                    : t("imports:reader.history.imported", { fileName: found.fileName }),
                },
                tx,
              )
            ).id,
          );
          if (earlierCase) events.push(await recordReiteration(tx, earlierCase.id, ref, user.id));
        }
        const details = { assessmentId: assessment.id, created: created.length, skipped: skipped.length };
        await audit(
          { actor: user, action: "import.confirmed", subject: { type: "import", id: found.id }, details },
          tx,
        );
        return { created, skipped, events };
      });
      await publishEvents(result.events);
      return { created: result.created, skipped: result.skipped };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

/** On the earlier case: a history entry saying which later recommendation reiterates it. */
async function recordReiteration(tx: Db, caseId: string, laterRef: string, actorId: string) {
  const current = (await caseVersionAndState(caseId, tx))!;
  const entry = await appendHistory(
    {
      caseId,
      caseVersion: current.version,
      actorId,
      type: "REITERATED",
      fromState: current.stateValue,
      toState: current.stateValue,
      reason: t("imports:reader.history.reiteratedBy", { ref: laterRef }),
    },
    tx,
  );
  return entry.id;
}
