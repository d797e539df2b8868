// The task workflow's states and events, for pages and input schemas: apart from the machine
// (task.ts) so that they do not load xstate in the browser. What people call them is in the
// translations (workflow:taskStates, workflow:taskEvents, workflow:history).

export const TASK_EVENT_TYPES = ["ACCEPT", "DECLINE", "START", "COMPLETE", "REOPEN", "CANCEL"] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];

/** The states a task is stored in (the machine's first state only chooses between two of them). */
export const TASK_STATES = ["proposed", "open", "in_progress", "done", "cancelled"] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** History entries of tasks (CaseEvent.type); people read them as workflow:history.<type>. */
export const TASK_HISTORY_TYPES = [
  "TASK_CREATED",
  "TASK_PROPOSED",
  "TASK_COMMENTED",
  ...TASK_EVENT_TYPES.map((type) => `TASK_${type}` as const),
] as const;
const TASK_TYPES = new Set<string>(TASK_HISTORY_TYPES);
export const isTaskHistoryType = (type: string) => TASK_TYPES.has(type);
