// Thematic areas: the list every page, report and the importer read (labels, codes, order), the
// rules for choosing one (a new case, a change of area or an imported row goes only to an area in
// use), and their administration by CTED's administrators from the browser and the API: created,
// renamed, reordered, retired and taken back into use, never deleted (cases refer to them). A
// retired area keeps its cases, which still show its label, but takes no new ones. Its code goes
// into case references (TJK-2017-BC-03), so it cannot change once a case uses it; its slug, made
// from its first label, never changes. Each change is in the audit log, written with it.
import { may } from "~/access/capabilities.ts";
import { caseScope } from "~/access/scopes.server.ts";
import type { SessionUser } from "~/access/visibility.ts";
import { t } from "~/i18n/i18n.server.ts";
import { configuredHeadings } from "~/import/configured-headings.server.ts";
import type { ImportOptions } from "~/import/read-upload.server.ts";
import { AREA_SLUG_PATTERN, areaLabel, areasShown, slugFromLabel, type ThematicArea } from "~/lib/areas.ts";
import { log } from "~/lib/log.server.ts";
import {
  type AreaRow,
  areaRow,
  areaRows,
  areaRowsWithCases,
  type AreaRowWithCases,
  areasHolding,
  areaSlugsWithCases,
  insertArea,
  lockAreas,
  renumberAreas,
  slugsLike,
  updateAreaRow,
} from "~/models/thematic-areas.server.ts";
import { type Db, inTransaction, isUniqueViolation } from "~/models/transaction.server.ts";

import type { AreaChange, AreaInput } from "./admin-input.ts";
import { audit } from "./audit.server.ts";
import { ForbiddenError, InvalidInputError, NotFoundError } from "./errors.server.ts";

export type { ThematicArea } from "~/lib/areas.ts";

const areaOf = (row: AreaRow): ThematicArea => ({
  slug: row.slug,
  code: row.code,
  label: row.label,
  position: row.position,
  retired: row.retiredAt !== null,
});

// ---------------------------------------------------------------------------------------------
// Reading and choosing

/** Every area, in order, retired ones included: what labels, codes and the order come from. */
export async function thematicAreas(db?: Db): Promise<ThematicArea[]> {
  return (await areaRows(db)).map(areaOf);
}

/**
 * The areas this user's lists, filters and forms show: those in use, and the retired ones that
 * hold cases the user sees (never one that only another State's cases are in).
 */
export async function areasForUser(user: SessionUser): Promise<ThematicArea[]> {
  const areas = await thematicAreas();
  const retired = areas.filter((a) => a.retired).map((a) => a.slug);
  const withCases =
    retired.length === 0
      ? []
      : await areaSlugsWithCases({ AND: [caseScope(user), { area: { in: retired } }] });
  return areasShown(areas, withCases);
}

const NOT_AN_AREA = "admin:areas.errors.notAnArea";

/** An area's label as a sentence names it: one of the nine as the migration named them in the request's language. */
const named = (row: { slug: string; label: string }) => areaLabel([row], row.slug, t);

async function knownArea(slug: string, db?: Db) {
  const row = AREA_SLUG_PATTERN.test(slug) ? await areaRow(slug, db) : null;
  if (!row) throw new InvalidInputError({ area: NOT_AN_AREA });
  return row;
}

/** An area to filter by: it must exist (400 otherwise), retired or not. */
export async function assertAreaExists(slug: string): Promise<void> {
  await knownArea(slug);
}

/** A new case, or a case moved to another area, goes only to an area in use: 400 otherwise. */
export async function assertAreaOpen(slug: string, db?: Db): Promise<ThematicArea> {
  const row = await knownArea(slug, db);
  if (row.retiredAt)
    throw new InvalidInputError({
      area: t("admin:areas.errors.retired", { label: named(row) }),
    });
  return areaOf(row);
}

/** The code an area's case references carry (TJK-2017-BC-03). */
export async function areaCodeFor(slug: string, db?: Db): Promise<string> {
  return (await knownArea(slug, db)).code;
}

/**
 * Imported rows are confirmed only into areas in use: a row read before its area was retired, or
 * an area that is not one, is refused with a sentence naming the row.
 */
