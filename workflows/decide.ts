// Pure decisions over the recommendation workflow: the server and the UI both ask here.
import { initialTransition, type SnapshotFrom, type StateValue, transition } from "xstate";

import type { Actor } from "./actor.ts";
import {
  type CaseWorkflowContext,
  type CaseWorkflowEvent,
  RECOMMENDATION_WORKFLOW_VERSION,
  recommendationWorkflow,
} from "./recommendation.ts";
import { CASE_EVENT_TYPES, type CaseEventType, type TopState } from "./recommendation-labels.ts";

type Snapshot = SnapshotFrom<typeof recommendationWorkflow>;

/** What the database keeps: the state value and context, enough to resolve the snapshot again. */
export interface PersistedCaseState {
  value: StateValue;
  context: CaseWorkflowContext;
}

export function stateValueToString(value: StateValue): string {
  if (typeof value === "string") return value;
  const [key, child] = Object.entries(value)[0]!;
  return child === undefined ? key : `${key}.${stateValueToString(child as StateValue)}`;
}

export interface CaseStateSummary {
  state: TopState;
  stateValue: string;
  persisted: PersistedCaseState;
  workflowVersion: number;
}

function summarise(snapshot: Snapshot): CaseStateSummary {
  const persisted = { value: snapshot.value, context: snapshot.context };
  const stateValue = stateValueToString(snapshot.value);
  return {
    state: stateValue.split(".")[0] as TopState,
    stateValue,
    persisted,
    workflowVersion: RECOMMENDATION_WORKFLOW_VERSION,
  };
}

export function initialCaseState(country: string): CaseStateSummary {
  const [snapshot] = initialTransition(recommendationWorkflow, { country });
  return summarise(snapshot);
}

function restore(persisted: PersistedCaseState): Snapshot {
  return recommendationWorkflow.resolveState(persisted);
}

/** Events that some transition of the current state handles, whoever sends them. */
function eventsHandledIn(snapshot: Snapshot): Set<string> {
  return new Set(snapshot._nodes.flatMap((node) => node.ownEvents));
}

export type Refusal =
  /** No transition for this event in this state (HTTP 422). */
  | "not_in_this_state"
  /** The transition needs a reason and none was given (HTTP 400, field `reason`). */
  | "reason_required"
  /** This actor may not send this event now: role, country or the four-eyes rule (HTTP 403). */
  | "forbidden";

export type Decision =
  { ok: true; from: string; to: string; next: CaseStateSummary } | { ok: false; refusal: Refusal };

const PROBE_REASON = "(reason)";

export function decide(persisted: PersistedCaseState, event: CaseWorkflowEvent): Decision {
  const snapshot = restore(persisted);
  if (!eventsHandledIn(snapshot).has(event.type)) return { ok: false, refusal: "not_in_this_state" };
  if (!snapshot.can(event)) {
    // Would the same event with a reason go through? Then the reason is what is missing.
    const withReason = { ...event, reason: PROBE_REASON };
    return {
      ok: false,
      refusal: !event.reason?.trim() && snapshot.can(withReason) ? "reason_required" : "forbidden",
    };
  }
  const [next] = transition(recommendationWorkflow, snapshot, event);
  return {
    ok: true,
    from: stateValueToString(snapshot.value),
    to: stateValueToString(next.value),
    next: summarise(next),
  };
}

export interface AllowedEvent {
  type: CaseEventType;
  needsReason: boolean;
}

/** The events this actor may send now, and which of them need a reason. */
export function allowedEvents(persisted: PersistedCaseState, actor: Actor): AllowedEvent[] {
  const snapshot = restore(persisted);
  return CASE_EVENT_TYPES.filter((type) => snapshot.can({ type, actor, reason: PROBE_REASON })).map(
    (type) => ({
      type,
      needsReason: !snapshot.can({ type, actor }),
    }),
  );
}
