// The follow-up task workflow (XState v5, no I/O): a piece of work on a case, assigned to a person
// or to a whole organisation. CTED assigns and closes; the assignee works it; a State's focal
// point may propose a task, which CTED accepts or declines.
import { and, setup } from "xstate";

import { type Actor, isCtedRole } from "./actor.ts";

export const TASK_WORKFLOW_VERSION = 1;

export const TASK_EVENT_TYPES = ["ACCEPT", "DECLINE", "START", "COMPLETE", "REOPEN", "CANCEL"] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];
export const TASK_STATES = ["proposed", "open", "in_progress", "done", "cancelled"] as const;
export type TaskState = (typeof TASK_STATES)[number];

export interface TaskWorkflowEvent {
  type: TaskEventType;
  actor: Actor;
  reason?: string;
}

export interface TaskWorkflowContext {
  /** The case's State: its focal point works the tasks of its own ministries. */
  country: string;
  assigneeUserId: string | null;
  assigneeOrgId: string;
  /** The assignee is the case's government or one of its ministries (no accounts of their own). */
  assigneeIsGovernment: boolean;
}

export const taskWorkflow = setup({
  types: {
    context: {} as TaskWorkflowContext,
    events: {} as TaskWorkflowEvent,
    input: {} as TaskWorkflowContext,
  },
  guards: {
    isCted: ({ event }) => isCtedRole(event.actor.role),
    /** The person assigned; or, for a task on an organisation, any of its members. */
    isAssignee: ({ context, event }) => {
      const { actor } = event;
      if (context.assigneeUserId) return actor.id === context.assigneeUserId;
      if (actor.organizationId === context.assigneeOrgId) return true;
      return (
        context.assigneeIsGovernment &&
        actor.role === "GOVERNMENT_FOCAL_POINT" &&
        actor.country === context.country
      );
    },
    hasReason: ({ event }) => (event.reason?.trim().length ?? 0) > 0,
  },
}).createMachine({
  id: "task",
  context: ({ input }) => ({
    country: input.country,
    assigneeUserId: input.assigneeUserId,
    assigneeOrgId: input.assigneeOrgId,
    assigneeIsGovernment: input.assigneeIsGovernment,
  }),
  // A task CTED creates starts open; one a government proposes starts in "proposed"
  // (decide-task.ts: initialTaskState).
  initial: "open",
  states: {
    proposed: {
      on: {
        ACCEPT: { target: "open", guard: "isCted" },
        DECLINE: { target: "cancelled", guard: and(["isCted", "hasReason"]) },
      },
    },
    open: {
      on: {
        START: { target: "in_progress", guard: "isAssignee" },
        COMPLETE: { target: "done", guard: "isAssignee" },
        CANCEL: { target: "cancelled", guard: and(["isCted", "hasReason"]) },
      },
    },
    in_progress: {
      on: {
        COMPLETE: { target: "done", guard: "isAssignee" },
        CANCEL: { target: "cancelled", guard: and(["isCted", "hasReason"]) },
      },
    },
    done: {
      on: { REOPEN: { target: "in_progress", guard: and(["isCted", "hasReason"]) } },
    },
    cancelled: { type: "final" },
  },
});
