// The recommendation workflow: the single source of truth for what may happen to a case.
// Pure: no I/O. The server decides with it (workflows/decide.ts), the UI lists the allowed
// actions and draws the diagram (workflows/graph.ts) from this same definition.
import { and, assign, setup } from "xstate";

import { type Actor, isCtedRole } from "./actor.ts";
import type { CaseEventType } from "./recommendation-labels.ts";

/** Bump when a change would make stored snapshots mean something else. */
export const RECOMMENDATION_WORKFLOW_VERSION = 1;

export interface CaseWorkflowEvent {
  type: CaseEventType;
  actor: Actor;
  reason?: string;
}

export interface CaseWorkflowContext {
  /** The visited State: its focal points act on the case. */
  country: string;
  /** Who submitted the evidence under review: the four-eyes rule keeps them from verifying it. */
  submittedBy: string | null;
}

export const recommendationWorkflow = setup({
  types: {
    context: {} as CaseWorkflowContext,
    events: {} as CaseWorkflowEvent,
    input: {} as { country: string },
  },
  guards: {
    isGovernmentOfCase: ({ context, event }) =>
      event.actor.role === "GOVERNMENT_FOCAL_POINT" && event.actor.country === context.country,
    isCted: ({ event }) => isCtedRole(event.actor.role),
    hasReason: ({ event }) => (event.reason?.trim().length ?? 0) > 0,
    isNotSubmitter: ({ context, event }) => context.submittedBy !== event.actor.id,
  },
  actions: {
    recordSubmitter: assign({ submittedBy: ({ event }) => event.actor.id }),
    clearSubmitter: assign({ submittedBy: null }),
  },
}).createMachine({
  id: "recommendation",
  context: ({ input }) => ({ country: input.country, submittedBy: null }),
  initial: "drafted",
  states: {
    drafted: {
      on: {
        AGREE: { target: "agreed", guard: "isGovernmentOfCase" },
        // The State asks CTED to revise the text; the case stays drafted.
        REQUEST_CHANGES: {
          target: "drafted",
          reenter: true,
          guard: and(["isGovernmentOfCase", "hasReason"]),
        },
      },
    },
    agreed: {
      on: { START: { target: "in_progress", guard: "isGovernmentOfCase" } },
    },
    in_progress: {
      initial: "implementing",
      states: {
        implementing: {
          on: {
            // CTED may also record evidence it received through official channels; the four-eyes
            // rule then keeps that expert from verifying it.
            SUBMIT_EVIDENCE: [
              { target: "under_review", guard: "isGovernmentOfCase", actions: "recordSubmitter" },
              { target: "under_review", guard: "isCted", actions: "recordSubmitter" },
            ],
          },
        },
        under_review: {
          on: {
            RETURN: {
              target: "implementing",
              guard: and(["isCted", "hasReason"]),
              actions: "clearSubmitter",
            },
            VERIFY: { target: "#recommendation.verified", guard: and(["isCted", "isNotSubmitter"]) },
          },
        },
      },
    },
    verified: {
      on: {
        REOPEN: {
          target: "in_progress.implementing",
          guard: and(["isCted", "hasReason"]),
          actions: "clearSubmitter",
        },
      },
    },
  },
});

export type RecommendationMachine = typeof recommendationWorkflow;
