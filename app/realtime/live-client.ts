// Follows the live case feed over a socket, for the browser and for tests alike: every event
// once, in order, including those sent while the connection was down (asked for on reconnect).
import type { Socket } from "socket.io-client";

import type { CaseUpdated, LiveSinceReply } from "./live-protocol.ts";

export interface LiveHandlers {
  /** A case the user may see changed. */
  onEvent(event: CaseUpdated): void;
  /** Too much happened while disconnected to replay: reload the view. */
  onReload(): void;
}

export class LiveClient {
  /** The id of the last event handled: the feed resumes after it. */
  lastId: number;
  private catchingUp = false;
  private buffered: CaseUpdated[] = [];
  private readonly onConnect = () => void this.catchUp();
  private readonly onUpdated = (event: CaseUpdated) => {
    if (this.catchingUp) this.buffered.push(event);
    else this.handle(event);
  };

  constructor(
    private readonly socket: Socket,
    /** The last event the view on screen includes (the page's loader says). */
    from: number,
    private readonly handlers: LiveHandlers,
  ) {
    this.lastId = from;
    socket.on("connect", this.onConnect);
    socket.on("case:updated", this.onUpdated);
    if (socket.connected) void this.catchUp();
  }

  destroy(): void {
    this.socket.off("connect", this.onConnect);
    this.socket.off("case:updated", this.onUpdated);
  }

  /** Asks for what came after lastId; live events arriving meanwhile wait, so that order holds. */
  private async catchUp(): Promise<void> {
    if (this.catchingUp) return;
    this.catchingUp = true;
    try {
      const reply = (await this.socket
        .timeout(10_000)
        .emitWithAck("live:since", { after: this.lastId })) as LiveSinceReply;
      if (!reply.ok) return;
      if ("reload" in reply) {
        this.lastId = reply.lastId;
        this.buffered = this.buffered.filter((e) => e.id > reply.lastId);
        this.handlers.onReload();
      } else {
        for (const event of reply.events) this.handle(event);
        // Nothing visible to this user up to lastId is missing from the reply.
        this.lastId = Math.max(this.lastId, reply.lastId);
      }
    } catch {
      // No answer (the connection dropped again): the next connect asks again, from the same
      // point, so what arrived meanwhile comes again then.
      this.buffered = [];
    } finally {
      this.catchingUp = false;
      const buffered = this.buffered.sort((a, b) => a.id - b.id);
      this.buffered = [];
      for (const event of buffered) this.handle(event);
    }
  }

  private handle(event: CaseUpdated): void {
    if (event.id <= this.lastId) return;
    this.lastId = event.id;
    this.handlers.onEvent(event);
  }
}
