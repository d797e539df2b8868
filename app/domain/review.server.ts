// What the case page shows around evidence and its review: who may add evidence now (and for which
// tasks), whether a submission would have anything new to send, which tasks would hold back a
// verification, and the response as submitted beside the text the State agreed to, compared word
// by word. Reads the case, its tasks and evidence as the page already has them (the caller has
// checked that the user sees the case); the history through app/models/.
import { diffWords } from "diff";

import { may } from "~/access/capabilities.ts";
import { documentAccess, type SessionUser } from "~/access/visibility.ts";
import { t } from "~/i18n/i18n.server.ts";
import { latestEntryOfType } from "~/models/history.server.ts";
import { evidenceMaxBytes } from "~/storage/index.server.ts";
import { caseStateHas, taskStateHas } from "~workflows/state-tags.ts";

import type { CaseDetail } from "./cases.server.ts";
import type { EvidenceView } from "./evidence.server.ts";
import type { TaskView } from "./tasks.server.ts";

/** The evidence forms' settings for this user on this case now, or null when they may not add. */
export function evidenceForm(user: SessionUser, c: CaseDetail, tasks: TaskView[]) {
  if (!caseStateHas(c.stateValue, "collectingEvidence")) return null;
  // CTED and the case's State add for the case as a whole; a partner only for its own tasks (the
  // only tasks it sees).
  const onCase = may(user, "addEvidence", { countryCode: c.country });
  if (!onCase && !may(user, "addEvidenceToOwnTasks")) return null;
  const choices = tasks.map((t) => ({ id: t.id, title: t.title }));
  if (!onCase && choices.length === 0) return null;
  return { taskRequired: !onCase, tasks: choices, maxBytes: evidenceMaxBytes() };
}

/** Why the response cannot be changed now, said to everyone who reads it; null while it can be. */
export function responseFrozenReason(stateValue: string): string | null {
  if (!caseStateHas(stateValue, "responseFrozen")) return null;
  return caseStateHas(stateValue, "underReview")
    ? t("errors:review.frozenUnderReview")
    : t("errors:review.frozenVerified");
}

/** Items added since the last submission: what a new submission would bring. */
export const newEvidenceCount = (items: Pick<EvidenceView, "submitted">[]) =>
  items.filter((e) => !e.submitted).length;

/** The case's tasks that a verification would leave open (being worked, or proposed and undecided). */
export const openTasks = (tasks: TaskView[]) =>
  tasks
    .filter((t) => taskStateHas(t.state, "active") || taskStateHas(t.state, "awaitingAcceptance"))
    .map((t) => ({ id: t.id, title: t.title }));

/** A run of words in the comparison: the same in both, only in the agreed text, or only in the submission. */
export interface ComparedPart {
  change: "same" | "removed" | "added";
  text: string;
}

export interface ResponseComparison {
  /** When the State agreed to the recommendation, and the response then (null: it was empty). */
  agreedAt: Date | null;
  agreedText: string | null;
  submittedText: string | null;
  /** Word by word, agreed to submitted; null when the texts are too different to compare in time. */
  parts: ComparedPart[] | null;
  wordsAdded: number;
  wordsRemoved: number;
}

// A long response rewritten throughout would take long to compare word by word; past this, the
// page shows both texts without marks.
const DIFF_TIMEOUT_MS = 500;

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * The response as submitted beside the response when the State agreed (the AGREE entry of the
 * history keeps it), for those who read the response (not partners); null without a submission.
 */
export async function responseComparison(
  user: SessionUser,
  c: CaseDetail,
): Promise<ResponseComparison | null> {
  if (!c.submission || !documentAccess(user, { countryCode: c.country, stateValue: c.stateValue }))
    return null;
  const agreed = await latestEntryOfType(c.id, "AGREE");
  const before = agreed?.responseText ?? "";
  const after = c.submission.responseText ?? "";
  const changes = diffWords(before, after, { timeout: DIFF_TIMEOUT_MS });
  const parts =
    changes?.map((p): ComparedPart => ({
      change: p.added ? "added" : p.removed ? "removed" : "same",
      text: p.value,
    })) ?? null;
  const count = (change: ComparedPart["change"]) =>
    (parts ?? []).filter((p) => p.change === change).reduce((n, p) => n + wordCount(p.text), 0);
  return {
    agreedAt: agreed?.at ?? null,
    agreedText: agreed?.responseText ?? null,
    submittedText: c.submission.responseText,
    parts,
    wordsAdded: count("added"),
    wordsRemoved: count("removed"),
  };
}

/**
 * Everything the case page shows about evidence and review beyond the case, its tasks and its
 * evidence themselves (which the page has already read for this user).
 */
export async function caseReview(
  user: SessionUser,
  c: CaseDetail,
  tasks: TaskView[],
  evidence: EvidenceView[],
) {
  return {
    evidenceForm: evidenceForm(user, c, tasks),
    comparison: await responseComparison(user, c),
    underReview: caseStateHas(c.stateValue, "underReview"),
    frozenReason: responseFrozenReason(c.stateValue),
    openTasks: c.allowedEvents.includes("VERIFY") ? openTasks(tasks) : [],
    newEvidence: newEvidenceCount(evidence),
  };
}
