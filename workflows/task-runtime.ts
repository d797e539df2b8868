// The task workflow's runtime (runtime.ts over task.ts): what the server asks of a task's state,
// and how it reads a stored snapshot back.
import { z } from "zod";

import { type PersistedState, type StateSummary, workflowRuntime } from "./runtime.ts";
import { TASK_WORKFLOW_VERSION, taskWorkflow, type TaskWorkflowContext } from "./task.ts";
import { TASK_EVENT_TYPES, TASK_STATES, type TaskState } from "./task-labels.ts";

export type PersistedTaskState = PersistedState<TaskWorkflowContext>;
export type TaskStateSummary = StateSummary<TaskState, TaskWorkflowContext>;

const context: z.ZodType<TaskWorkflowContext> = z.object({
  country: z.string().min(1),
  assigneeUserId: z.string().nullable(),
  assigneeOrgId: z.string().min(1),
  assigneeIsGovernment: z.boolean(),
});

export const taskRuntime = workflowRuntime(taskWorkflow, {
  version: TASK_WORKFLOW_VERSION,
  states: TASK_STATES,
  eventTypes: TASK_EVENT_TYPES,
  context,
});

/** A task's `snapshot` column, checked: throws MalformedSnapshotError if it is not a task's state. */
export const parseTaskSnapshot = (json: unknown): PersistedTaskState => taskRuntime.parse(json);
