// The task workflow's states and events, and what people call them. Apart from the machine
// (task.ts) so that pages and input schemas do not load xstate in the browser.

export const TASK_EVENT_TYPES = ["ACCEPT", "DECLINE", "START", "COMPLETE", "REOPEN", "CANCEL"] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];

/** The states a task is stored in (the machine's first state only chooses between two of them). */
export const TASK_STATES = ["proposed", "open", "in_progress", "done", "cancelled"] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TASK_STATE_LABELS: Record<string, string> = {
  proposed: "Proposed",
  open: "Open",
  in_progress: "In progress",
  done: "Done",
  cancelled: "Cancelled",
};

export const TASK_EVENT_LABELS: Record<string, string> = {
  ACCEPT: "Accept",
  DECLINE: "Decline",
  START: "Start",
  COMPLETE: "Mark done",
  REOPEN: "Reopen",
  CANCEL: "Cancel task",
};

/** History entries of tasks (CaseEvent.type). */
export const TASK_HISTORY_LABELS: Record<string, string> = {
  TASK_CREATED: "Task assigned",
  TASK_PROPOSED: "Task proposed",
  TASK_COMMENTED: "Task: comment",
  ...Object.fromEntries(
    Object.entries(TASK_EVENT_LABELS).map(([type, label]) => [`TASK_${type}`, `Task: ${label}`]),
  ),
};
