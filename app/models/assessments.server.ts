// Assessment visits, whose recommendations become cases: read for the case form and for drafting a
// case. Which assessments a user may choose from (assessmentScope, app/access/scopes.server.ts) is
// the caller's decision.
import { prisma } from "~/db/client.server.ts";
import type { Prisma } from "~/generated/prisma/client.ts";

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
