// Assessment visits as administrators keep them: read with their partners and number of cases,
// and written with their partners. The rules are the caller's: app/domain/admin-visits.server.ts.
import { prisma } from "~/db/client.server.ts";

import type { Db } from "./transaction.server.ts";

const VISIT_ROW = {
  id: true,
  countryCode: true,
  countryName: true,
  title: true,
  visitStart: true,
  visitEnd: true,
  resolutions: true,
  reportSentAt: true,
  reportAdoptedAt: true,
  isDemo: true,
  partners: {
    select: { organization: { select: { id: true, name: true, shortName: true } } },
    orderBy: { organization: { shortName: "asc" } },
  },
  _count: { select: { cases: true } },
} as const;

/** Every visit, latest first, with its partners and number of cases. */
export async function visitRows(db: Db = prisma()) {
  return db.assessment.findMany({
    select: VISIT_ROW,
    orderBy: [{ visitStart: "desc" }, { countryName: "asc" }, { title: "asc" }],
  });
}

/** The visit with this id, its partners and number of cases, or null. */
export async function visitRow(id: string, db: Db = prisma()) {
  return db.assessment.findUnique({ where: { id }, select: VISIT_ROW });
}
export type VisitRow = NonNullable<Awaited<ReturnType<typeof visitRow>>>;

/** The government organisation of this State (by ISO code), or null. */
export async function governmentOf(countryCode: string, db: Db = prisma()) {
  return db.organization.findFirst({
    where: { kind: "GOVERNMENT", countryCode },
    select: { id: true, name: true, shortName: true, countryCode: true },
  });
}

/** Those of these ids that are partner organisations. */
export async function partnerIdsAmong(ids: string[], db: Db = prisma()): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db.organization.findMany({
    where: { id: { in: ids }, kind: "PARTNER" },
    select: { id: true },
  });
  return found.map((o) => o.id);
}

export interface VisitData {
  countryCode: string;
  countryName: string;
  title: string;
  visitStart: Date;
  visitEnd: Date;
  resolutions: string[];
  reportSentAt: Date | null;
  reportAdoptedAt: Date | null;
}

/** Inserts a visit (never a demo one) with its partners. */
export async function insertVisit(data: VisitData, partnerIds: string[], db: Db = prisma()) {
  return db.assessment.create({
    data: {
      ...data,
      isDemo: false,
      partners: { create: partnerIds.map((organizationId) => ({ organizationId })) },
    },
    select: VISIT_ROW,
  });
}

/** Replaces a visit's fields and its partners (its demo flag stays as it was). */
export async function updateVisitRow(id: string, data: VisitData, partnerIds: string[], db: Db = prisma()) {
  return db.assessment.update({
    where: { id },
    data: {
      ...data,
      partners: {
        deleteMany: {},
        create: partnerIds.map((organizationId) => ({ organizationId })),
      },
    },
    select: VISIT_ROW,
  });
}
