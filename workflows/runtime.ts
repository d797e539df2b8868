// The one runtime over the workflow machines (recommendation.ts, task.ts): where a new case or task
// starts, what an event does to it, which events an actor may send now, and the stored form of
// its state, read back with a check. Pure; public xstate APIs only. Each machine gets its instance
// in case-runtime.ts and task-runtime.ts.
import {
  type AnyStateMachine,
  type AnyStateNode,
  type ContextFrom,
  type EventFromLogic,
  getNextTransitions,
  initialTransition,
  type InputFrom,
  type StateValue,
  transition,
} from "xstate";
import { z } from "zod";

import type { Actor } from "./actor.ts";
import { needsReason, REASON_GUARD } from "./guards.ts";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A state as stored: "agreed", or { in_progress: "under_review" }. */
export type StoredValue = string | { [state: string]: StoredValue };

/** What the database keeps of a case or task (its `snapshot` column): enough to resolve it again. */
export interface PersistedState<TContext> {
  value: StoredValue;
  context: TContext;
}

/** A state as the database keeps it: its columns and the snapshot. */
export interface StateSummary<TState extends string, TContext> {
  /** The top-level state (`state` column). */
  state: TState;
  /** The full state, dotted: in_progress.under_review (`stateValue` column). */
  stateValue: string;
  persisted: PersistedState<TContext>;
  workflowVersion: number;
}

export type Refusal =
  /** No transition for this event in this state (HTTP 422). */
  | "not_in_this_state"
  /** The transition needs a reason and none was given (HTTP 400, field `reason`). */
  | "reason_required"
  /** This actor may not send this event now: role, country or the four-eyes rule (HTTP 403). */
  | "forbidden";

export type Decision<TSummary> =
  { ok: true; from: string; to: string; next: TSummary } | { ok: false; refusal: Refusal };

export interface AllowedEvent<TType extends string> {
  type: TType;
  needsReason: boolean;
}

/** A stored snapshot that does not describe a state of its machine. */
export class MalformedSnapshotError extends Error {
  constructor(machineId: string, problems: string[]) {
    super(`Stored ${machineId} snapshot is malformed: ${problems.join("; ")}`);
    this.name = "MalformedSnapshotError";
  }
}

export function stateValueToString(value: StateValue): string {
  if (typeof value === "string") return value;
  const [key, child] = Object.entries(value)[0]!;
  return child === undefined ? key : `${key}.${stateValueToString(child)}`;
}

/** The stored value of a dotted state: in_progress.under_review is { in_progress: "under_review" }. */
export function storedValue(dotted: string): StoredValue {
  const [head, ...rest] = dotted.split(".");
  return rest.length === 0 ? head! : { [head!]: storedValue(rest.join(".")) };
}

const storedValueSchema: z.ZodType<StoredValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.record(storedValueSchema).refine((v) => Object.keys(v).length === 1, "must name one inner state"),
  ]),
);

/** The snapshot as stored (JSON), typed: its context is JSON, so it is stored without a cast. */
export const snapshotJson = <TContext extends JsonObject>(
  persisted: PersistedState<TContext>,
): JsonObject => ({
  value: persisted.value,
  context: persisted.context,
});

function leafPaths(node: AnyStateNode): string[] {
  const children: AnyStateNode[] = Object.values(node.states);
  return children.length === 0 ? [node.path.join(".")] : children.flatMap(leafPaths);
}

export interface RuntimeOptions<TState extends string, TEventType extends string, TContext> {
  version: number;
  /** The top-level states a case or task is stored in (not a transient first state), in order. */
  states: readonly TState[];
  /** Every event, in the order actions are offered. */
  eventTypes: readonly TEventType[];
  /** The stored context's shape, checked when a snapshot is read back. */
  context: z.ZodType<TContext, z.ZodTypeDef, unknown>;
}

