// Reading the machines' guards. Some transitions need a reason (declining, cancelling, returning,
// reopening); they say so by naming REASON_GUARD among their guards, and the runtime reads that
// from the definition rather than guessing it from the outcome. No xstate here: the in-app diagram
// reads guard names too.

/** The guard, in both machines, that refuses an event without a reason. */
export const REASON_GUARD = "hasReason";

export const hasReason = ({ event }: { event: { reason?: string } }) =>
  (event.reason?.trim().length ?? 0) > 0;

/** Names of the guards a transition needs, flattening and([...]). */
export function guardNames(guard: unknown): string[] {
  if (!guard) return [];
  if (typeof guard === "string") return [guard];
  if (typeof guard === "object" && "type" in guard) return [String(guard.type)];
  // and([...]) is a function carrying the guards it combines.
  if (typeof guard === "function" && "guards" in guard && Array.isArray(guard.guards))
    return guard.guards.flatMap(guardNames);
  return [];
}

/** Whether a transition (a machine's definition of it) refuses an event that gives no reason. */
export const needsReason = (transition: { guard?: unknown }) =>
  guardNames(transition.guard).includes(REASON_GUARD);
