// Assessment visits as users find them: the visits they may see, and what they may do with each
// (import its report's recommendations; download its follow-up report).
import { may } from "~/access/capabilities.ts";
import { assessmentScope, caseScope } from "~/access/scopes.server.ts";
import type { SessionUser } from "~/access/visibility.ts";
import { assessmentsWithCaseCounts, assessmentWithin } from "~/models/assessments.server.ts";
import { importsOfAssessment } from "~/models/imports.server.ts";

import { NotFoundError } from "./errors.server.ts";

/** The visits this user may see, latest first, with the number of their cases the user sees. */
export async function listVisits(user: SessionUser) {
  return {
    visits: await assessmentsWithCaseCounts(assessmentScope(user), caseScope(user)),
    mayImport: may(user, "editCases"),
  };
}

/**
 * A visit to import into, with its latest imports. Not found when not visible, and for those who
 * may not import: the import page does not exist for them.
 */
export async function visitForImport(user: SessionUser, id: string) {
  const visit = await assessmentWithin(id, assessmentScope(user));
  if (!visit || !may(user, "editCases")) throw new NotFoundError("Visit");
  return { visit, imports: await importsOfAssessment(visit.id) };
}
