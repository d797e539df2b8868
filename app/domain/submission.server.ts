// What a submission must hold and what verifying it needs, checked by applyCaseEvent
// (cases.server.ts) once the workflow has accepted the event; and the latest submission as it was
// made (its history entry keeps the response and the evidence package).
import { evidenceScope } from "~/access/scopes.server.ts";
import { isPartner, type SessionUser } from "~/access/visibility.ts";
import { evidenceOfCase, storedEvidenceCountSince } from "~/models/evidence.server.ts";
import { latestEntryInto, latestEntryOfType } from "~/models/history.server.ts";
import { tasksOfCase } from "~/models/tasks.server.ts";
import { caseStateHas, caseStateValuesWith, taskStatesWith } from "~workflows/state-tags.ts";

import { NotReadyError } from "./errors.server.ts";

/**
 * A submission brings evidence: at least one item stored since the case last entered
 * implementation (its START, RETURN or REOPEN), or 422.
 */
export async function assertEvidenceToSubmit(caseId: string): Promise<void> {
  const entered = await latestEntryInto(caseId, caseStateValuesWith("collectingEvidence"));
  if ((await storedEvidenceCountSince(caseId, entered?.at ?? null)) > 0) return;
  throw new NotReadyError("errors:notReady.noEvidence");
}

/** Verifying a case whose tasks are still being worked, or still proposed, needs a reason (422 without). */
export async function assertNoOpenTasks(caseId: string): Promise<void> {
  const states = [...taskStatesWith("active"), ...taskStatesWith("awaitingAcceptance")];
  const open = await tasksOfCase(caseId, { state: { in: states } });
  if (open.length === 0) return;
  const tasks = open
    .slice(0, 5)
    .map((t) => `"${t.title}"`)
    .join(", ");
  const more = open.length - Math.min(open.length, 5);
  throw new NotReadyError(
    more > 0
      ? { key: "errors:notReady.openTasksAndMore", values: { tasks, more } }
      : { key: "errors:notReady.openTasks", values: { tasks } },
  );
}

/** One item of a submission package, as the SUBMIT_EVIDENCE history entry keeps it. */
interface PackagedItem {
  id: string;
}

const packagedIds = (pkg: unknown): string[] =>
  Array.isArray(pkg)
    ? pkg
        .filter((i): i is PackagedItem => typeof (i as PackagedItem | null)?.id === "string")
        .map((i) => i.id)
    : [];

export interface Submission {
  at: Date;
  by: { id: string; name: string };
  /** The response as submitted; null for a partner, who does not read the response. */
  responseText: string | null;
  /** The evidence submitted, oldest first; for a partner, only their own tasks' items. */
  evidenceIds: string[];
}

/**
 * The latest submission of a case the user sees, while it is under review or verified (what is
 * checked is what was submitted); null in the other states. The caller has checked visibility.
 */
export async function submissionOfCase(
  user: SessionUser,
  c: { id: string; stateValue: string },
): Promise<Submission | null> {
  if (!caseStateHas(c.stateValue, "responseFrozen")) return null;
  const entry = await latestEntryOfType(c.id, "SUBMIT_EVIDENCE");
  if (!entry) return null;
  const ids = packagedIds(entry.package);
  if (!isPartner(user)) {
    return { at: entry.at, by: entry.actor, responseText: entry.responseText, evidenceIds: ids };
  }
  const visible = new Set((await evidenceOfCase(c.id, evidenceScope(user))).map((e) => e.id));
  return {
    at: entry.at,
    by: entry.actor,
    responseText: null,
    evidenceIds: ids.filter((id) => visible.has(id)),
  };
}
