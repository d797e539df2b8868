// Keeps a Y.Doc in sync with the server over Socket.IO (docs/realtime.md), for the browser and
// for tests alike. Edits made while offline stay in the document in memory and are merged by the
// sync exchange on reconnect; nothing is written to browser storage.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Socket } from "socket.io-client";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** saved: everything typed here is committed on the server. saving: some is on its way. */
export type SaveStatus = "connecting" | "saved" | "saving" | "offline";
export type Access = "read" | "write";

export interface DocError {
  docId: string;
  error: string;
  message: string;
}

type AckResponse = { ok: true; access?: Access } | { ok: false; error: string };

/**
 * A server that refuses an update for missing dependencies lacks something this client has: the
 * client subscribes again, which repeats the whole sync exchange. A few times in a row at most;
 * then it stops and says so, rather than loop.
 */
const MAX_RESYNCS_IN_A_ROW = 3;

const frame = (write: (e: encoding.Encoder) => void) => {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
};

export class CollabProvider {
  readonly awareness: awarenessProtocol.Awareness;
  status: SaveStatus = "connecting";
  access: Access | null = null;
  /** In step with the server on the current connection. */
  synced = false;
  /** Has been in step once: the document is there to show and edit, online or not. */
  loaded = false;
  /** Updates the server has acknowledged as stored, since this provider started. */
  storedUpdates = 0;
  /** Set when the server refuses the document or a change (doc:error). */
  lastError: DocError | null = null;
  private unacknowledged = 0;
  /** Changes the server may lack that no message on its way carries: the next sync sends them. */
  private dirty = false;
  /** Until we have answered the server's sync step 1, local edits travel in that answer. */
  private answeredServer = false;
  /**
   * Counts subscriptions: answers to messages sent under an earlier one are ignored, since the
   * sync exchange of the later one carries whatever they were about (the server stores in order).
   */
  private generation = 0;
  /** Re-syncs for missing dependencies since the server last took an update. */
  private resyncs = 0;
  private listeners = new Set<() => void>();

  constructor(
    readonly socket: Socket,
    readonly docId: string,
    readonly doc: Y.Doc,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    doc.on("update", this.onLocalUpdate);
    this.awareness.on("update", this.onAwarenessUpdate);
    socket.on("connect", this.onConnect);
    socket.on("disconnect", this.onDisconnect);
    socket.on("doc:message", this.onMessage);
    socket.on("doc:error", this.onError);
    socket.on("doc:access", this.onAccess);
    if (socket.connected) this.onConnect();
  }

  /** Called on every change of status, access, sync or error. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], "local");
    this.doc.off("update", this.onLocalUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.socket.off("connect", this.onConnect);
    this.socket.off("disconnect", this.onDisconnect);
    this.socket.off("doc:message", this.onMessage);
    this.socket.off("doc:error", this.onError);
    this.socket.off("doc:access", this.onAccess);
    if (this.socket.connected) this.socket.emit("doc:unsubscribe", { docId: this.docId });
    this.awareness.destroy();
    this.listeners.clear();
  }

  private changed() {
    for (const listener of this.listeners) listener();
  }

  private setStatus() {
    const next: SaveStatus = !this.socket.connected
      ? "offline"
      : !this.synced
        ? "connecting"
        : this.unacknowledged > 0 || this.dirty
          ? "saving"
          : "saved";
    if (next !== this.status) {
      this.status = next;
      this.changed();
    }
  }

  /** Sends a message; the server's acknowledgement means it is handled (for updates: stored). */
  private send(message: Uint8Array, counts: boolean) {
    if (counts) this.unacknowledged++;
    this.setStatus();
    const generation = this.generation;
    // An ArrayBuffer, not a Uint8Array: the browser build of the msgpack parser encodes only
    // ArrayBuffers as binary.
    const binary = message.buffer.slice(message.byteOffset, message.byteOffset + message.byteLength);
    this.socket
      .timeout(30_000)
      .emit("doc:message", this.docId, binary, (err: Error | null, response?: AckResponse) => {
        if (generation !== this.generation) return;
        if (counts) this.unacknowledged = Math.max(0, this.unacknowledged - 1);
        if (counts && response?.ok) {
          this.storedUpdates++;
          this.resyncs = 0;
        }
        // No answer in time: the connection is in trouble; the next sync exchange will resend.
        if (err && this.socket.connected) this.dirty = true;
        if (counts && response?.ok === false && response.error === "missing_dependencies")
          return this.resync();
        // Keep the doc:error's message (sent just before), which says more than the code.
        if (response?.ok === false && this.lastError?.error !== response.error)
          this.lastError = { docId: this.docId, error: response.error, message: response.error };
        this.setStatus();
      });
  }