export function workflowRuntime<TMachine extends AnyStateMachine, TState extends string>(
  machine: TMachine,
  options: RuntimeOptions<TState, EventFromLogic<TMachine>["type"], ContextFrom<TMachine>>,
) {
  // The machine's own types for what goes in and out; inside, the runtime works on any machine.
  type TContext = ContextFrom<TMachine>;
  type TEvent = EventFromLogic<TMachine>;
  type Summary = StateSummary<TState, TContext>;
  const logic: AnyStateMachine = machine;
  // The same machine without its reason guard: who may send an event, reasons aside. A refusal
  // for want of a reason is only for someone who may send the event at all.
  const reasonsAside: AnyStateMachine = logic.provide({ guards: { [REASON_GUARD]: () => true } });

  const storedPaths = new Set(
    leafPaths(logic.root).filter((path) => options.states.some((s) => s === path.split(".")[0])),
  );
  const snapshotSchema = z
    .object({ value: storedValueSchema, context: z.unknown() })
    .transform((stored, ctx): PersistedState<TContext> => {
      if (!storedPaths.has(stateValueToString(stored.value)))
        ctx.addIssue({
          code: "custom",
          path: ["value"],
          message: `is not a state of the ${logic.id} workflow`,
        });
      const context = options.context.safeParse(stored.context);
      if (!context.success) {
        for (const issue of context.error.issues)
          ctx.addIssue({ code: "custom", path: ["context", ...issue.path], message: issue.message });
        return z.NEVER;
      }
      return { value: stored.value, context: context.data };
    });

  function summarise(value: StateValue, context: TContext): Summary {
    const stateValue = stateValueToString(value);
    const state = options.states.find((s) => s === stateValue.split(".")[0]);
    if (!state) throw new Error(`The ${logic.id} workflow stopped in ${stateValue}, which is not stored`);
    return {
      state,
      stateValue,
      persisted: { value: storedValue(stateValue), context },
      workflowVersion: options.version,
    };
  }

  return {
    /** Where a new case or task starts: the machine decides from its input. */
    initial(input: InputFrom<TMachine>): Summary {
      const [snapshot] = initialTransition(logic, input);
      return summarise(snapshot.value, snapshot.context);
    },

    /** What the event does, or why it is refused. */
    decide(persisted: PersistedState<TContext>, event: TEvent): Decision<Summary> {
      const snapshot = logic.resolveState(persisted);
      if (!getNextTransitions(snapshot).some((t) => t.eventType === event.type))
        return { ok: false, refusal: "not_in_this_state" };
      if (!reasonsAside.resolveState(persisted).can(event)) return { ok: false, refusal: "forbidden" };
      // Allowed reasons aside, so what the machine refuses is the missing reason.
      if (!snapshot.can(event)) return { ok: false, refusal: "reason_required" };
      const [next] = transition(logic, snapshot, event);
      return {
        ok: true,
        from: stateValueToString(snapshot.value),
        to: stateValueToString(next.value),
        next: summarise(next.value, next.context),
      };
    },

    /** The events this actor may send now, and which of them need a reason (from the definition). */
    allowedEvents(persisted: PersistedState<TContext>, actor: Actor): AllowedEvent<TEvent["type"]>[] {
      const snapshot = reasonsAside.resolveState(persisted);
      return options.eventTypes.flatMap((type) => {
        const event = { type, actor };
        if (!snapshot.can(event)) return [];
        const taken = reasonsAside.getTransitionData(snapshot, event);
        return [{ type, needsReason: taken.some(needsReason) }];
      });
    },

    /** The stored snapshot (JSON), checked: a malformed one throws MalformedSnapshotError. */
    parse(json: unknown): PersistedState<TContext> {
      const parsed = snapshotSchema.safeParse(json);
      if (parsed.success) return parsed.data;
      throw new MalformedSnapshotError(
        logic.id,
        parsed.error.issues.map((i) => `${i.path.join(".") || "snapshot"} ${i.message}`),
      );
    },
  };
}
