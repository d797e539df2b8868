// The co-editing core: open documents, their members and awareness, and the y-protocols
// exchange over Socket.IO. What is specific to cases (who may open what, where documents are
// stored, whose name a comment carries) comes in through named hooks, as in hocuspocus.
import type { Server, Socket } from "socket.io";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";

import { log } from "~/lib/log.server.ts";

import {
  checkUpdate,
  decodeAwarenessUpdate,
  decodeClientMessage,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  ProtocolError,
} from "./protocol.ts";
import { UpdateWriter } from "./update-writer.ts";

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
  /**
   * Checks a writer's update before it is applied: the reason to refuse it, as the user reads
   * it, or null. A refused update is not applied, passed on, stored or acknowledged. Synchronous,
   * so that the document checked is the document changed.
   */
  check?(doc: Y.Doc, update: Uint8Array, user: User): string | null;
  /** Called once per opened document, e.g. to keep invariants on what clients change. */
  configure?(doc: Y.Doc, context: { docName: string; userOf(origin: unknown): User | null }): void;
}

/**
 * The other processes of a cluster. Each process keeps its own copy of an open document and
 * serves its own clients; what one process stores, it then publishes here for the others to apply
 * and pass on. Delivery may be lossy and out of order: the database fills any gap.
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
  /** Called when a client's update is accepted: its person is at work (their session's idle timeout starts again). */
  onUpdateAccepted?: (socket: Socket) => void;
}

export type DocErrorCode =
  | "not_found"
  | "invalid"
  | "too_large"
  | "document_too_large"
  | "read_only"
  | "missing_dependencies"
  | "too_many_presences"
  | "forbidden"
  | "not_saved";
type Ack = (response: { ok: true; access?: Access } | { ok: false; error: DocErrorCode }) => void;

interface Member<User> {
  user: User;
  access: Access;
  /**
   * Awareness client ids this socket speaks for, with a presence shown: nobody can overwrite
   * someone else's presence, and the caps count these. Kept across a re-subscription, which takes
   * the presences down (the client sends its own again).
   */
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
  /** Set when a message from another process waits for what it builds on (see fromPeer). */
  gapTimer?: NodeJS.Timeout;
  /** Holds updates that wait for dependencies no one has stored (reported once, see checkWhole). */
  incomplete: boolean;
  unloaded: boolean;
}

