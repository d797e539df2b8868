// Keeps a Y.Doc in sync with the server over Socket.IO (docs/realtime.md), for the browser and
// for tests alike. Edits made while offline stay in the document in memory and are merged by the
// sync exchange on reconnect; nothing is written to browser storage.
import type { Socket } from "socket.io-client";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

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
  private dirtyWhileOffline = false;
  /** Until we have answered the server's sync step 1, local edits travel in that answer. */
  private answeredServer = false;
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
    const next: SaveStatus = !this.socket.connected ? "offline" : !this.synced ? "connecting" : this.unacknowledged > 0 || this.dirtyWhileOffline ? "saving" : "saved";
    if (next !== this.status) {
      this.status = next;
      this.changed();
    }
  }

  /** Sends a message; the server's acknowledgement means it is handled (for updates: stored). */
  private send(message: Uint8Array, counts: boolean) {
    if (counts) this.unacknowledged++;
    this.setStatus();
    // An ArrayBuffer, not a Uint8Array: the browser build of the msgpack parser encodes only
    // ArrayBuffers as binary.
    const binary = message.buffer.slice(message.byteOffset, message.byteOffset + message.byteLength);
    this.socket.timeout(30_000).emit("doc:message", this.docId, binary, (err: Error | null, response?: AckResponse) => {
      if (counts) this.unacknowledged = Math.max(0, this.unacknowledged - 1);
      if (counts && response?.ok) this.storedUpdates++;
      // No answer in time: the connection is in trouble; the next sync exchange will resend.
      if (err && this.socket.connected) this.dirtyWhileOffline = true;
      if (response && !response.ok) this.lastError = { docId: this.docId, error: response.error, message: response.error };
      this.setStatus();
    });
  }

  private onConnect = () => {
    this.synced = false;
    this.answeredServer = false;
    this.setStatus();
    this.socket.emit("doc:subscribe", { docId: this.docId }, (response: AckResponse) => {
      if (!response.ok) {
        this.lastError = { docId: this.docId, error: response.error, message: response.error };
        this.changed();
        return;
      }
      this.access = response.access ?? "read";
      this.send(frame((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        encoding.writeVarUint(e, SYNC_STEP_1);
        encoding.writeVarUint8Array(e, Y.encodeStateVector(this.doc));
      }), false);
      if (this.awareness.getLocalState() !== null) this.sendAwareness([this.doc.clientID]);
      this.changed();
    });
  };

  private onDisconnect = () => {
    this.synced = false;
    this.answeredServer = false;
    // Whatever was on its way may not have arrived: the sync exchange on reconnect settles it.
    if (this.unacknowledged > 0) this.dirtyWhileOffline = true;
    this.unacknowledged = 0;
    awarenessProtocol.removeAwarenessStates(this.awareness, [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID), this);
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
          encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(this.doc, payload));
        });
        this.dirtyWhileOffline = false;
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
    // missing_dependencies settles itself: the server asks us to sync again.
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
      this.dirtyWhileOffline = true;
      this.setStatus();
      return;
    }
    this.send(frame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      encoding.writeVarUint(e, SYNC_UPDATE);
      encoding.writeVarUint8Array(e, update);
    }), true);
  };

  private onAwarenessUpdate = ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
    if (origin === this) return;
    const changed = [...added!, ...updated!, ...removed!].filter((id) => id === this.doc.clientID);
    if (changed.length > 0 && this.socket.connected && this.access) this.sendAwareness(changed);
  };

  private sendAwareness(clientIds: number[]) {
    this.send(frame((e) => {
      encoding.writeVarUint(e, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clientIds));
    }), false);
  }
}
