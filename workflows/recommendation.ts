// The recommendation workflow: the single source of truth for what may happen to a case.
// Pure: no I/O. The server decides with it (workflows/case-runtime.ts), the UI lists the allowed
// actions and draws the diagram (workflows/graph.ts) from this same definition. What a state
// means to the rest of the app is a tag (state-tags.ts), so nothing else names states.
import { and, assign, setup } from "xstate";

import { type Actor, actorMay } from "./actor.ts";
import { hasReason } from "./guards.ts";
import type { CaseEventType } from "./recommendation-labels.ts";
import type { CaseTag } from "./state-tags.ts";

/** Bump when a change would make stored snapshots mean something else. */
export const RECOMMENDATION_WORKFLOW_VERSION = 1;

export interface CaseWorkflowEvent {
  type: CaseEventType;
  actor: Actor;
  reason?: string;
}

// A type, not an interface, so that it checks as JSON when stored (runtime.ts: snapshotJson).
export type CaseWorkflowContext = {
  /** The visited State: its focal points act on the case. */
  country: string;
  /** Who submitted the evidence under review: the four-eyes rule keeps them from verifying it. */
  submittedBy: string | null;
};

export const recommendationWorkflow = setup({
  types: {
    context: {} as CaseWorkflowContext,
    events: {} as CaseWorkflowEvent,
    input: {} as { country: string },
    tags: {} as CaseTag,
  },
  guards: {
    isGovernmentOfCase: ({ context, event }) =>
      actorMay(event.actor, "actForState", { countryCode: context.country }),
    isCted: ({ event }) => actorMay(event.actor, "actForCted"),
    hasReason,
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
      tags: ["textEditable", "awaitingState"],
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
      tags: ["awaitingState"],
      on: { START: { target: "in_progress", guard: "isGovernmentOfCase" } },
    },
    in_progress: {
      initial: "implementing",
      states: {
        implementing: {
          tags: ["awaitingState", "collectingEvidence"],
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
          tags: ["underReview", "responseFrozen"],
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
      tags: ["locked", "responseFrozen"],
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
