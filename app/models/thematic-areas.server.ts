// Thematic areas (ThematicArea rows): read in their order, with how many cases each holds, and
// written. Never deleted: cases refer to them. The rules (who may, what may change, what a
// retired area may still do) are the callers': app/domain/thematic-areas.server.ts.
import { prisma } from "~/db/client.server.ts";
import type { Prisma } from "~/generated/prisma/client.ts";

import type { Db } from "./transaction.server.ts";

const AREA_ROW = { slug: true, code: true, label: true, position: true, retiredAt: true } as const;
const ORDER = [{ position: "asc" }, { label: "asc" }] as const;

export interface AreaRow {
  slug: string;
  code: string;
  label: string;
  position: number;
  retiredAt: Date | null;
}
export type AreaRowWithCases = AreaRow & { _count: { cases: number } };

/** Every area, in order. */
export async function areaRows(db: Db = prisma()): Promise<AreaRow[]> {
  return db.thematicArea.findMany({ select: AREA_ROW, orderBy: [...ORDER] });
}

/** Every area, in order, with its number of cases. */
export async function areaRowsWithCases(db: Db = prisma()): Promise<AreaRowWithCases[]> {
  return db.thematicArea.findMany({
    select: { ...AREA_ROW, _count: { select: { cases: true } } },
    orderBy: [...ORDER],
  });
}

/** The area with this slug and its number of cases, or null. */
export async function areaRow(slug: string, db: Db = prisma()): Promise<AreaRowWithCases | null> {
  return db.thematicArea.findUnique({
    where: { slug },
    select: { ...AREA_ROW, _count: { select: { cases: true } } },
  });
}

/** The areas some case within `scope` is in (slugs). */
export async function areaSlugsWithCases(scope: Prisma.CaseWhereInput, db: Db = prisma()): Promise<string[]> {
  // GROUP BY in the database: the distinct areas, not every case's row.
  const rows = await db.case.groupBy({ by: ["area"], where: scope });
  return rows.map((r) => r.area);
}

/**
 * Another area (not `exceptSlug`) already holding this label (compared without regard to case:
 * "border control" is Border control) or this code.
 */
export async function areasHolding(
  values: { label?: string; code?: string },
  exceptSlug: string | undefined,
  db: Db = prisma(),
) {
  const others = exceptSlug ? { slug: { not: exceptSlug } } : {};
  const [byLabel, byCode] = await Promise.all([
    values.label
      ? db.thematicArea.findFirst({
          where: { ...others, label: { equals: values.label, mode: "insensitive" } },
          select: AREA_ROW,
        })
      : null,
    values.code
      ? db.thematicArea.findFirst({ where: { ...others, code: values.code }, select: AREA_ROW })
      : null,
  ]);
  return { byLabel, byCode };
}

/** The slugs taken among `base` and `base-<n>`. */
export async function slugsLike(base: string, db: Db = prisma()): Promise<Set<string>> {
  const rows = await db.thematicArea.findMany({
    where: { OR: [{ slug: base }, { slug: { startsWith: `${base}-` } }] },
    select: { slug: true },
  });
  return new Set(rows.map((r) => r.slug));
}

/** Inserts an area; a slug, label or code already taken fails with a unique violation. */
export async function insertArea(data: Omit<AreaRow, "retiredAt">, db: Db = prisma()) {
  await db.thematicArea.create({ data, select: { slug: true } });
}

/** Changes an area's fields; a label or code already taken fails with a unique violation. */
export async function updateAreaRow(
  slug: string,
  data: Partial<Pick<AreaRow, "label" | "code" | "retiredAt">>,
  db: Db = prisma(),
) {
  await db.thematicArea.update({ where: { slug }, data, select: { slug: true } });
}

/**
 * Serialises changes to the areas until the transaction ends: two administrators reordering at
 * once do not interleave their renumbering, and a label or code checked is still free when written.
 * Cases referring to the areas are not held up (their foreign key takes a lock this one allows).
 */
export async function lockAreas(tx: Db) {
  await tx.$executeRaw`LOCK TABLE "ThematicArea" IN SHARE ROW EXCLUSIVE MODE`;
}

/** Sets the positions 1, 2, 3... in this order of slugs (only those that change are written). */
export async function renumberAreas(order: { slug: string; position: number }[], db: Db = prisma()) {
  for (const [i, area] of order.entries()) {
    if (area.position !== i + 1)
      await db.thematicArea.update({ where: { slug: area.slug }, data: { position: i + 1 } });
  }
}
