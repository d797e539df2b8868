// The recommendation workflow's runtime (runtime.ts over recommendation.ts): what the server asks
// of a case's state, and how it reads a stored snapshot back.
import { z } from "zod";

import {
  type CaseWorkflowContext,
  RECOMMENDATION_WORKFLOW_VERSION,
  recommendationWorkflow,
} from "./recommendation.ts";
import { CASE_EVENT_TYPES, TOP_STATES, type TopState } from "./recommendation-labels.ts";
import { type PersistedState, type StateSummary, workflowRuntime } from "./runtime.ts";

export type PersistedCaseState = PersistedState<CaseWorkflowContext>;
export type CaseStateSummary = StateSummary<TopState, CaseWorkflowContext>;

const context: z.ZodType<CaseWorkflowContext> = z.object({
  country: z.string().min(1),
  submittedBy: z.string().nullable(),
});

export const caseRuntime = workflowRuntime(recommendationWorkflow, {
  version: RECOMMENDATION_WORKFLOW_VERSION,
  states: TOP_STATES,
  eventTypes: CASE_EVENT_TYPES,
  context,
});

/** A case's `snapshot` column, checked: throws MalformedSnapshotError if it is not a case's state. */
export const parseCaseSnapshot = (json: unknown): PersistedCaseState => caseRuntime.parse(json);
