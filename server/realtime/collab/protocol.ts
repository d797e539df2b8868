// The y-protocols messages carried in "doc:message", and the checks applied to what clients
// send before anything touches a document. Malformed input throws ProtocolError; nothing here
// mutates a document.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

export class ProtocolError extends Error {
  constructor(
    readonly code: "invalid" | "too_large" | "missing_dependencies" | "too_many_presences",
    message: string,
  ) {
    super(message);
  }
}

export type ClientMessage =
  | { kind: "sync-step-1"; stateVector: Uint8Array }
  | { kind: "update"; update: Uint8Array }
  | { kind: "awareness"; update: Uint8Array }
  | { kind: "query-awareness" };

export function decodeClientMessage(data: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    let message: ClientMessage;
    if (type === MESSAGE_SYNC) {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType === SYNC_STEP_1) message = { kind: "sync-step-1", stateVector: payload };
      else if (syncType === SYNC_STEP_2 || syncType === SYNC_UPDATE)
        message = { kind: "update", update: payload };
      else throw new ProtocolError("invalid", `unknown sync message type ${syncType}`);
    } else if (type === MESSAGE_AWARENESS) {
      message = { kind: "awareness", update: decoding.readVarUint8Array(decoder) };
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      message = { kind: "query-awareness" };
    } else {
      throw new ProtocolError("invalid", `unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError("invalid", "trailing bytes after the message");
    return message;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError("invalid", "malformed message");
  }
}

const frame = (write: (encoder: encoding.Encoder) => void) => {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
};

export const encodeSyncStep1 = (doc: Y.Doc) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP_1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  });

/** The reply to a sync step 1: what the peer lacks. Throws ProtocolError on a malformed vector. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  let diff: Uint8Array;
  try {
    diff = Y.encodeStateAsUpdate(doc, stateVector);
  } catch {
    throw new ProtocolError("invalid", "malformed state vector");
  }
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP_2);
    encoding.writeVarUint8Array(e, diff);
  });
}

export const encodeUpdate = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });

export const encodeAwareness = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });

export interface UpdateCheck {
  /** True when the update adds nothing the document lacks (e.g. an empty sync step 2). */
  empty: boolean;
}

/**
 * Checks an update against the document without applying it: it must decode, and everything it
 * builds on must be in the document or in the update itself. An update with missing dependencies
 * would otherwise wait in the document's pending structs forever.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array): UpdateCheck {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw new ProtocolError("invalid", "malformed Yjs update");
  }
  const known = Y.decodeStateVector(Y.encodeStateVector(doc));
  // Per client, the range of clocks this update brings.
  const ranges = new Map<number, { from: number; to: number }>();
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    const end = clock + struct.length;
    // A gap in a merged update: fine only if the document already has what is skipped.
    if (struct instanceof Y.Skip) {
      if (end > (known.get(client) ?? 0))
        throw new ProtocolError("missing_dependencies", "the update has a gap the server cannot fill");
      continue;
    }
    const range = ranges.get(client);
    if (!range) ranges.set(client, { from: clock, to: end });
    else ranges.set(client, { from: Math.min(range.from, clock), to: Math.max(range.to, end) });
  }
  const has = (id: { client: number; clock: number } | null | undefined) => {
    if (!id) return true;
    if (id.clock < (known.get(id.client) ?? 0)) return true;
    const range = ranges.get(id.client);
    return Boolean(range && id.clock >= range.from && id.clock < range.to);
  };
  let adds = false;
  for (const [client, range] of ranges) {
    const have = known.get(client) ?? 0;
    if (range.from > have)
      throw new ProtocolError(
        "missing_dependencies",
        "the update builds on changes the server does not have",
      );
    if (range.to > have) adds = true;
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent as unknown;
    const parentId =
      parent && typeof parent === "object" && "client" in parent
        ? (parent as { client: number; clock: number })
        : null;
    if (!has(struct.origin) || !has(struct.rightOrigin) || !has(parentId)) {
      throw new ProtocolError(
        "missing_dependencies",
        "the update builds on changes the server does not have",
      );
    }
  }
  let deletes = false;
  for (const [client, deleteItems] of decoded.ds.clients) {
    for (const item of deleteItems) {
      if (!has({ client, clock: item.clock }) || !has({ client, clock: item.clock + item.len - 1 })) {
        throw new ProtocolError(
          "missing_dependencies",
          "the update deletes changes the server does not have",
        );
      }
      deletes = true;
    }
  }
  return { empty: !adds && !deletes };
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/** One presence state (a caret, a name) is a few hundred bytes: this leaves room, not megabytes. */
export const MAX_PRESENCE_STATE_BYTES = 4 * 1024;
const utf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > 64) throw new ProtocolError("invalid", "too many awareness states in one message");
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      // The state's JSON as UTF-8 bytes (what y-protocols writes): the cap counts bytes.
      const json = decoding.readVarUint8Array(decoder);
      if (json.length > MAX_PRESENCE_STATE_BYTES)
        throw new ProtocolError(
          "too_large",
          `a presence state is limited to ${MAX_PRESENCE_STATE_BYTES} bytes`,
        );
      const state = JSON.parse(utf8.decode(json)) as unknown;
      if (state !== null && (typeof state !== "object" || Array.isArray(state)))
        throw new ProtocolError("invalid", "awareness state must be an object");
      entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
    }
    if (decoding.hasContent(decoder))
      throw new ProtocolError("invalid", "trailing bytes after the awareness update");
    return entries;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError("invalid", "malformed awareness update");
  }
}

export function encodeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, JSON.stringify(entry.state));
    }
  });
}
