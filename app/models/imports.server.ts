// Recommendation imports: the rows read from a report, kept until confirmed, and what an import
// compares them with (the assessment's cases, and the State's cases from earlier visits).
import { prisma } from "~/db/client.server.ts";
import type { Prisma } from "~/generated/prisma/client.ts";

import type { Db } from "./transaction.server.ts";

export interface NewImport {
  assessmentId: string;
  createdById: string;
  fileName: string;
  format: string;
  rows: Prisma.InputJsonValue;
  warnings: Prisma.InputJsonValue;
}

export async function insertImport(data: NewImport, db: Db = prisma()) {
  return db.recommendationImport.create({ data, select: { id: true, createdAt: true } });
}

/** The import, if its assessment is within `assessmentScope`. */
export async function importById(id: string, assessmentScope: Prisma.AssessmentWhereInput) {
  return prisma().recommendationImport.findFirst({
    where: { id, assessment: assessmentScope },
    include: { assessment: true, cases: { select: { id: true, ref: true }, orderBy: { ref: "asc" } } },
  });
}

/**
 * Marks the import confirmed, inside the confirming transaction: false when it already was (two
 * confirmations at once: the row lock makes the second wait, then find it confirmed).
 */
export async function claimImport(id: string, db: Db): Promise<boolean> {
  const { count } = await db.recommendationImport.updateMany({
    where: { id, confirmedAt: null },
    data: { confirmedAt: new Date() },
  });
  return count === 1;
}

/** The latest imports into an assessment, newest first. */
export async function importsOfAssessment(assessmentId: string, limit = 20) {
  return prisma().recommendationImport.findMany({
    where: { assessmentId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      fileName: true,
      createdAt: true,
      confirmedAt: true,
      createdBy: { select: { name: true } },
      _count: { select: { cases: true } },
    },
  });
}

/** The assessment's cases, to find a new row's duplicate. */
export async function casesOfAssessment(assessmentId: string, db: Db = prisma()) {
  return db.case.findMany({
    where: { assessmentId },
    select: { id: true, ref: true, area: true, title: true, text: true },
  });
}

/**
 * The State's cases from visits before this one, in `scope`: the candidates a new recommendation
 * may follow. Only what the similarity score and the preview need.
 */
export async function earlierCasesOfCountry(countryCode: string, before: Date, scope: Prisma.CaseWhereInput) {
  return prisma().case.findMany({
    where: { AND: [scope, { countryCode, assessment: { visitStart: { lt: before } } }] },
    select: {
      id: true,
      ref: true,
      area: true,
      title: true,
      text: true,
      state: true,
      assessment: { select: { visitStart: true } },
    },
    orderBy: { ref: "asc" },
  });
}

/** The case's lineage: the case it follows and those that follow it, within `scope`. */
export async function lineageOfCase(id: string, scope: Prisma.CaseWhereInput) {
  const select = {
    id: true,
    ref: true,
    title: true,
    state: true,
    stateValue: true,
    updatedAt: true,
    assessment: { select: { title: true, visitStart: true } },
  } as const;
  const row = await prisma().case.findFirst({
    where: { AND: [scope, { id }] },
    select: {
      follows: { select },
      followedBy: { where: scope, select, orderBy: { ref: "asc" } },
    },
  });
  if (!row) return null;
  // The earlier case only if this user may see it too.
  const follows =
    row.follows && (await prisma().case.count({ where: { AND: [scope, { id: row.follows.id }] } }))
      ? row.follows
      : null;
  return { follows, followedBy: row.followedBy };
}
