// The recommendation workflow's events and top-level states, for pages and input schemas: apart
// from the machine (recommendation.ts) so that a page showing a badge or a filter does not load
// xstate in the browser. How people read them, in their language, is in the translations
// (workflow:states, workflow:events; tests check that every state and event has one).

export const CASE_EVENT_TYPES = [
  "AGREE",
  "REQUEST_CHANGES",
  "START",
  "SUBMIT_EVIDENCE",
  "RETURN",
  "VERIFY",
  "REOPEN",
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** The four top-level states, as users name them. */
export const TOP_STATES = ["drafted", "agreed", "in_progress", "verified"] as const;
export type TopState = (typeof TOP_STATES)[number];

/**
 * What the history records of a case besides workflow events; each has a sentence in the
 * translations ("{{name}} agreed to {{ref}}": workflow:eventPast, app/i18n/locales/).
 */
export const CASE_HISTORY_TYPES = [
  ...CASE_EVENT_TYPES,
  "CREATED",
  "EDITED",
  "IMPORTED",
  "REITERATED",
] as const;
const HISTORY_TYPES = new Set<string>(CASE_HISTORY_TYPES);
export const isCaseHistoryType = (type: string): type is (typeof CASE_HISTORY_TYPES)[number] =>
  HISTORY_TYPES.has(type);