export async function assertRowsInOpenAreas(rows: { key: string; area: string }[], db?: Db): Promise<void> {
  const areas = new Map((await thematicAreas(db)).map((a) => [a.slug, a]));
  for (const row of rows) {
    const area = areas.get(row.area);
    if (!area)
      throw new InvalidInputError({
        rows: t("admin:areas.errors.rowNotAnArea", { row: row.key, area: row.area }),
      });
    if (area.retired)
      throw new InvalidInputError({
        rows: t("admin:areas.errors.rowRetired", { row: row.key, label: named(area) }),
      });
  }
}

/**
 * What the import readers need to know of the areas: every area (a heading naming a retired one
 * is told so), and the deployment's own headings (IMPORT_HEADINGS_FILE), checked against them.
 */
export async function importReaderOptions(): Promise<ImportOptions> {
  const areas = await thematicAreas();
  return {
    headings: await configuredHeadings(areas),
    areas: areas.map(({ slug, code, label, retired }) => ({ slug, code, label, retired })),
  };
}

// ---------------------------------------------------------------------------------------------
// Administration

/** Refuses (403) whoever is not a CTED administrator: the API's answer; pages answer 404 before. */
export function requireAreaAdministrator(user: SessionUser): void {
  if (!may(user, "administer")) throw new ForbiddenError("admin:areas.errors.forbidden");
}

function adminItem(row: AreaRowWithCases) {
  return { ...areaOf(row), retiredAt: row.retiredAt, cases: row._count.cases };
}
export type AreaItem = ReturnType<typeof adminItem>;

/** Every area, in order, with its number of cases. */
export async function listAdminAreas(admin: SessionUser): Promise<AreaItem[]> {
  requireAreaAdministrator(admin);
  return (await areaRowsWithCases()).map(adminItem);
}

async function existingArea(slug: string, db?: Db) {
  const row = AREA_SLUG_PATTERN.test(slug) ? await areaRow(slug, db) : null;
  if (!row) throw new NotFoundError("Thematic area");
  return row;
}

/** Why the code cannot change (a sentence for the form's hint), or null when it can. */
const codePinned = (row: AreaRowWithCases) =>
  row._count.cases === 0
    ? null
    : row._count.cases === 1
      ? t("admin:areas.pinned.codeOne")
      : t("admin:areas.pinned.code", { count: row._count.cases });

/** One area, with how many areas there are (the form's places) and why its code cannot change. */
export async function getAdminArea(admin: SessionUser, slug: string) {
  requireAreaAdministrator(admin);
  const [row, all] = await Promise.all([existingArea(slug), areaRows()]);
  return { area: adminItem(row), places: all.length, pinned: { code: codePinned(row) } };
}

/** How many areas there are: a new one's form offers one place more. */
export async function areaFormOptions(admin: SessionUser) {
  requireAreaAdministrator(admin);
  return { places: (await areaRows()).length + 1 };
}

/** A label or code another area already holds, as field messages. */
async function checkAgainstOthers(values: { label?: string; code?: string }, exceptSlug?: string, db?: Db) {
  const fields: Record<string, string> = {};
  const held = await areasHolding(values, exceptSlug, db);
  if (held.byLabel)
    fields.label = t(`admin:areas.errors.${held.byLabel.retiredAt ? "labelUsedRetired" : "labelUsed"}`, {
      code: held.byLabel.code,
    });
  if (held.byCode)
    fields.code = t(`admin:areas.errors.${held.byCode.retiredAt ? "codeUsedRetired" : "codeUsed"}`, {
      code: values.code,
      label: named(held.byCode),
    });
  if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);
}

/**
 * Writes, and should a unique constraint refuse it all the same (a label differing only in case
 * that another transaction wrote first), says which as checkAgainstOthers would.
 */
async function writing<T>(
  values: { label?: string; code?: string },
  exceptSlug: string | undefined,
  write: () => Promise<T>,
) {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) await checkAgainstOthers(values, exceptSlug);
    throw error;
  }
}

