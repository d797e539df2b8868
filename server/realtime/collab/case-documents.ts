// The hooks that make the co-editing core serve case documents: access from the domain's
// permission rules, storage in the database, and server-side identity and authorship in comments.
import { randomUUID } from "node:crypto";

import * as Y from "yjs";

import { may } from "~/access/capabilities.ts";
import { documentAccess, type SessionUser } from "~/access/visibility.ts";
import { getCase } from "~/domain/cases.server.ts";
import { appendUpdates, caseIdOfDoc, compactDocument, loadDocument } from "~/domain/documents.server.ts";
import { NotFoundError } from "~/domain/errors.server.ts";
import { notifyMentions } from "~/domain/mentions.server.ts";
import { colorFor } from "~/lib/colors.ts";
import { log } from "~/lib/log.server.ts";

import type { CollabHooks } from "./collab-server.ts";

const MENTION_AFTER_MS = 500;
/** How far a new comment's time, from the client's clock, may be from the server's and be kept. */
const CLOCK_DRIFT_MS = 2 * 60_000;
/** Longest comment id kept (the editor makes UUIDs). */
const MAX_ID_LENGTH = 100;

/*
 * Comments are attributable statements between a government and the UN. Who may do what:
 * - anyone who may write adds comments and replies, under their own name (the server sets it);
 * - only a comment's author changes its body or deletes it;
 * - a thread is resolved or reopened by whoever started it, or by CTED;
 * - nobody changes who wrote a comment, when, or in which thread.
 * Every rule rests on facts that never change (the comment's author, the user's role), so a change
 * the editor offers is never refused because of someone else's concurrent change.
 */

/** Fields that say who wrote a comment, when and in which thread: set once, changed by nobody. */
const IDENTITY_FIELDS = new Set(["id", "authorId", "authorName", "createdAt", "parentId"]);

type Comments = Y.Array<Y.Map<unknown>>;

/** Why a change to the comments is refused, as the user reads it. */
export const COMMENT_REFUSALS = {
  delete: "Only the author of a comment can delete it.",
  edit: "Only the author of a comment can change it. You can reply to it instead.",
  resolve: "Only the person who started a thread, or CTED, can resolve or reopen it.",
  identity: "Nobody can change who wrote a comment, when, or in which thread.",
  unchecked: "This change to the comments could not be checked, so it was not saved.",
} as const;

/**
 * An update, seen before it is applied: which items it adds, which existing items it removes,
 * and how to find an item by id.
 */
interface ChangeView {
  inserted: Y.Item[];
  deleted: Y.Item[];
  /** The item holding this id, from the change or the document; null when it is gone (GC). */
  find(id: Y.ID): Y.Item | null;
  /** The item was in the document before the change. */
  existed(item: Y.Item): boolean;
  /** The item was there and not deleted before the change. */
  wasLive(item: Y.Item): boolean;
}

/** The change as an update, before it is applied: nothing here touches the document. */
function updateView(doc: Y.Doc, update: Uint8Array): ChangeView {
  const { structs, ds } = Y.decodeUpdate(update);
  const known = (client: number) => Y.getState(doc.store, client);
  const fresh = new Map<number, Y.Item[]>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = fresh.get(struct.id.client) ?? [];
    list.push(struct);
    fresh.set(struct.id.client, list);
  }
  const inserted = structs.filter(
    (s): s is Y.Item => s instanceof Y.Item && s.id.clock + s.length > known(s.id.client),
  );
  const deleted: Y.Item[] = [];
  for (const [client, ranges] of ds.clients) {
    // What the update deletes among the document's items (its own new items are new anyway).
    const end = known(client);
    for (const { clock, len } of ranges)
      deleted.push(
        ...itemsIn(doc.store, client, clock, Math.min(clock + len, end)).filter((i) => !i.deleted),
      );
  }
  return {
    inserted,
    deleted,
    find(id) {
      if (id.clock < known(id.client)) return itemAt(doc.store, id);
      // Decoded structs of one client come in clock order.
      const list = fresh.get(id.client) ?? [];
      let [lo, hi] = [0, list.length - 1];
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const item = list[mid]!;
        if (id.clock < item.id.clock) hi = mid - 1;
        else if (id.clock >= item.id.clock + item.length) lo = mid + 1;
        else return item;
      }
      return null;
    },
    existed: (item) => item.parent instanceof Y.AbstractType,
    wasLive: (item) => item.parent instanceof Y.AbstractType && !item.deleted,
  };
}

function itemAt(store: Y.Doc["store"], id: Y.ID): Y.Item | null {
  const structs = store.clients.get(id.client);
  if (!structs || id.clock >= Y.getState(store, id.client)) return null;
  const struct = structs[Y.findIndexSS(structs, id.clock)];
  return struct instanceof Y.Item ? struct : null;
}

