// The live case feed's messages (docs/realtime.md), shared by the server and the browser.

/** Sent as "case:updated" to every socket whose user may see the case. */
export interface CaseUpdated {
  /** Orders every event of every case, in commit order and without gaps (the history's id). */
  id: number;
  caseId: string;
  ref: string;
  country: string;
  area: string;
  /** Top-level workflow state, and the full state value, after the event. */
  state: string;
  stateValue: string;
  /** The case's row version after the event. */
  version: number;
  event: { type: string; actor: { id: string; name: string }; at: string };
  /** For a task's event (type TASK_*): the task as it is after the event. */
  task?: { id: string; title: string; state: string };
}

/** "live:since" {after} → what the user may see with an id above `after`, oldest first. */
export type LiveSinceReply =
  | { ok: true; events: CaseUpdated[]; lastId: number }
  /** Too much was missed to replay: reload the view, then follow from lastId. */
  | { ok: true; reload: true; lastId: number }
  | { ok: false; error: "invalid" };

/** At most this many events are replayed on reconnect; beyond it the client reloads its view. */
export const MAX_REPLAY = 200;
