// How pages, exports and the follow-up report name what the app stores: priorities, states and
// history entries, the same everywhere.
import type { PRIORITIES } from "~/domain/case-input.ts";
import { EVENT_LABELS, STATE_LABELS } from "~workflows/recommendation-labels.ts";
import { TASK_HISTORY_LABELS } from "~workflows/task-labels.ts";

export const PRIORITY_LABELS: Record<(typeof PRIORITIES)[number], string> = {
  HIGH: "High",
  MEDIUM: "Medium",
  LOW: "Low",
};

/** "In progress · Under review", as the state badge reads. */
export function stateLabel(state: string, stateValue: string): string {
  const top = STATE_LABELS[state] ?? state;
  return stateValue !== state ? `${top} · ${STATE_LABELS[stateValue] ?? stateValue}` : top;
}

/** What a history entry records, as the case page's history names it. */
export const HISTORY_LABELS: Record<string, string> = {
  ...EVENT_LABELS,
  CREATED: "Created",
  EDITED: "Edited",
  IMPORTED: "Imported",
  REITERATED: "Reiterated by a later visit",
  ...TASK_HISTORY_LABELS,
};