function itemsIn(store: Y.Doc["store"], client: number, from: number, to: number): Y.Item[] {
  const structs = store.clients.get(client);
  if (!structs || from >= to || from >= Y.getState(store, client)) return [];
  const items: Y.Item[] = [];
  for (let i = Y.findIndexSS(structs, from); i < structs.length && structs[i]!.id.clock < to; i++) {
    const struct = structs[i]!;
    if (struct instanceof Y.Item) items.push(struct);
  }
  return items;
}

/** Where an item sits: under another item (a nested type) or in a root type, at a map key or not. */
interface Placement {
  holder: Y.Item | null;
  /** With no holder: the root type is the comments array. */
  inComments: boolean;
  key: string | null;
}

/**
 * Which comment an item belongs to, if any: `top` is the comment (an item of the comments array)
 * and `field` the comment's key under which the item sits, or undefined for the comment itself.
 */
interface Location {
  top: Y.Item;
  field: string | null | undefined;
}

class Unchecked extends Error {}

function locator(view: ChangeView, comments: Comments) {
  const placements = new Map<Y.Item, Placement | null>();
  const locations = new Map<Y.Item, Location | null>();

  // An item that follows a sibling carries no parent of its own: it shares its sibling's place.
  const placement = (item: Y.Item): Placement | null => {
    const chain: Y.Item[] = [];
    const seen = new Set<Y.Item>();
    let current: Y.Item | null = item;
    let found: Placement | null = null;
    while (current) {
      if (placements.has(current)) {
        found = placements.get(current)!;
        break;
      }
      if (seen.has(current)) throw new Unchecked();
      seen.add(current);
      chain.push(current);
      const parent = current.parent;
      if (parent instanceof Y.AbstractType) {
        found = { holder: parent._item, inComments: parent === comments, key: current.parentSub };
        break;
      }
      if (typeof parent === "string") {
        found = { holder: null, inComments: parent === "comments", key: current.parentSub };
        break;
      }
      if (parent instanceof Y.ID) {
        // A parent that is gone (GC) takes nothing in: what is inserted there is dropped.
        const holder = view.find(parent);
        found = holder ? { holder, inComments: false, key: current.parentSub } : null;
        break;
      }
      const sibling: Y.ID | null = current.origin ?? current.rightOrigin;
      current = sibling ? view.find(sibling) : null;
    }
    for (const link of chain) placements.set(link, found);
    return found;
  };

  return (item: Y.Item): Location | null => {
    // Up from the item to the root, then down again deriving each step's location.
    const chain: { item: Y.Item; key: string | null }[] = [];
    const seen = new Set<Y.Item>();
    let current = item;
    let base: Location | null;
    for (;;) {
      if (locations.has(current)) {
        base = locations.get(current)!;
        break;
      }
      if (seen.has(current)) throw new Unchecked();
      seen.add(current);
      const place = placement(current);
      if (!place) {
        base = null;
        locations.set(current, null);
        break;
      }
      if (!place.holder) {
        base = place.inComments && place.key === null ? { top: current, field: undefined } : null;
        locations.set(current, base);
        break;
      }
      chain.push({ item: current, key: place.key });
      current = place.holder;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const { item: link, key } = chain[i]!;
      base = base && (base.field === undefined ? { top: base.top, field: key } : base);
      locations.set(link, base);
    }
    return base;
  };
}

/** What a change does to existing comments: removes them, or changes some of their fields. */
function commentChanges(
  view: ChangeView,
  comments: Comments,
): Map<Y.Item, { removed: boolean; fields: Set<string | null> }> {
  const locate = locator(view, comments);
  const changes = new Map<Y.Item, { removed: boolean; fields: Set<string | null> }>();
  const touch = (item: Y.Item) => {
    const location = locate(item);
    // Outside the comments, or inside a comment this change adds: nothing to check.
    if (!location || !view.wasLive(location.top)) return;
    const top = location.top;
    if (!(top.content instanceof Y.ContentType && top.content.type instanceof Y.Map)) return;
    const change = changes.get(top) ?? { removed: false, fields: new Set() };
    if (location.field === undefined) change.removed = true;
    else change.fields.add(location.field);
    changes.set(top, change);
  };
  view.inserted.forEach(touch);
  view.deleted.forEach(touch);
  return changes;
}

/** A comment field's value before the change (the change may have overwritten it). */
function valueBefore(view: ChangeView, top: Y.Item, key: string): unknown {
  const map = (top.content as Y.ContentType).type as Y.Map<unknown>;
  let item: Y.Item | null = map._map.get(key) ?? null;
  while (item && !view.existed(item)) item = item.left;
  if (!item || !view.wasLive(item)) return undefined;
  const content = item.content.getContent();
  return content[content.length - 1];
}

