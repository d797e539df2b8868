// Reads of cases for the modules that follow them without serving them: who may hear of a case
// (notifications, mentions). The case pages' own reads and writes are in app/domain/cases.server.ts
// until phase 2 of issue 10 moves them here.
import { prisma } from "~/db/client.server.ts";
import type { Prisma } from "~/generated/prisma/client.ts";

// What access/visibility.ts maySee needs to decide about anyone at once (its CaseAudience), with the id.
const AUDIENCE_SELECT = {
  id: true,
  countryCode: true,
  tasks: { select: { id: true, assigneeOrgId: true, state: true } },
} satisfies Prisma.CaseSelect;

export type CaseAudienceRow = Prisma.CaseGetPayload<{ select: typeof AUDIENCE_SELECT }>;

/** The case's State and tasks, or null when there is no such case. */
export async function caseAudience(caseId: string): Promise<CaseAudienceRow | null> {
  return prisma().case.findUnique({ where: { id: caseId }, select: AUDIENCE_SELECT });
}

/** The State and tasks of each of these cases that exists. */
export async function caseAudiences(caseIds: string[]): Promise<CaseAudienceRow[]> {
  return prisma().case.findMany({ where: { id: { in: caseIds } }, select: AUDIENCE_SELECT });
}

/** The case's reference and top-level state, or null when there is no such case. */
export async function caseRefStateAndCountry(
  caseId: string,
): Promise<{ ref: string; state: string; countryCode: string } | null> {
  return prisma().case.findUnique({
    where: { id: caseId },
    select: { ref: true, state: true, countryCode: true },
  });
}
