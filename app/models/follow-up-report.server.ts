// The reads of the follow-up report (app/reports/follow-up-report.server.ts): one assessment and,
// each in one query for the whole assessment, its cases, their tasks, their history and their
// saved responses, so that a report of hundreds of cases costs a handful of queries. Who may see
// which rows (the scopes of app/access/scopes.server.ts) is the caller's decision.
import { database, prisma } from "~/db/client.server.ts";
import type { Prisma } from "~/generated/prisma/client.ts";

import { ASSESSMENT_FACTS } from "./assessments.server.ts";

/** The assessment with its partners, or null when there is none with this id within `scope`. */
export async function reportAssessment(id: string, scope: Prisma.AssessmentWhereInput) {
  return prisma().assessment.findFirst({
    where: { AND: [{ id }, scope] },
    select: {
      ...ASSESSMENT_FACTS,
      partners: { select: { organization: { select: { name: true, shortName: true } } } },
    },
  });
}

/** The assessment's cases within `scope`, by reference. */
export async function reportCases(assessmentId: string, scope: Prisma.CaseWhereInput) {
  return prisma().case.findMany({
    where: { AND: [{ assessmentId }, scope] },
    orderBy: { ref: "asc" },
    select: {
      id: true,
      ref: true,
      area: true,
      title: true,
      text: true,
      priority: true,
      state: true,
      stateValue: true,
      dueAt: true,
      followsCaseId: true,
      owner: { select: { name: true } },
    },
  });
}

/** Of these cases, those within `scope`, with the start of their visit. */
export async function casesWithVisit(ids: string[], scope: Prisma.CaseWhereInput) {
  if (ids.length === 0) return [];
  return prisma().case.findMany({
    where: { AND: [{ id: { in: ids } }, scope] },
    select: { id: true, ref: true, assessment: { select: { visitStart: true } } },
  });
}

/** The tasks within `scope` of the assessment's cases, soonest due first. */
export async function reportTasks(assessmentId: string, scope: Prisma.TaskWhereInput) {
  return prisma().task.findMany({
    where: { AND: [{ case: { assessmentId } }, scope] },
    orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      caseId: true,
      title: true,
      dueAt: true,
      state: true,
      assigneeUser: { select: { name: true } },
      assigneeOrg: { select: { name: true, shortName: true } },
    },
  });
}

/** The history entries of these types within `scope` on the assessment's cases, oldest first. */
export async function reportHistory(
  assessmentId: string,
  types: string[],
  scope: Prisma.CaseEventWhereInput,
) {
  return prisma().caseEvent.findMany({
    where: { AND: [{ case: { assessmentId } }, { type: { in: types } }, scope] },
    orderBy: { id: "asc" },
    select: {
      caseId: true,
      taskId: true,
      at: true,
      type: true,
      fromState: true,
      toState: true,
      reason: true,
      responseText: true,
      actor: { select: { name: true } },
      task: { select: { title: true } },
    },
  });
}

/**
 * Each of these documents' stored parts, in the order they apply: the compacted state, then the
 * updates since. Raw SQL for the bytes, as app/models/documents.server.ts reads them.
 */
export async function storedDocumentParts(names: string[]): Promise<Map<string, Uint8Array[]>> {
  const parts = new Map<string, Uint8Array[]>();
  if (names.length === 0) return parts;
  const { sql } = database();
  const [states, updates] = await Promise.all([
    sql.query<{ name: string; state: Uint8Array }>(
      `SELECT name, state FROM "CaseDocument" WHERE name = ANY($1::text[])`,
      [names],
    ),
    sql.query<{ docName: string; update: Uint8Array }>(
      `SELECT "docName", update FROM "CaseDocumentUpdate" WHERE "docName" = ANY($1::text[]) ORDER BY id`,
      [names],
    ),
  ]);
  for (const { name, state } of states) parts.set(name, [state]);
  for (const { docName, update } of updates) {
    const list = parts.get(docName);
    if (list) list.push(update);
    else parts.set(docName, [update]);
  }
  return parts;
}
