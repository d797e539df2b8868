// The live case feed, built from the history: for publishing a committed event, for a process
// that missed events from another one, and for a client catching up after a reconnect. Ids are
// gapless and in commit order (migration 20261130200000_live_events), so "everything after n" is
// exact.
import { prisma } from "~/db/client.server.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { CaseUpdated } from "~/realtime/live-protocol.ts";

import { eventRooms } from "./access.server.ts";
import { publishCaseChanged } from "./events.server.ts";

/** A feed event as the server handles it: with the rooms it goes to (not sent on). */
export type FeedEvent = CaseUpdated & { rooms: string[] };

const FEED_SELECT = {
  id: true,
  type: true,
  toState: true,
  caseVersion: true,
  at: true,
  actor: { select: { id: true, name: true } },
  task: { select: { id: true, title: true, state: true } },
  case: {
    select: {
      id: true,
      ref: true,
      countryCode: true,
      area: true,
      tasks: { select: { id: true, assigneeOrgId: true, state: true } },
    },
  },
} satisfies Prisma.CaseEventSelect;

type FeedRow = Prisma.CaseEventGetPayload<{ select: typeof FEED_SELECT }>;

function fromRow(row: FeedRow): FeedEvent {
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
  const rows = await prisma().caseEvent.findMany({
    where: { id: { in: ids.map(BigInt) } },
    orderBy: { id: "asc" },
    select: FEED_SELECT,
  });
  for (const row of rows) publishCaseChanged(fromRow(row));
}

/** The id of the newest event (0 when there is none). */
export async function latestEventId(): Promise<number> {
  const newest = await prisma().caseEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return Number(newest?.id ?? 0);
}

/** Events with an id above `after`, oldest first, optionally only those `scope` selects. */
export async function eventsAfter(
  after: number,
  limit: number,
  scope?: Prisma.CaseEventWhereInput,
): Promise<FeedEvent[]> {
  const rows = await prisma().caseEvent.findMany({
    where: { AND: [{ id: { gt: BigInt(after) } }, scope ?? {}] },
    orderBy: { id: "asc" },
    take: limit,
    select: FEED_SELECT,
  });
  return rows.map(fromRow);
}