  /** The server lacks what an update builds on: go through the whole sync exchange again. */
  private resync() {
    this.dirty = true;
    if (this.resyncs >= MAX_RESYNCS_IN_A_ROW) {
      this.lastError = {
        docId: this.docId,
        error: "missing_dependencies",
        message:
          "Your latest changes could not be saved: the server could not be brought in step with them. Reload the page.",
      };
      this.setStatus();
      this.changed();
      return;
    }
    this.resyncs++;
    this.startSync();
  }

  private onConnect = () => {
    this.resyncs = 0;
    this.startSync();
  };

  /** Subscribes to the document, which starts the sync exchange (docs/realtime.md). */
  private startSync() {
    this.generation++;
    this.unacknowledged = 0;
    this.synced = false;
    this.answeredServer = false;
    this.setStatus();
    const generation = this.generation;
    this.socket.emit("doc:subscribe", { docId: this.docId }, (response: AckResponse) => {
      if (generation !== this.generation) return;
      if (!response.ok) {
        this.lastError = { docId: this.docId, error: response.error, message: response.error };
        this.changed();
        return;
      }
      this.access = response.access ?? "read";
      this.send(
        frame((e) => {
          encoding.writeVarUint(e, MESSAGE_SYNC);
          encoding.writeVarUint(e, SYNC_STEP_1);
          encoding.writeVarUint8Array(e, Y.encodeStateVector(this.doc));
        }),
        false,
      );
      // Our presence again, under a new clock: the server took the old one down with the previous
      // subscription and ignores a state no newer than what it saw (y-protocols).
      const presence = this.awareness.getLocalState();
      if (presence !== null) this.awareness.setLocalState(presence);
      this.changed();
    });
  }

  private onDisconnect = () => {
    this.synced = false;
    this.answeredServer = false;
    // Whatever was on its way may not have arrived: the sync exchange on reconnect settles it.
    if (this.unacknowledged > 0) this.dirty = true;
    this.unacknowledged = 0;
    awarenessProtocol.removeAwarenessStates(
      this.awareness,
      [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID),
      this,
    );
    this.setStatus();
  };

  private onMessage = (docId: string, data: Uint8Array | ArrayBuffer) => {
    if (docId !== this.docId) return;
    const decoder = decoding.createDecoder(data instanceof Uint8Array ? data : new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType === SYNC_STEP_1) {
        // The server's state vector: answer with everything it lacks (offline edits included).
        const reply = frame((e) => {
          encoding.writeVarUint(e, MESSAGE_SYNC);
          encoding.writeVarUint(e, SYNC_STEP_2);
          encoding.writeVarUint8Array(
            e,
            withoutPending(this.doc, () => Y.encodeStateAsUpdate(this.doc, payload)),
          );
        });
        this.dirty = false;
        this.answeredServer = true;
        this.send(reply, true);
      } else {
        Y.applyUpdate(this.doc, payload, this);
        if (syncType === SYNC_STEP_2 && !this.synced) {
          this.synced = true;
          this.loaded = true;
          this.setStatus();
          this.changed();
        }
      }
    } else if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
    }
  };

  private onError = (error: DocError) => {
    // missing_dependencies settles itself: the answer to the update re-syncs (see send).
    if (error.docId !== this.docId || error.error === "missing_dependencies") return;
    this.lastError = error;
    this.changed();
  };

  private onAccess = (event: { docId: string; access: Access }) => {
    if (event.docId !== this.docId) return;
    this.access = event.access;
    this.changed();
  };

  private onLocalUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this) return;
    if (!this.socket.connected || !this.answeredServer) {
      this.dirty = true;
      this.setStatus();
      return;
    }
    this.send(
      frame((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        encoding.writeVarUint(e, SYNC_UPDATE);
        encoding.writeVarUint8Array(e, update);
      }),
      true,
    );
  };

  private onAwarenessUpdate = ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
    if (origin === this) return;
    const changed = [...added!, ...updated!, ...removed!].filter((id) => id === this.doc.clientID);
    if (changed.length > 0 && this.socket.connected && this.access) this.sendAwareness(changed);
  };

  private sendAwareness(clientIds: number[]) {
    this.send(
      frame((e) => {
        encoding.writeVarUint(e, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clientIds));
      }),
      false,
    );
  }
}

/**
 * Runs `encode` as if the document held no pending updates (received, but waiting for what they
 * build on). Yjs adds those to whatever it encodes; sent to a server that lacks their
 * dependencies too, they would be refused, and with them the rest of the message, at every sync.
 * They came from elsewhere, and whoever holds what they build on sends both.
 */
function withoutPending<T>(doc: Y.Doc, encode: () => T): T {
  const { pendingStructs, pendingDs } = doc.store;
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
  try {
    return encode();
  } finally {
    doc.store.pendingStructs = pendingStructs;
    doc.store.pendingDs = pendingDs;
  }
}
