// The live case feed read back from the history: for a process that missed events from another
// one, and for a client catching up after a reconnect. Ids are gapless and in commit order
// (migration 20261130200000_live_events), so "everything after n" is exact.
import type { Prisma } from "../generated/prisma/client.ts";
import { prisma } from "../db/client.server.ts";
import type { CaseUpdated } from "../realtime/live-protocol.ts";

const FEED_SELECT = {
  id: true,
  type: true,
  toState: true,
  caseVersion: true,
  at: true,
  actor: { select: { id: true, name: true } },
  case: { select: { id: true, ref: true, countryCode: true, area: true } },
} satisfies Prisma.CaseEventSelect;

type FeedRow = Prisma.CaseEventGetPayload<{ select: typeof FEED_SELECT }>;

/** The event as the feed sends it; the state fields describe the case right after the event. */
export function caseUpdated(
  c: { id: string; ref: string; countryCode: string; area: string },
  e: { id: bigint | number; type: string; toState: string; caseVersion: number | null; at: Date; actor: { id: string; name: string } },
): CaseUpdated {
  return {
    id: Number(e.id),
    caseId: c.id,
    ref: c.ref,
    country: c.countryCode,
    area: c.area,
    state: e.toState.split(".")[0]!,
    stateValue: e.toState,
    version: e.caseVersion ?? 0,
    event: { type: e.type, actor: { id: e.actor.id, name: e.actor.name }, at: e.at.toISOString() },
  };
}

const fromRow = (row: FeedRow) => caseUpdated(row.case, row);

/** The id of the newest event (0 when there is none). */
export async function latestEventId(): Promise<number> {
  const newest = await prisma().caseEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return Number(newest?.id ?? 0);
}

/** Events with an id above `after`, oldest first, optionally only on the cases `scope` selects. */
export async function eventsAfter(after: number, limit: number, scope?: Prisma.CaseWhereInput): Promise<CaseUpdated[]> {
  const rows = await prisma().caseEvent.findMany({
    where: { id: { gt: BigInt(after) }, ...(scope ? { case: scope } : {}) },
    orderBy: { id: "asc" },
    take: limit,
    select: FEED_SELECT,
  });
  return rows.map(fromRow);
}