const MAX_DOC_ID = 200;
const COMPACT_AFTER_IDLE_MS = 2000;
const AWARENESS_BATCH_MS = 50;
// A page shows one presence per open document (the provider's). Room for a few at once per
// connection (a page replacing another) and per user (a few tabs), no more: nobody may flood the
// others with presence states, each up to MAX_PRESENCE_STATE_BYTES.
const MAX_PRESENCES_PER_CONNECTION = 4;
const MAX_PRESENCES_PER_USER = 8;
/** How long an update from another process may wait for what it builds on before the database is asked. */
const PEER_GAP_MS = 200;
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
      onUpdateAccepted: () => {},
      ...options,
    };
    this.writer = new UpdateWriter(
      (rows) => hooks.store(rows),
      (error, attempt) =>
        log.error("storing document updates failed, trying again", {
          attempt,
          error: String((error as Error)?.message ?? error),
        }),
    );
    this.peers = options.peers;
    this.peers?.subscribe((docName, kind, bytes) => {
      this.fromPeer(docName, kind, bytes).catch((error) =>
        logError("applying a peer's message failed", docName, error),
      );
    });
  }

  /** Wires a connected, authenticated socket. */
  connect(socket: Socket, user: User): void {
    socket.on("doc:subscribe", (payload: unknown, ack: unknown) => {
      const reply: Ack = typeof ack === "function" ? (ack as Ack) : () => {};
      const docId = (payload as { docId?: unknown } | null)?.docId;
      if (typeof docId !== "string" || docId.length === 0 || docId.length > MAX_DOC_ID)
        return reply({ ok: false, error: "invalid" });
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
   * Processes publish only what they have stored, so everything they published is there.
   */
  async resync(): Promise<void> {
    for (const open of [...this.docs.values()]) {
      const entry = await open.catch(() => null);
      if (entry) await this.fill(entry);
    }
  }

  /** Applies what the database holds to the open document: what it lacks comes in, the rest is a no-op. */
  private async fill(entry: OpenDocument<User>): Promise<void> {
    try {
      const stored = await this.hooks.load(entry.name);
      if (entry.unloaded) return;
      if (stored) Y.applyUpdate(entry.doc, stored, PEER);
      this.checkWhole(entry);
    } catch (error) {
      logError("reading the stored document failed", entry.name, error);
    }
  }

  private async fromPeer(docName: string, kind: PeerMessageKind, bytes: Uint8Array) {
    // Only documents open here matter: one being loaded gets the message once loaded.
    const open = this.docs.get(docName);
    const entry = open && (await open);
    if (!entry || entry.unloaded) return;
    if (kind === "awareness") return awarenessProtocol.applyAwarenessUpdate(entry.awareness, bytes, PEER);
    // Stored by the process it comes from, with everything it builds on, before it was published.
    entry.size += bytes.length;
    Y.applyUpdate(entry.doc, bytes, PEER);
    // Messages between processes can arrive out of order, or not at all: an update that builds on
    // one not here yet waits in Yjs's pending structs (its dependants are not sent to anyone), for
    // the missing one to arrive. If it has not, shortly after, the database has it.
    // (A document already known to lack what no one stored waits for its clients instead.)
    if (hasPending(entry.doc) && !entry.gapTimer && !entry.incomplete) {
      entry.gapTimer = setTimeout(() => {
        entry.gapTimer = undefined;
        if (hasPending(entry.doc)) void this.fill(entry);
      }, PEER_GAP_MS);
      entry.gapTimer.unref();
    }
  }

  /**
   * A document whose stored log cannot be applied whole (updates whose dependencies were never
   * stored, e.g. written before this was fixed) is reported, once, and still served. Its clients are
   * asked to sync (sync step 1): a client that holds the missing part sends it, it is stored, and
   * the document is whole again.
   */
  private checkWhole(entry: OpenDocument<User>) {
    const whole = !hasPending(entry.doc);
    if (!whole && !entry.incomplete) {
      // Client ids and clocks only: never the document's text.
      const missing = Object.fromEntries(entry.doc.store.pendingStructs?.missing ?? []);
      log.error(
        "stored document cannot be applied whole: updates wait for dependencies that were never stored",
        { docName: entry.name, missing },
      );
      this.io.local.to(room(entry.name)).emit("doc:message", entry.name, wire(encodeSyncStep1(entry.doc)));
    } else if (whole && entry.incomplete) {
      log.info("stored document whole again", { docName: entry.name });
    }
    entry.incomplete = !whole;
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
    // Gone while we waited: a member added now would never leave.
    if (socket.disconnected) return;
    clearTimeout(entry.unloadTimer);
    const member = entry.members.get(socket);
    if (member) {
      // A re-subscription (a client re-syncing) starts the exchange afresh, presence included:
      // what this connection showed goes, so that re-subscribing never piles up presences.
      this.takeDownPresence(entry, member);
      member.access = auth.access;
    } else {
      entry.members.set(socket, { user, access: auth.access, clientIds: new Set() });
    }
    this.subscriptionsOf(socket).add(docId);
    await socket.join(room(docId));
    reply({ ok: true, access: auth.access });
    socket.emit("doc:message", docId, wire(encodeSyncStep1(entry.doc)));
    const others = [...entry.awareness.getStates().keys()];
    if (others.length > 0)
      socket.emit(
        "doc:message",
        docId,
        wire(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(entry.awareness, others))),
      );
  }

  private async receive(socket: Socket, docId: string, data: unknown, reply: Ack) {
    const bytes = toBytes(data);
    if (!bytes) throw new ProtocolError("invalid", "the message must be binary");
    if (bytes.length > this.options.maxMessageBytes)
      throw new ProtocolError("too_large", `messages are limited to ${this.options.maxMessageBytes} bytes`);
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
        socket.emit(
          "doc:message",
          docId,
          wire(
            encodeAwareness(
              awarenessProtocol.encodeAwarenessUpdate(entry.awareness, [
                ...entry.awareness.getStates().keys(),
              ]),
            ),
          ),
        );
        return reply({ ok: true });
    }
  }

  private async applyClientUpdate(
    entry: OpenDocument<User>,
    socket: Socket,
    member: Member<User>,
    update: Uint8Array,
    reply: Ack,
  ) {
    // An update that builds on what this process lacks is refused (missing_dependencies): the
    // client re-syncs, sending what is missing with it (docs/realtime.md).
    const check = checkUpdate(entry.doc, update);
    if (check.empty) {
      // Nothing new, but what it holds may have come from others and still be on its way to the
      // database: acknowledge once that is stored, since the client then counts it as saved.
      await this.writer.written();
      return reply({ ok: true });
    }
    if (member.access !== "write") {
      this.error(socket, entry.name, "read_only", "You can read this document but not change it");
      return reply({ ok: false, error: "read_only" });
    }
    if (entry.size + update.length > this.options.maxDocumentBytes) {
      this.error(
        socket,
        entry.name,
        "document_too_large",
        `documents are limited to ${this.options.maxDocumentBytes} bytes`,
      );
      return reply({ ok: false, error: "document_too_large" });
    }
    const refusal = this.hooks.check?.(entry.doc, update, member.user);
    if (refusal) {
      this.error(socket, entry.name, "forbidden", refusal);
      return reply({ ok: false, error: "forbidden" });
    }
    try {
      Y.applyUpdate(entry.doc, update, socket);
    } catch {
      throw new ProtocolError("invalid", "the update could not be applied");
    }
    this.options.onUpdateAccepted(socket);
    // This process's other clients get the update at once, before it is stored. They may build on
    // it, but what they send comes back to this process, whose writer stores updates in the order
    // they were applied, retrying a failed write before any later one: their updates are stored
    // after this one, never without it, and acknowledged only once both are. Should this process
    // die first, those clients still hold this update and send it to the next process in their
    // sync, with what they built on it.
    socket.to(room(entry.name)).local.emit("doc:message", entry.name, wire(encodeUpdate(update)));
    await this.store(entry, update);
    if (entry.incomplete) this.checkWhole(entry);
    reply({ ok: true });
  }

  /**
   * Stores an update, then passes it to the other processes. They apply it and their clients
   * build on it: were it published first, a crash of this process before the write would leave
   * them holding, and storing, changes that build on one nobody will ever store.
   */
  private async store(entry: OpenDocument<User>, update: Uint8Array) {
    entry.size += update.length;
    await this.writer.append({ docName: entry.name, update });
    this.peers?.publish(entry.name, "update", update);
    if (++entry.appended >= this.options.compactEvery) this.scheduleCompaction(entry);
  }

  /**
   * Folding the log is CPU work that would hold up everyone's edits: wait for a pause in the
   * typing, unless the log has grown far past the threshold.
   */
  private scheduleCompaction(entry: OpenDocument<User>) {
    clearTimeout(entry.compactTimer);
    const overdue = entry.appended >= 10 * this.options.compactEvery;
    entry.compactTimer = setTimeout(
      () => {
        if (entry.compacting) return;
        entry.appended = 0;
        entry.compacting = this.hooks
          .compact(entry.name)
          .catch((error) => logError("compaction failed", entry.name, error))
          .finally(() => (entry.compacting = undefined));
      },
      overdue ? 0 : COMPACT_AFTER_IDLE_MS,
    );
    entry.compactTimer.unref();
  }

  /**
   * Presence, under the server's identity. A connection speaks only for the client ids it
   * introduced, and shows at most MAX_PRESENCES_PER_CONNECTION presences in a document; a user
   * at most MAX_PRESENCES_PER_USER, over all their connections on every process (the states carry
   * the identity their process stamped on them). A message beyond a cap is refused whole.
   */
  private applyAwareness(
    entry: OpenDocument<User>,
    socket: Socket,
    member: Member<User>,
    update: Uint8Array,
  ) {
    const identity = this.hooks.identity(member.user);
    const entries = decodeAwarenessUpdate(update);
    const states = entry.awareness.getStates();
    let usersPresences = [...states.values()].filter(
      (state) => (state.user as Identity | undefined)?.id === identity.id,
    ).length;
    const introduced = new Set<number>();
    for (const { clientId } of entries) {
      if (member.clientIds.has(clientId) || introduced.has(clientId)) continue;
      const existing = states.get(clientId) as { user?: Identity } | undefined;
      const takenByOther = [...entry.members.values()].some((m) => m !== member && m.clientIds.has(clientId));
      // Another user's presence, maybe from another process; the user's own (from a connection
      // on a process that died, say) may be taken over.
      if (takenByOther || (existing && existing.user?.id !== identity.id))
        throw new ProtocolError("invalid", "awareness for a client id that is not yours");
      if (member.clientIds.size + introduced.size >= MAX_PRESENCES_PER_CONNECTION) {
        throw new ProtocolError(
          "too_many_presences",
          `a connection may show at most ${MAX_PRESENCES_PER_CONNECTION} presences in a document`,
        );
      }
      if (!existing && usersPresences >= MAX_PRESENCES_PER_USER) {
        throw new ProtocolError(
          "too_many_presences",
          `a user may show at most ${MAX_PRESENCES_PER_USER} presences in a document, over all their connections`,
        );
      }
      if (!existing) usersPresences++;
      introduced.add(clientId);
    }
    for (const clientId of introduced) member.clientIds.add(clientId);
    const stamped = entries.map((e) => ({
      ...e,
      state: e.state === null ? null : { ...e.state, user: identity },
    }));
    awarenessProtocol.applyAwarenessUpdate(entry.awareness, encodeAwarenessUpdate(stamped), socket);
    // A presence the client took down no longer counts against its caps.
    for (const e of entries) if (e.state === null) member.clientIds.delete(e.clientId);
  }

  private takeDownPresence(entry: OpenDocument<User>, member: Member<User>) {
    awarenessProtocol.removeAwarenessStates(entry.awareness, [...member.clientIds], null);
    member.clientIds.clear();
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
    const entry: OpenDocument<User> = {
      name,
      doc,
      awareness,
      members: new Map(),
      size: stored?.length ?? 0,
      appended: 0,
      incomplete: false,
      unloaded: false,
    };
    this.checkWhole(entry);
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
        this.io.local
          .to(room(name))
          .emit(
            "doc:message",
            name,
            wire(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, ids))),
          );
        if (idsHere.length > 0)
          this.peers?.publish(name, "awareness", awarenessProtocol.encodeAwarenessUpdate(awareness, idsHere));
      }, AWARENESS_BATCH_MS);
    });
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (entry.members.has(origin as Socket)) return;
      // Another process's change (or the database's) is stored already: pass it on.
      if (origin === PEER)
        return void this.io.local.to(room(name)).emit("doc:message", name, wire(encodeUpdate(update)));
      // One the server itself made (through the hooks) is stored here, then published. It is made
      // while a member's update is being applied, and builds on it: wait for the end of that
      // (synchronous) step, so that the member's update is sent and queued for storage first.
      queueMicrotask(() => {
        if (entry.unloaded) return;
        this.io.local.to(room(name)).emit("doc:message", name, wire(encodeUpdate(update)));
        this.store(entry, update).catch((error) => logError("storing a server change failed", name, error));
      });
    });
    this.hooks.configure?.(doc, {
      docName: name,
      userOf: (origin) => entry.members.get(origin as Socket)?.user ?? null,
    });
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
    this.takeDownPresence(entry, member);
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
    entry.unloaded = true;
    clearTimeout(entry.unloadTimer);
    clearTimeout(entry.compactTimer);
    clearTimeout(entry.gapTimer);
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

/** Updates wait in the document for dependencies it does not have. */
function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
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
