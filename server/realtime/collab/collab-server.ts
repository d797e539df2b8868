// The co-editing core: open documents, their members and awareness, and the y-protocols
// exchange over Socket.IO. What is specific to cases (who may open what, where documents are
// stored, whose name a comment carries) comes in through named hooks, as in hocuspocus.
import type { Server, Socket } from "socket.io";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import {
  ProtocolError,
  checkUpdate,
  decodeAwarenessUpdate,
  decodeClientMessage,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from "./protocol.ts";
import { UpdateWriter } from "./update-writer.ts";
import { log } from "../../log.ts";

export type Access = "read" | "write";
export interface Identity {
  id: string;
  name: string;
  color: string;
}

export interface CollabHooks<User> {
  /** May this user open the document, and how? null: they may not see it (answered not_found). */
  authorize(user: User, docName: string): Promise<{ access: Access } | null>;
  /** The stored document as one update, or null for a document never written. */
  load(docName: string): Promise<Uint8Array | null>;
  /** Persists updates, of one or many documents, in one write. */
  store(rows: { docName: string; update: Uint8Array }[]): Promise<void>;
  /** Folds a document's stored log into its state. */
  compact(docName: string): Promise<void>;
  /** The name and colour others see: from the server, never from what the client claims. */
  identity(user: User): Identity;
  /** Called once per opened document, e.g. to keep invariants on what clients change. */
  configure?(doc: Y.Doc, context: { docName: string; userOf(origin: unknown): User | null }): void;
}

/**
 * The other processes of a cluster. Each process keeps its own copy of an open document and
 * serves its own clients; what one process applies, it publishes here for the others to apply and
 * pass on. Delivery may be lossy: resync() fills any gap from the database.
 */
export interface PeerChannel {
  publish(docName: string, kind: PeerMessageKind, bytes: Uint8Array): void;
  subscribe(handler: (docName: string, kind: PeerMessageKind, bytes: Uint8Array) => void): void;
}
export type PeerMessageKind = "update" | "awareness";

export interface CollabOptions {
  maxMessageBytes?: number;
  maxDocumentBytes?: number;
  /** How long a document stays in memory after its last member left. */
  unloadAfterMs?: number;
  /** Compact the stored log after this many appended updates (at the next pause in typing). */
  compactEvery?: number;
  /** Other processes serving the same documents (a cluster); none for a single process. */
  peers?: PeerChannel;
}

export type DocErrorCode = "not_found" | "invalid" | "too_large" | "document_too_large" | "read_only" | "missing_dependencies" | "not_saved";
type Ack = (response: { ok: true; access?: Access } | { ok: false; error: DocErrorCode }) => void;

interface Member<User> {
  user: User;
  access: Access;
  /** Awareness client ids this socket speaks for: nobody can overwrite someone else's presence. */
  clientIds: Set<number>;
}

interface OpenDocument<User> {
  name: string;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  members: Map<Socket, Member<User>>;
  /** Bytes stored for the document (state plus log): what the size cap counts. */
  size: number;
  appended: number;
  unloadTimer?: NodeJS.Timeout;
  compactTimer?: NodeJS.Timeout;
  compacting?: Promise<void>;
}

const MAX_DOC_ID = 200;
const COMPACT_AFTER_IDLE_MS = 2000;
const AWARENESS_BATCH_MS = 50;
const MAX_CLIENT_IDS_PER_MEMBER = 4;
const room = (name: string) => `doc:${name}`;
/** Origin of changes that came from another process: passed on to local clients, not stored again. */
const PEER = Symbol("peer");

export class CollabServer<User> {
  private readonly docs = new Map<string, Promise<OpenDocument<User>>>();
  private readonly writer: UpdateWriter<{ docName: string; update: Uint8Array }>;
  private readonly options: Required<Omit<CollabOptions, "peers">>;
  private readonly peers?: PeerChannel;

  constructor(
    private readonly io: Server,
    private readonly hooks: CollabHooks<User>,
    options: CollabOptions = {},
  ) {
    this.options = {
      maxMessageBytes: 1024 * 1024,
      maxDocumentBytes: 10 * 1024 * 1024,
      unloadAfterMs: 30_000,
      compactEvery: 500,
      ...options,
    };
    this.writer = new UpdateWriter((rows) => hooks.store(rows));
    this.peers = options.peers;
    this.peers?.subscribe((docName, kind, bytes) => {
      this.fromPeer(docName, kind, bytes).catch((error) => logError("applying a peer's message failed", docName, error));
    });
  }

  /** Wires a connected, authenticated socket. */
  connect(socket: Socket, user: User): void {
    socket.on("doc:subscribe", (payload: unknown, ack: unknown) => {
      const reply: Ack = typeof ack === "function" ? (ack as Ack) : () => {};
      const docId = (payload as { docId?: unknown } | null)?.docId;
      if (typeof docId !== "string" || docId.length === 0 || docId.length > MAX_DOC_ID) return reply({ ok: false, error: "invalid" });
      this.subscribe(socket, user, docId, reply).catch((error) => this.fail(socket, docId, error, reply));
    });
    socket.on("doc:unsubscribe", (payload: unknown) => {
      const docId = (payload as { docId?: unknown } | null)?.docId;
      if (typeof docId === "string") void this.leave(socket, docId);
    });
    socket.on("doc:message", (docId: unknown, data: unknown, ack: unknown) => {
      const reply: Ack = typeof ack === "function" ? (ack as Ack) : () => {};
      if (typeof docId !== "string") return reply({ ok: false, error: "invalid" });
      this.receive(socket, docId, data, reply).catch((error) => this.fail(socket, docId, error, reply));
    });
    socket.on("disconnect", () => {
      for (const name of [...this.subscriptionsOf(socket)]) void this.leave(socket, name);
    });
  }

  /** Asks the hooks again who may do what, e.g. after the case changed state. */
  async reauthorize(docName: string): Promise<void> {
    const open = this.docs.get(docName);
    if (!open) return;
    const entry = await open;
    for (const [socket, member] of entry.members) {
      const auth = await this.hooks.authorize(member.user, docName);
      if (!auth) {
        await this.leave(socket, docName);
        this.error(socket, docName, "not_found", "This case is no longer available to you");
      } else if (auth.access !== member.access) {
        member.access = auth.access;
        socket.emit("doc:access", { docId: docName, access: auth.access });
      }
    }
  }

  /**
   * Brings every open document up to what the database holds, for when messages between
   * processes may have been lost (after the cluster channel reconnected, and periodically).
   * Saved means stored, so whatever another process acknowledged is there.
   */
  async resync(): Promise<void> {
    for (const [name, open] of [...this.docs]) {
      const entry = await open.catch(() => null);
      const stored = entry && (await this.hooks.load(name));
      if (entry && stored && this.docs.get(name) === open) Y.applyUpdate(entry.doc, stored, PEER);
    }
  }

  private async fromPeer(docName: string, kind: PeerMessageKind, bytes: Uint8Array) {
    // Only documents open here matter: one being loaded gets the message once loaded.
    const open = this.docs.get(docName);
    const entry = open && (await open);
    if (!entry) return;
    if (kind === "update") {
      entry.size += bytes.length;
      Y.applyUpdate(entry.doc, bytes, PEER);
    } else {
      awarenessProtocol.applyAwarenessUpdate(entry.awareness, bytes, PEER);
    }
  }

  /** Waits until every update received so far is stored. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Stores, compacts and drops every open document (shutdown). */
  async close(): Promise<void> {
    await this.flush();
    for (const name of [...this.docs.keys()]) await this.unload(name);
  }

  /** The documents a socket is subscribed to, so that a disconnect touches only those. */
  private subscriptionsOf(socket: Socket): Set<string> {
    return ((socket.data as { collabDocs?: Set<string> }).collabDocs ??= new Set());
  }

  isLoaded(docName: string): boolean {
    return this.docs.has(docName);
  }

  private async subscribe(socket: Socket, user: User, docId: string, reply: Ack) {
    const auth = await this.hooks.authorize(user, docId);
    if (!auth) return reply({ ok: false, error: "not_found" });
    const entry = await this.open(docId);
    clearTimeout(entry.unloadTimer);
    entry.members.set(socket, { user, access: auth.access, clientIds: new Set() });
    this.subscriptionsOf(socket).add(docId);
    await socket.join(room(docId));
    reply({ ok: true, access: auth.access });
    socket.emit("doc:message", docId, wire(encodeSyncStep1(entry.doc)));
    const others = [...entry.awareness.getStates().keys()];
    if (others.length > 0) socket.emit("doc:message", docId, wire(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(entry.awareness, others))));
  }

  private async receive(socket: Socket, docId: string, data: unknown, reply: Ack) {
    const bytes = toBytes(data);
    if (!bytes) throw new ProtocolError("invalid", "the message must be binary");
    if (bytes.length > this.options.maxMessageBytes) throw new ProtocolError("too_large", `messages are limited to ${this.options.maxMessageBytes} bytes`);
    const open = this.docs.get(docId);
    const entry = open && (await open);
    const member = entry?.members.get(socket);
    if (!entry || !member) return reply({ ok: false, error: "not_found" });
    const message = decodeClientMessage(bytes);
    switch (message.kind) {
      case "sync-step-1":
        socket.emit("doc:message", docId, wire(encodeSyncStep2(entry.doc, message.stateVector)));
        return reply({ ok: true });
      case "update":
        return this.applyClientUpdate(entry, socket, member, message.update, reply);
      case "awareness":
        this.applyAwareness(entry, socket, member, message.update);
        return reply({ ok: true });
      case "query-awareness":
        socket.emit("doc:message", docId, wire(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(entry.awareness, [...entry.awareness.getStates().keys()]))));
        return reply({ ok: true });
    }
  }

  private async applyClientUpdate(entry: OpenDocument<User>, socket: Socket, member: Member<User>, update: Uint8Array, reply: Ack) {
    let check;
    try {
      check = checkUpdate(entry.doc, update);
    } catch (error) {
      // The client is ahead of us (a lost message): ask it for everything we lack.
      if (error instanceof ProtocolError && error.code === "missing_dependencies") socket.emit("doc:message", entry.name, wire(encodeSyncStep1(entry.doc)));
      throw error;
    }
    if (check.empty) return reply({ ok: true });
    if (member.access !== "write") {
      this.error(socket, entry.name, "read_only", "You can read this document but not change it");
      return reply({ ok: false, error: "read_only" });
    }
    if (entry.size + update.length > this.options.maxDocumentBytes) {
      this.error(socket, entry.name, "document_too_large", `documents are limited to ${this.options.maxDocumentBytes} bytes`);
      return reply({ ok: false, error: "document_too_large" });
    }
    try {
      Y.applyUpdate(entry.doc, update, socket);
    } catch {
      throw new ProtocolError("invalid", "the update could not be applied");
    }
    socket.to(room(entry.name)).local.emit("doc:message", entry.name, wire(encodeUpdate(update)));
    this.peers?.publish(entry.name, "update", update);
    await this.store(entry, update);
    reply({ ok: true });
  }

  private async store(entry: OpenDocument<User>, update: Uint8Array) {
    entry.size += update.length;
    await this.writer.append({ docName: entry.name, update });
    if (++entry.appended >= this.options.compactEvery) this.scheduleCompaction(entry);
  }

  /**
   * Folding the log is CPU work that would hold up everyone's edits: wait for a pause in the
   * typing, unless the log has grown far past the threshold.
   */
  private scheduleCompaction(entry: OpenDocument<User>) {
    clearTimeout(entry.compactTimer);
    const overdue = entry.appended >= 10 * this.options.compactEvery;
    entry.compactTimer = setTimeout(() => {
      if (entry.compacting) return;
      entry.appended = 0;
      entry.compacting = this.hooks
        .compact(entry.name)
        .catch((error) => logError("compaction failed", entry.name, error))
        .finally(() => (entry.compacting = undefined));
    }, overdue ? 0 : COMPACT_AFTER_IDLE_MS);
    entry.compactTimer.unref();
  }

  private applyAwareness(entry: OpenDocument<User>, socket: Socket, member: Member<User>, update: Uint8Array) {
    const identity = this.hooks.identity(member.user);
    const entries = decodeAwarenessUpdate(update).map((e) => {
      if (!member.clientIds.has(e.clientId)) {
        const takenByOther = [...entry.members.values()].some((m) => m !== member && m.clientIds.has(e.clientId));
        if (takenByOther || member.clientIds.size >= MAX_CLIENT_IDS_PER_MEMBER) throw new ProtocolError("invalid", "awareness for a client id that is not yours");
        member.clientIds.add(e.clientId);
      }
      return { ...e, state: e.state === null ? null : { ...e.state, user: identity } };
    });
    awarenessProtocol.applyAwarenessUpdate(entry.awareness, encodeAwarenessUpdate(entries), socket);
  }

  private async open(name: string): Promise<OpenDocument<User>> {
    let open = this.docs.get(name);
    if (!open) {
      open = this.load(name);
      this.docs.set(name, open);
      open.catch(() => this.docs.delete(name));
    }
    return open;
  }

  private async load(name: string): Promise<OpenDocument<User>> {
    const doc = new Y.Doc({ gc: true });
    const stored = await this.hooks.load(name);
    if (stored) Y.applyUpdate(doc, stored);
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null);
    const entry: OpenDocument<User> = { name, doc, awareness, members: new Map(), size: stored?.length ?? 0, appended: 0 };
    // Presence changes go out together every AWARENESS_BATCH_MS: when many people renew their
    // presence at once, a room gets a few messages instead of one per person per person. Changes
    // made by this process's members also go to the other processes.
    let changedClients = new Set<number>();
    let changedHere = new Set<number>();
    let awarenessTimer: NodeJS.Timeout | undefined;
    awareness.on("update", ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      for (const id of [...added!, ...updated!, ...removed!]) {
        changedClients.add(id);
        if (origin !== PEER) changedHere.add(id);
      }
      awarenessTimer ??= setTimeout(() => {
        awarenessTimer = undefined;
        const [ids, idsHere] = [[...changedClients], [...changedHere]];
        changedClients = new Set();
        changedHere = new Set();
        this.io.local.to(room(name)).emit("doc:message", name, wire(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, ids))));
        if (idsHere.length > 0) this.peers?.publish(name, "awareness", awarenessProtocol.encodeAwarenessUpdate(awareness, idsHere));
      }, AWARENESS_BATCH_MS);
    });
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (entry.members.has(origin as Socket)) return;
      this.io.local.to(room(name)).emit("doc:message", name, wire(encodeUpdate(update)));
      // Another process's change is stored by that process; one the server itself made (through
      // the hooks) is published and stored here.
      if (origin === PEER) return;
      this.peers?.publish(name, "update", update);
      this.store(entry, update).catch((error) => logError("storing a server change failed", name, error));
    });
    this.hooks.configure?.(doc, { docName: name, userOf: (origin) => entry.members.get(origin as Socket)?.user ?? null });
    return entry;
  }

  private async leave(socket: Socket, name: string) {
    const open = this.docs.get(name);
    if (!open) return;
    const entry = await open;
    const member = entry.members.get(socket);
    if (!member) return;
    entry.members.delete(socket);
    this.subscriptionsOf(socket).delete(name);
    void socket.leave(room(name));
    awarenessProtocol.removeAwarenessStates(entry.awareness, [...member.clientIds], null);
    if (entry.members.size === 0) {
      entry.unloadTimer = setTimeout(() => void this.unload(name), this.options.unloadAfterMs);
      entry.unloadTimer.unref();
    }
  }

  private async unload(name: string) {
    const open = this.docs.get(name);
    if (!open) return;
    const entry = await open;
    if (entry.members.size > 0) return;
    this.docs.delete(name);
    clearTimeout(entry.unloadTimer);
    clearTimeout(entry.compactTimer);
    await this.writer.flush();
    await entry.compacting;
    await this.hooks.compact(name).catch((error) => logError("compaction failed", name, error));
    entry.awareness.destroy();
    entry.doc.destroy();
  }

  private fail(socket: Socket, docId: string, error: unknown, reply: Ack) {
    if (error instanceof ProtocolError) {
      this.error(socket, docId, error.code, error.message);
      return reply({ ok: false, error: error.code });
    }
    logError("collab message failed", docId, error);
    this.error(socket, docId, "not_saved", "The change could not be saved");
    reply({ ok: false, error: "not_saved" });
  }

  private error(socket: Socket, docId: string, error: DocErrorCode, message: string) {
    socket.emit("doc:error", { docId, error, message });
  }
}

function logError(msg: string, docName: string, error: unknown): void {
  log.error(msg, { docName, error: String((error as Error)?.stack ?? error) });
}

/**
 * Binary as msgpack "bin": notepack encodes a Node Buffer that way, but a plain Uint8Array as an
 * extension type (with its whole backing buffer) that browsers decode as an array.
 */
const wire = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return null;
}
