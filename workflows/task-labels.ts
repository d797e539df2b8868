// What people call the task workflow's states and events.
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
