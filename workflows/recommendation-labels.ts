// The recommendation workflow's names, as people read them: states, events and what someone did.
// Apart from the machine (recommendation.ts) so that a page showing a badge or a filter does not
// load xstate in the browser; tests check that every state and event of the machine has a label.

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

export const STATE_LABELS: Record<string, string> = {
  drafted: "Drafted",
  agreed: "Agreed",
  in_progress: "In progress",
  "in_progress.implementing": "Implementing",
  "in_progress.under_review": "Under review",
  implementing: "Implementing",
  under_review: "Under review",
  verified: "Verified",
};

export const EVENT_LABELS: Record<CaseEventType, string> = {
  AGREE: "Agree",
  REQUEST_CHANGES: "Request changes",
  START: "Start implementation",
  SUBMIT_EVIDENCE: "Submit evidence",
  RETURN: "Return for more work",
  VERIFY: "Verify implementation",
  REOPEN: "Reopen",
};

/** What someone did, for notices: "<name> agreed to TJK-2017-LJ-01" ({ref} is the case's reference). */
export const EVENT_PAST: Record<CaseEventType | "CREATED" | "EDITED" | "IMPORTED" | "REITERATED", string> = {
  AGREE: "agreed to {ref}",
  REQUEST_CHANGES: "requested changes to {ref}",
  START: "started implementing {ref}",
  SUBMIT_EVIDENCE: "submitted evidence on {ref}",
  RETURN: "returned {ref} for more work",
  VERIFY: "verified {ref}",
  REOPEN: "reopened {ref}",
  CREATED: "drafted {ref}",
  EDITED: "edited {ref}",
  IMPORTED: "imported {ref} from a report",
  REITERATED: "linked {ref} to a later visit's recommendation",
};