/** Why this user may not make this change to the comments, or null when they may. */
function refusal(user: SessionUser, view: ChangeView, comments: Comments): string | null {
  let changes;
  try {
    changes = commentChanges(view, comments);
  } catch (error) {
    if (error instanceof Unchecked) return COMMENT_REFUSALS.unchecked;
    throw error;
  }
  const own = (top: Y.Item) => valueBefore(view, top, "authorId") === user.id;
  // Removing a comment removes its fields too: its author alone decides.
  for (const [top, change] of changes) if (change.removed && !own(top)) return COMMENT_REFUSALS.delete;
  for (const [top, change] of changes) {
    if (change.removed) continue;
    for (const field of change.fields) {
      if (field !== null && IDENTITY_FIELDS.has(field)) return COMMENT_REFUSALS.identity;
      if (field === "resolved" ? !own(top) && !may(user, "resolveAnyComment") : !own(top)) {
        return field === "resolved" ? COMMENT_REFUSALS.resolve : COMMENT_REFUSALS.edit;
      }
    }
  }
  return null;
}

/**
 * Checks a writer's update before it is applied: the reason to refuse it, as the user reads it,
 * or null. Synchronous on purpose: nothing may change the document between check and apply.
 */
export function checkCommentUpdate(doc: Y.Doc, update: Uint8Array, user: SessionUser): string | null {
  try {
    return refusal(user, updateView(doc, update), doc.getArray<Y.Map<unknown>>("comments"));
  } catch (error) {
    log.error("checking a comment change failed", { error: String((error as Error)?.stack ?? error) });
    return COMMENT_REFUSALS.unchecked;
  }
}

export const caseDocumentHooks: CollabHooks<SessionUser> = {
  async authorize(user, docName) {
    const caseId = caseIdOfDoc(docName);
    if (!caseId) return null;
    try {
      const found = await getCase(user, caseId);
      const access = documentAccess(user, { countryCode: found.country, stateValue: found.stateValue });
      return access ? { access } : null;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  },
  load: async (docName) => (await loadDocument(docName))?.update ?? null,
  store: (rows) => appendUpdates(rows),
  compact: async (docName) => void (await compactDocument(docName)),
  identity: (user) => ({ id: user.id, name: user.name, color: colorFor(user.id) }),
  check: checkCommentUpdate,
  configure(doc, { docName, userOf }) {
    const comments = doc.getArray<Y.Map<unknown>>("comments");
    const caseId = caseIdOfDoc(docName)!;
    // Looked for once typing in a comment pauses, not at each keystroke.
    const mentionTimers = new Map<string, NodeJS.Timeout>();

    comments.observeDeep((events, transaction) => {
      // What a member changed has passed `check` before it was applied.
      const author = userOf(transaction.origin);
      if (!author) return;
      const fixes: (() => void)[] = [];
      // Comments whose text this member changed: they may now mention someone.
      const written = new Set<Y.Map<unknown>>();
      for (const event of events) {
        if (event.target instanceof Y.Text && event.target.parent instanceof Y.Map)
          written.add(event.target.parent);
        if (event.target !== comments) continue;
        // A new comment carries its writer's identity, an id of its own (a copied id would slip it
        // into someone else's thread) and the server's clock (give or take the client's drift, so
        // that a comment typed online needs no correction; one typed offline is dated on arrival).
        for (const item of event.changes.added) {
          for (const map of item.content.getContent()) {
            if (!(map instanceof Y.Map)) continue;
            written.add(map);
            fixes.push(() => {
              if (map.get("authorId") !== author.id) map.set("authorId", author.id);
              if (map.get("authorName") !== author.name) map.set("authorName", author.name);
              const id = map.get("id");
              if (
                typeof id !== "string" ||
                id.length === 0 ||
                id.length > MAX_ID_LENGTH ||
                comments.toArray().some((c) => c !== map && c instanceof Y.Map && c.get("id") === id)
              )
                map.set("id", randomUUID());
              const createdAt = map.get("createdAt");
              if (
                typeof createdAt !== "string" ||
                !(Math.abs(Date.parse(createdAt) - Date.now()) <= CLOCK_DRIFT_MS)
              )
                map.set("createdAt", new Date().toISOString());
            });
          }
        }
      }
      if (fixes.length > 0) doc.transact(() => fixes.forEach((fix) => fix()), "server");
      for (const map of written) {
        const body = map.get("body");
        const id = map.get("id");
        if (!(body instanceof Y.Text) || typeof id !== "string") continue;
        clearTimeout(mentionTimers.get(id));
        mentionTimers.set(
          id,
          setTimeout(() => {
            mentionTimers.delete(id);
            notifyMentions(caseId, author, id, body.toString()).catch((error) =>
              log.error("mention notification failed", { docName, error: String(error) }),
            );
          }, MENTION_AFTER_MS),
        );
      }
    });
  },
};
