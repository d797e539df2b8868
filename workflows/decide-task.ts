// Pure decisions over the task workflow: the server and the UI both ask here.
import { transition } from "xstate";

import type { Actor } from "./actor.ts";
import type { Refusal } from "./decide.ts";
import {
  TASK_EVENT_TYPES,
  TASK_WORKFLOW_VERSION,
  type TaskEventType,
  type TaskState,
  taskWorkflow,
  type TaskWorkflowContext,
  type TaskWorkflowEvent,
} from "./task.ts";

export interface PersistedTaskState {
  value: TaskState;
  context: TaskWorkflowContext;
}

export { TASK_WORKFLOW_VERSION };

/** CTED's tasks start open; a government's proposals wait for CTED in "proposed". */
export function initialTaskState(context: TaskWorkflowContext, proposed: boolean): PersistedTaskState {
  return { value: proposed ? "proposed" : "open", context };
}

const restore = (persisted: PersistedTaskState) => taskWorkflow.resolveState(persisted);
const PROBE_REASON = "(reason)";

export type TaskDecision =
  { ok: true; from: TaskState; to: TaskState; next: PersistedTaskState } | { ok: false; refusal: Refusal };

export function decideTask(persisted: PersistedTaskState, event: TaskWorkflowEvent): TaskDecision {
  const snapshot = restore(persisted);
  const handled = new Set(snapshot._nodes.flatMap((node) => node.ownEvents));
  if (!handled.has(event.type)) return { ok: false, refusal: "not_in_this_state" };
  if (!snapshot.can(event)) {
    const withReason = { ...event, reason: PROBE_REASON };
    return {
      ok: false,
      refusal: !event.reason?.trim() && snapshot.can(withReason) ? "reason_required" : "forbidden",
    };
  }
  const [next] = transition(taskWorkflow, snapshot, event);
  return {
    ok: true,
    from: persisted.value,
    to: next.value as TaskState,
    next: { value: next.value as TaskState, context: next.context },
  };
}

/** The events this actor may send now, and which of them need a reason. */
export function allowedTaskEvents(
  persisted: PersistedTaskState,
  actor: Actor,
): { type: TaskEventType; needsReason: boolean }[] {
  const snapshot = restore(persisted);
  return TASK_EVENT_TYPES.filter((type) => snapshot.can({ type, actor, reason: PROBE_REASON })).map(
    (type) => ({
      type,
      needsReason: !snapshot.can({ type, actor }),
    }),
  );
}