/** The slug a new area takes: from its label ("-2", "-3"... when taken), or from its code. */
async function freeSlug(label: string, code: string, db: Db) {
  const base = slugFromLabel(label) || `area-${code.toLowerCase()}`;
  const taken = await slugsLike(base, db);
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** The areas in order with `slug` moved to `place` (1 first; past the end: last). */
function movedTo(order: AreaRow[], slug: string, place: number) {
  const moving = order.find((a) => a.slug === slug)!;
  const rest = order.filter((a) => a.slug !== slug);
  const at = Math.min(Math.max(place, 1), rest.length + 1) - 1;
  return [...rest.slice(0, at), moving, ...rest.slice(at)];
}

export async function createArea(admin: SessionUser, input: AreaInput): Promise<AreaItem> {
  requireAreaAdministrator(admin);
  const values = { label: input.label, code: input.code };
  const slug = await writing(values, undefined, () =>
    inTransaction(async (tx) => {
      await lockAreas(tx);
      await checkAgainstOthers(values, undefined, tx);
      const slug = await freeSlug(input.label, input.code, tx);
      const before = await areaRows(tx);
      const last = before.length + 1;
      await insertArea({ slug, code: input.code, label: input.label, position: last }, tx);
      const order = movedTo(
        [...before, { slug, code: input.code, label: input.label, position: last, retiredAt: null }],
        slug,
        input.position ?? last,
      );
      await renumberAreas(order, tx);
      const position = order.findIndex((a) => a.slug === slug) + 1;
      await audit(
        {
          actor: { id: admin.id, email: admin.email },
          action: "admin.area.created",
          subject: { type: "area", id: slug },
          details: { label: input.label, code: input.code, position },
        },
        tx,
      );
      return slug;
    }),
  );
  log.info("thematic area created", { area: slug, by: admin.id });
  return (await getAdminArea(admin, slug)).area;
}

/**
 * Changes an area: its label, its code (while no case uses it), its place in the order (the
 * others move up or down), whether it is retired. Every problem with the fields at once; nothing
 * written (and nothing audited) when nothing changes.
 */
export async function updateArea(admin: SessionUser, slug: string, change: AreaChange): Promise<AreaItem> {
  requireAreaAdministrator(admin);
  const changed = await writing({ label: change.label, code: change.code }, slug, () =>
    inTransaction(async (tx) => {
      await lockAreas(tx);
      const row = await existingArea(slug, tx);
      const order = await areaRows(tx);
      const details: Record<string, { old: string | number | boolean; new: string | number | boolean }> = {};
      const fields: Record<string, string> = {};
      const label = change.label !== undefined && change.label !== row.label ? change.label : undefined;
      const code = change.code !== undefined && change.code !== row.code ? change.code : undefined;
      const wasRetired = row.retiredAt !== null;
      const retired =
        change.retired !== undefined && change.retired !== wasRetired ? change.retired : undefined;
      if (code !== undefined && row._count.cases > 0)
        fields.code = t("admin:areas.errors.codeHeld", {
          label: named(row),
          count: row._count.cases,
          code: row.code,
        });
      if (retired === true && order.every((a) => a.slug === slug || a.retiredAt !== null))
        fields.retired = t("admin:areas.errors.onlyInUse", { label: named(row) });
      if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);
      await checkAgainstOthers({ label, code }, slug, tx);

      if (label !== undefined) details.label = { old: row.label, new: label };
      if (code !== undefined) details.code = { old: row.code, new: code };
      if (retired !== undefined) details.retired = { old: wasRetired, new: retired };
      if (label !== undefined || code !== undefined || retired !== undefined)
        await updateAreaRow(
          slug,
          {
            ...(label !== undefined ? { label } : {}),
            ...(code !== undefined ? { code } : {}),
            ...(retired !== undefined ? { retiredAt: retired ? new Date() : null } : {}),
          },
          tx,
        );
      if (change.position !== undefined) {
        const from = order.findIndex((a) => a.slug === slug) + 1;
        const moved = movedTo(order, slug, change.position);
        const to = moved.findIndex((a) => a.slug === slug) + 1;
        if (to !== from) details.position = { old: from, new: to };
        await renumberAreas(moved, tx);
      }
      if (Object.keys(details).length === 0) return false;
      await audit(
        {
          actor: { id: admin.id, email: admin.email },
          action: "admin.area.changed",
          subject: { type: "area", id: slug },
          details,
        },
        tx,
      );
      return true;
    }),
  );
  if (changed) log.info("thematic area changed", { area: slug, by: admin.id });
  return (await getAdminArea(admin, slug)).area;
}
