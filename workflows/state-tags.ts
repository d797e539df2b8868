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

// Tags sit on top-level states only, so that the `state` column alone answers a filter.
const CASE_STATE_TAGS: Record<TopState, readonly CaseTag[]> = {
  drafted: ["textEditable"],
  agreed: [],
  in_progress: [],
  verified: ["locked"],
};

const TASK_STATE_TAGS: Record<TaskState, readonly TaskTag[]> = {
  proposed: ["awaitingAcceptance"],
  open: ["partnerVisible", "active"],
  in_progress: ["partnerVisible", "active"],
  done: ["finished", "partnerVisible"],
  cancelled: ["finished"],
};

function tagged<S extends string, T extends string>(states: readonly S[], tags: Record<S, readonly T[]>) {
  const byState = new Map<string, readonly T[]>(states.map((s) => [s, tags[s]]));
  return {
    /** Whether a stored state (`state`, or the dotted `stateValue`) carries the tag. */
    has: (state: string, tag: T) => byState.get(state.split(".")[0]!)?.includes(tag) ?? false,
    /** The stored state names that carry the tag, for database filters (`in` / `notIn`). */
    with: (tag: T): S[] => states.filter((s) => tags[s].includes(tag)),
  };
}

const caseTags = tagged(TOP_STATES, CASE_STATE_TAGS);
const taskTags = tagged(TASK_STATES, TASK_STATE_TAGS);

export const caseStateHas = caseTags.has;
export const caseStatesWith = caseTags.with;
export const taskStateHas = taskTags.has;
export const taskStatesWith = taskTags.with;
