// In-process notifications of committed changes, for the real-time layer. The Express entry
// (loaded by tsx) and the Remix bundle each import this module, so the emitter lives on
// globalThis: an event published by a route reaches listeners set up by server/realtime.
// Other processes of a cluster hear of these through server/realtime/live-feed.ts.
import { EventEmitter } from "node:events";

import type { FeedEvent } from "./case-feed.server.ts";

const KEY = Symbol.for("follow-up.domain-events");
type Holder = { [KEY]?: EventEmitter };

function emitter(): EventEmitter {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    holder[KEY] = new EventEmitter();
    holder[KEY].setMaxListeners(100);
  }
  return holder[KEY];
}

/** Called after the change has committed. */
export function publishCaseChanged(event: FeedEvent): void {
  emitter().emit("case:changed", event);
}

export function onCaseChanged(listener: (event: FeedEvent) => void): () => void {
  emitter().on("case:changed", listener);
  return () => emitter().off("case:changed", listener);
}

/** A session ended (signed out, expired): its live connections must close at once. */
export function publishSessionEnded(sessionId: string): void {
  emitter().emit("session:ended", sessionId);
}

export function onSessionEnded(listener: (sessionId: string) => void): () => void {
  emitter().on("session:ended", listener);
  return () => emitter().off("session:ended", listener);
}

/** An account was disabled: all its live connections must close at once. */
export function publishAccountDisabled(userId: string): void {
  emitter().emit("account:disabled", userId);
}

export function onAccountDisabled(listener: (userId: string) => void): () => void {
  emitter().on("account:disabled", listener);
  return () => emitter().off("account:disabled", listener);
}

export interface NotificationPublished {
  userId: string;
  item: {
    id: string;
    kind: string;
    text: string;
    caseId: string | null;
    taskId: string | null;
    createdAt: string;
  };
}

/** A notification was stored for a user: their open pages should show it. */
export function publishNotification(event: NotificationPublished): void {
  emitter().emit("notification", event);
}

export function onNotification(listener: (event: NotificationPublished) => void): () => void {
  emitter().on("notification", listener);
  return () => emitter().off("notification", listener);
}
