// The live case feed: every committed case event goes, in id order, to the sockets whose users
// may see the case (docs/realtime.md, "Live case status").
//
// Each process delivers to its own sockets only. An event reaches it from its own commits, from
// other processes through the cluster channel, or from the history when either was lost: ids are
// gapless and in commit order, so a process holding event n+2 but not n+1 knows n+1 is committed
// and reads it back. Within a process, delivery is therefore complete and in order, and a client
// that reconnects can ask for exactly what came after the last id it saw.
import type { Server, Socket } from "socket.io";

import { historyScope, rowScope } from "~/access/scopes.server.ts";
import { liveRooms, type SessionUser } from "~/access/visibility.ts";
import { withRowScope } from "~/db/row-security.server.ts";
import { eventsAfter, type FeedEvent, forClient, latestEventId } from "~/domain/case-feed.server.ts";
import { log } from "~/lib/log.server.ts";
import { type LiveSinceReply, MAX_REPLAY } from "~/realtime/live-protocol.ts";

// How long an out-of-order event waits for the ones before it before they are read back.
const GAP_WAIT_MS = 200;
// How often the process checks the history for events that reached nobody here (a lost message).
const TAIL_CHECK_MS = 2000;
const READ_BACK_BATCH = 500;

export class LiveFeed {
  private delivered = 0;
  private readonly pending = new Map<number, FeedEvent>();
  private gapTimer?: NodeJS.Timeout;
  private tailTimer?: NodeJS.Timeout;
  private reading?: Promise<void>;

  constructor(
    private readonly io: Server,
    /** Runs for each event, in order, once delivered (e.g. re-checking document access). */
    private readonly afterDelivery: (event: FeedEvent) => void = () => {},
  ) {}

  /** Follows the history from its current end. */
  async start(): Promise<void> {
    this.delivered = await latestEventId();
    this.tailTimer = setInterval(() => void this.readBack(), TAIL_CHECK_MS);
    this.tailTimer.unref();
  }

  stop(): void {
    clearInterval(this.tailTimer);
    clearTimeout(this.gapTimer);
  }

  /** An event committed here or elsewhere; duplicates and stale ones are dropped. */
  offer(event: FeedEvent): void {
    if (!Number.isSafeInteger(event.id) || event.id <= this.delivered) return;
    this.pending.set(event.id, event);
    let next;
    while ((next = this.pending.get(this.delivered + 1))) {
      this.pending.delete(next.id);
      this.delivered = next.id;
      this.deliver(next);
    }
    if (this.pending.size > 0 && !this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = undefined;
        void this.readBack();
      }, GAP_WAIT_MS);
    }
  }

  /** Reads every event after the last delivered one back from the history. */
  readBack(): Promise<void> {
    this.reading ??= (async () => {
      try {
        for (;;) {
          const events = await eventsAfter(this.delivered, READ_BACK_BATCH);
          for (const event of events) this.offer(event);
          if (events.length < READ_BACK_BATCH) break;
        }
      } catch (error) {
        log.warn("reading the case feed back failed", { error: String(error) });
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  /** Joins the socket to its user's scope and answers its catch-up requests. */
  connect(socket: Socket, user: SessionUser): void {
    const rooms = liveRooms(user);
    if (rooms.length > 0) void socket.join(rooms);
    socket.on("live:since", async (payload: unknown, ack: unknown) => {
      if (typeof ack !== "function") return;
      const after = (payload as { after?: unknown } | null)?.after;
      if (typeof after !== "number" || !Number.isSafeInteger(after) || after < 0)
        return ack({ ok: false, error: "invalid" } satisfies LiveSinceReply);
      try {
        ack(await this.since(user, after));
      } catch (error) {
        log.error("live catch-up failed", { error: String(error) });
        ack({ ok: true, reload: true, lastId: this.delivered } satisfies LiveSinceReply);
      }
    });
  }

  /** What the user may see after `after`: the socket is already in its rooms, so nothing falls between. */
  private async since(user: SessionUser, after: number): Promise<LiveSinceReply> {
    const latest = Math.max(this.delivered, await latestEventId());
    // An id from the future (another database, a restored backup): the client's view is not ours.
    if (after > latest) return { ok: true, reload: true, lastId: latest };
    // Under row-level security in the user's scope too, as an HTTP request would be.
    const events = await withRowScope(rowScope(user), () =>
      eventsAfter(after, MAX_REPLAY + 1, historyScope(user)),
    );
    if (events.length > MAX_REPLAY) return { ok: true, reload: true, lastId: latest };
    return { ok: true, events: events.map(forClient), lastId: Math.max(latest, events.at(-1)?.id ?? 0) };
  }

  private deliver(event: FeedEvent): void {
    this.io.local.to(event.rooms).emit("case:updated", forClient(event));
    this.afterDelivery(event);
  }
}
