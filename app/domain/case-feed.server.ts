// The live case feed, built from the history: for publishing a committed event, for a process
// that missed events from another one, and for a client catching up after a reconnect. Ids are
// gapless and in commit order (migration 20261130200000_live_events), so "everything after n" is
// exact.
import { eventRooms } from "~/access/visibility.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import {
  feedEntriesAfter,
  feedEntriesByIds,
  type FeedEntry,
  latestHistoryId,
} from "~/models/history.server.ts";
import type { CaseUpdated } from "~/realtime/live-protocol.ts";

import { publishCaseChanged } from "./events.server.ts";

/** A feed event as the server handles it: with the rooms it goes to (not sent on). */
export type FeedEvent = CaseUpdated & { rooms: string[] };

function fromRow(row: FeedEntry): FeedEvent {
  const { case: c, task } = row;
  return {
    id: Number(row.id),
    caseId: c.id,
    ref: c.ref,
    country: c.countryCode,
    area: c.area,
    state: row.toState.split(".")[0]!,
    stateValue: row.toState,
    version: row.caseVersion ?? 0,
    event: { type: row.type, actor: { id: row.actor.id, name: row.actor.name }, at: row.at.toISOString() },
    ...(task ? { task: { id: task.id, title: task.title, state: task.state } } : {}),
    // Decided as the case stands when the event is read back, right after its commit.
    rooms: eventRooms({ countryCode: c.countryCode, tasks: c.tasks }, task?.id ?? null),
  };
}

/** What a client receives: the event without the server's routing data. */
export function forClient({ rooms: _rooms, ...event }: FeedEvent): CaseUpdated {
  return event;
}

/** Publishes committed history entries to the live feed (in-process; server/realtime takes it from there). */
export async function publishEvents(ids: (bigint | number)[]): Promise<void> {
  for (const row of await feedEntriesByIds(ids)) publishCaseChanged(fromRow(row));
}

/** The id of the newest event (0 when there is none). */
export async function latestEventId(): Promise<number> {
  return latestHistoryId();
}

/** Events with an id above `after`, oldest first, optionally only those `scope` selects. */
export async function eventsAfter(
  after: number,
  limit: number,
  scope?: Prisma.CaseEventWhereInput,
): Promise<FeedEvent[]> {
  return (await feedEntriesAfter(after, limit, scope)).map(fromRow);
}
