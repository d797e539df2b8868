// The hooks that make the co-editing core serve case documents: access from the domain's
// permission rules, storage in the database, and server-side identity in comments.
import * as Y from "yjs";
import { documentAccess, type SessionUser } from "../../../app/domain/access.server.ts";
import { getCase } from "../../../app/domain/cases.server.ts";
import { appendUpdates, caseIdOfDoc, compactDocument, loadDocument } from "../../../app/domain/documents.server.ts";
import { NotFoundError } from "../../../app/domain/errors.server.ts";
import { colorFor } from "../../../app/lib/colors.ts";
import type { CollabHooks } from "./collab-server.ts";
import { notifyMentions } from "../../../app/domain/mentions.server.ts";
import { log } from "../../log.ts";

const MENTION_AFTER_MS = 500;

/** Fields of a comment that state who wrote it and when: only the server sets them. */
const AUTHOR_FIELDS = ["id", "authorId", "authorName", "createdAt", "parentId"] as const;

export const caseDocumentHooks: CollabHooks<SessionUser> = {
  async authorize(user, docName) {
    const caseId = caseIdOfDoc(docName);
    if (!caseId) return null;
    try {
      const found = await getCase(user, caseId);
      const access = documentAccess(user, found.state);
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
  configure(doc, { docName, userOf }) {
    const comments = doc.getArray<Y.Map<unknown>>("comments");
    const caseId = caseIdOfDoc(docName)!;
    // Looked for once typing in a comment pauses, not at each keystroke.
    const mentionTimers = new Map<string, NodeJS.Timeout>();
    comments.observeDeep((events, transaction) => {
      const author = userOf(transaction.origin);
      if (!author) return;
      const fixes: (() => void)[] = [];
      // Comments whose text this member changed: they may now mention someone.
      const written = new Set<Y.Map<unknown>>();
      for (const event of events) {
        if (event.target instanceof Y.Text && event.target.parent instanceof Y.Map) written.add(event.target.parent);
        if (event.target === comments) {
          for (const item of event.changes.added) for (const map of item.content.getContent()) if (map instanceof Y.Map) written.add(map);
        }
        if (event.target === comments) {
          // A new comment carries its writer's identity and the server's clock.
          for (const item of event.changes.added) {
            for (const map of item.content.getContent()) {
              if (!(map instanceof Y.Map)) continue;
              fixes.push(() => {
                if (map.get("authorId") !== author.id) map.set("authorId", author.id);
                if (map.get("authorName") !== author.name) map.set("authorName", author.name);
                if (typeof map.get("createdAt") !== "string") map.set("createdAt", new Date().toISOString());
              });
            }
          }
        } else if (event instanceof Y.YMapEvent && event.target.parent === comments) {
          // Nobody rewrites who wrote an existing comment.
          for (const key of AUTHOR_FIELDS) {
            const change = event.changes.keys.get(key);
            if (change && change.action !== "add") {
              const map = event.target;
              fixes.push(() => map.set(key, change.oldValue));
            }
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
            notifyMentions(caseId, author, id, body.toString()).catch((error) => log.error("mention notification failed", { docName, error: String(error) }));
          }, MENTION_AFTER_MS),
        );
      }
    });
  },
};
