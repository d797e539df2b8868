// The follow-up task workflow (XState v5, no I/O): a piece of work on a case, assigned to a person
// or to a whole organisation. CTED assigns and closes; the assignee works it; a State's focal
// point may propose a task, which CTED accepts or declines. The server decides with it through
// workflows/task-runtime.ts; what a state means to the rest of the app is a tag (state-tags.ts).
import { and, setup } from "xstate";

import { type Actor, actorMay } from "./actor.ts";
import { hasReason } from "./guards.ts";
import type { TaskTag } from "./state-tags.ts";
import type { TaskEventType } from "./task-labels.ts";

export { TASK_EVENT_TYPES, TASK_STATES, type TaskEventType, type TaskState } from "./task-labels.ts";

export const TASK_WORKFLOW_VERSION = 1;

export interface TaskWorkflowEvent {
  type: TaskEventType;
  actor: Actor;
  reason?: string;
}

// A type, not an interface, so that it checks as JSON when stored (runtime.ts: snapshotJson).
export type TaskWorkflowContext = {
  /** The case's State: its focal point works the tasks of its own ministries. */
  country: string;
  assigneeUserId: string | null;
  assigneeOrgId: string;
  /** The assignee is the case's government or one of its ministries (no accounts of their own). */
  assigneeIsGovernment: boolean;
};

/** A new task: its assignment, and who creates it (which decides where it starts). */
export type TaskWorkflowInput = TaskWorkflowContext & { createdBy: Actor };

/**
 * Who creates the task, read from the event the machine starts with (xstate.init), which carries
 * the input: the eventless transitions out of the first state see that event.
 */
const isStart = (event: object): event is { type: "xstate.init"; input: TaskWorkflowInput } =>
  "type" in event && event.type === "xstate.init";
const creatorOf = (event: object) => (isStart(event) ? event.input.createdBy : undefined);

export const taskWorkflow = setup({
  types: {
    context: {} as TaskWorkflowContext,
    events: {} as TaskWorkflowEvent,
    input: {} as TaskWorkflowInput,
    tags: {} as TaskTag,
  },
  guards: {
    isCted: ({ event }) => actorMay(event.actor, "actForCted"),
    createdByCted: ({ event }) => {
      const creator = creatorOf(event);
      return creator !== undefined && actorMay(creator, "actForCted");
    },
    /** The person assigned; or, for a task on an organisation, any of its members. */
    isAssignee: ({ context, event }) => {
      const { actor } = event;
      if (context.assigneeUserId) return actor.id === context.assigneeUserId;
      if (actor.organizationId === context.assigneeOrgId) return true;
      return context.assigneeIsGovernment && actorMay(actor, "actForState", { countryCode: context.country });
    },
    hasReason,
  },
}).createMachine({
  id: "task",
  // The creator is not kept: the stored context is the assignment alone.
  context: ({ input }) => ({
    country: input.country,
    assigneeUserId: input.assigneeUserId,
    assigneeOrgId: input.assigneeOrgId,
    assigneeIsGovernment: input.assigneeIsGovernment,
  }),
  initial: "created",
  states: {
    // Passed through at once, never stored: a task CTED creates starts open; one a government
    // proposes waits for CTED in "proposed".
    created: {
      always: [{ target: "open", guard: "createdByCted" }, { target: "proposed" }],
    },
    proposed: {
      tags: ["awaitingAcceptance"],
      on: {
        ACCEPT: { target: "open", guard: "isCted" },
        DECLINE: { target: "cancelled", guard: and(["isCted", "hasReason"]) },
      },
    },
    open: {
      tags: ["partnerVisible", "active"],
      on: {
        START: { target: "in_progress", guard: "isAssignee" },
        COMPLETE: { target: "done", guard: "isAssignee" },
        CANCEL: { target: "cancelled", guard: and(["isCted", "hasReason"]) },
      },
    },
    in_progress: {
      tags: ["partnerVisible", "active"],
      on: {
        COMPLETE: { target: "done", guard: "isAssignee" },
        CANCEL: { target: "cancelled", guard: and(["isCted", "hasReason"]) },
      },
    },
    done: {
      tags: ["finished", "partnerVisible"],
      on: { REOPEN: { target: "in_progress", guard: and(["isCted", "hasReason"]) } },
    },
    cancelled: { type: "final", tags: ["finished"] },
  },
});
