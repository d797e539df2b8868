// Assessment visits, whose recommendations become cases: read for the case form and for drafting a
// case. Which assessments a user may choose from (assessmentScope, app/access/scopes.server.ts) is
// the caller's decision.
import { prisma } from "~/db/client.server.ts";
import type { Prisma } from "~/generated/prisma/client.ts";

/** What a page or a report says about a visit. */
export const ASSESSMENT_FACTS = {
  id: true,
  title: true,
  countryCode: true,
  countryName: true,
  visitStart: true,
  visitEnd: true,
  resolutions: true,
  reportSentAt: true,
  reportAdoptedAt: true,
  isDemo: true,
} satisfies Prisma.AssessmentSelect;

/** The assessment with this id, or null. */
export async function assessmentById(id: string) {
  return prisma().assessment.findUnique({ where: { id } });
}

/** The assessments within `scope`, for a form's choices: by country name, then latest visit first. */
export async function assessmentOptions(scope: Prisma.AssessmentWhereInput) {
  return prisma().assessment.findMany({
    where: scope,
    select: { id: true, title: true, countryCode: true, countryName: true },
    orderBy: [{ countryName: "asc" }, { visitStart: "desc" }],
  });
}

/** The assessments within `scope`, latest visit first, with how many of their cases `caseScope` holds. */
export async function assessmentsWithCaseCounts(
  scope: Prisma.AssessmentWhereInput,
  caseScope: Prisma.CaseWhereInput,
) {
  const [assessments, counts] = await Promise.all([
    prisma().assessment.findMany({
      where: scope,
      orderBy: [{ visitStart: "desc" }, { countryName: "asc" }],
      select: {
        id: true,
        title: true,
        countryCode: true,
        countryName: true,
        visitStart: true,
        visitEnd: true,
        reportAdoptedAt: true,
      },
    }),
    prisma().case.groupBy({ by: ["assessmentId"], where: caseScope, _count: { _all: true } }),
  ]);
  const byAssessment = new Map(counts.map((c) => [c.assessmentId, c._count._all]));
  return assessments.map((a) => ({ ...a, cases: byAssessment.get(a.id) ?? 0 }));
}

/** The assessment with this id if it is within `scope`, else null. */
export async function assessmentWithin(id: string, scope: Prisma.AssessmentWhereInput) {
  return prisma().assessment.findFirst({ where: { AND: [scope, { id }] } });
}
