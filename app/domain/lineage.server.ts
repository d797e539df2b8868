// Lineage across visits: a later report reiterates, updates or closes an earlier one's
// recommendations; an imported case records the earlier case it follows (confirmed at import).
// Each side shows only what the reader may see.
import { caseScope } from "~/access/scopes.server.ts";
import type { SessionUser } from "~/access/visibility.ts";
import { lineageOfCase } from "~/models/imports.server.ts";

import { NotFoundError } from "./errors.server.ts";

/** The earlier case this one follows and the later ones that follow it, with their states. */
export async function caseLineage(user: SessionUser, caseId: string) {
  const lineage = await lineageOfCase(caseId, caseScope(user));
  if (!lineage) throw new NotFoundError();
  const item = (c: NonNullable<typeof lineage.follows>) => ({
    id: c.id,
    ref: c.ref,
    title: c.title,
    state: c.state,
    updatedAt: c.updatedAt,
    visit: c.assessment.title,
    year: c.assessment.visitStart.getUTCFullYear(),
  });
  return {
    follows: lineage.follows ? item(lineage.follows) : null,
    followedBy: lineage.followedBy.map(item),
  };
}
export type CaseLineage = Awaited<ReturnType<typeof caseLineage>>;
