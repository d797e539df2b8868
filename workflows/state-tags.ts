// What the workflows' states mean to the rest of the app: pages, queries and jobs ask "is this
// case locked?", "is this task active?" rather than naming states. The machines carry these as
// tags (recommendation.ts, task.ts); this copy has no xstate, so that a page or a database filter
// can ask without loading it, and tests/unit/state-tags.test.ts checks that the two agree.
import { TOP_STATES, type TopState } from "./recommendation-labels.ts";
import { TASK_STATES, type TaskState } from "./task-labels.ts";

export const CASE_TAGS = [
  /** Verified: read-only (no edits, no new tasks, the response read-only), never overdue. */
  "locked",
  /** Drafted: the recommendation's text may still change, as the State has not agreed to it. */
  "textEditable",
  /** Drafted, agreed, implementing: the case waits for the State (its focal points' My work). */
  "awaitingState",
  /** Implementing: evidence for the next submission may be added. */
  "collectingEvidence",
  /** Under review: the submission waits for a CTED verifier (the verifiers' queue). */
  "underReview",
  /** Under review or verified: the response is read-only, so what is checked is what was submitted. */
  "responseFrozen",
] as const;
export type CaseTag = (typeof CASE_TAGS)[number];

export const TASK_TAGS = [
  /** Over, one way or the other: neither due nor overdue. */
  "finished",
  /** The assignee organisation's partners see the task, and through it the case. */
  "partnerVisible",
  /** Being worked: reminders, and the assignee's My work. */
  "active",
  /** Proposed by the State: waits for CTED to accept or decline it. */
  "awaitingAcceptance",
] as const;
export type TaskTag = (typeof TASK_TAGS)[number];

// Keyed by state path: a top-level state's tags hold in all its children and are answered by the
// `state` column alone (statesWith); a nested state's need the dotted `stateValue` (valuesWith).
const CASE_STATE_TAGS: Record<
  TopState | "in_progress.implementing" | "in_progress.under_review",
  readonly CaseTag[]
> = {
  drafted: ["textEditable", "awaitingState"],
  agreed: ["awaitingState"],
  in_progress: [],
  "in_progress.implementing": ["awaitingState", "collectingEvidence"],
  "in_progress.under_review": ["underReview", "responseFrozen"],
  verified: ["locked", "responseFrozen"],
};

/** The stored leaves of the recommendation workflow, as `stateValue` holds them. */
const CASE_STATE_VALUES = [
  "drafted",
  "agreed",
  "in_progress.implementing",
  "in_progress.under_review",
  "verified",
];

const TASK_STATE_TAGS: Record<TaskState, readonly TaskTag[]> = {
  proposed: ["awaitingAcceptance"],
  open: ["partnerVisible", "active"],
  in_progress: ["partnerVisible", "active"],
  done: ["finished", "partnerVisible"],
  cancelled: ["finished"],
};

function tagged<S extends string, T extends string>(
  states: readonly S[],
  tags: Partial<Record<string, readonly T[]>> & Record<S, readonly T[]>,
  values: readonly string[] = states,
) {
  /** The tags of a state and of every state it is inside: in_progress.under_review, in_progress. */
  const tagsOf = (state: string) =>
    state.split(".").flatMap((_, i, parts) => tags[parts.slice(0, i + 1).join(".")] ?? []);
  return {
    /** Whether a stored state (`state`, or the dotted `stateValue`) carries the tag. */
    has: (state: string, tag: T) => tagsOf(state).includes(tag),
    /** The top-level states that carry the tag, for filters on the `state` column (`in` / `notIn`). */
    with: (tag: T): S[] => states.filter((s) => tags[s].includes(tag)),
    /** The stored `stateValue`s that carry the tag, nested states included, for filters on that column. */
    valuesWith: (tag: T): string[] => values.filter((v) => tagsOf(v).includes(tag)),
  };
}

const caseTags = tagged(TOP_STATES, CASE_STATE_TAGS, CASE_STATE_VALUES);
const taskTags = tagged(TASK_STATES, TASK_STATE_TAGS);

export const caseStateHas = caseTags.has;
export const caseStatesWith = caseTags.with;
export const caseStateValuesWith = caseTags.valuesWith;
export const taskStateHas = taskTags.has;
export const taskStatesWith = taskTags.with;
export const taskStateValuesWith = taskTags.valuesWith;
