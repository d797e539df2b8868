// Case documents (Yjs): what their stored bytes mean. Storage (a compacted state plus the updates
// appended since; saved means committed) is app/models/documents.server.ts.
import * as Y from "yjs";

import { appendDocumentUpdates, foldDocumentLog, storedDocument } from "~/models/documents.server.ts";

export const caseDocName = (caseId: string) => `case:${caseId}`;
export const caseIdOfDoc = (name: string) => (name.startsWith("case:") ? name.slice(5) : null);

/** The stored document as one Yjs update (state merged with the log), or null when there is none. */
export async function loadDocument(name: string): Promise<{ update: Uint8Array; logLength: number } | null> {
  const { state, updates } = await storedDocument(name);
  const parts = state ? [state, ...updates] : updates;
  if (parts.length === 0) return null;
  return { update: parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts), logLength: updates.length };
}

/** Appends updates, of one or many documents, in one statement. */
export async function appendUpdates(rows: { docName: string; update: Uint8Array }[]): Promise<void> {
  await appendDocumentUpdates(rows);
}

/**
 * Folds the log into the state. Built from what is committed, not from memory, and deletes only
 * the rows it read: an update committed meanwhile stays in the log.
 */
export async function compactDocument(name: string): Promise<number> {
  return foldDocumentLog(name, (parts) => Y.mergeUpdates(parts));
}

/** Plain text of a rich-text fragment: one line per block, list items marked. */
export function fragmentText(fragment: Y.XmlFragment): string {
  const lines: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment, prefix: string) => {
    let inline = "";
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) {
        inline += (child.toDelta() as { insert?: unknown }[])
          .map((d) => (typeof d.insert === "string" ? d.insert : ""))
          .join("");
      } else if (child instanceof Y.XmlElement) {
        const name = child.nodeName;
        if (name === "hardBreak") inline += "\n";
        else walk(child, name === "listItem" ? `${prefix}- ` : prefix);
      }
    }
    if (inline) lines.push(prefix + inline);
  };
  walk(fragment, "");
  return lines.join("\n");
}

/** The case response's saved text, for the history. */
export async function savedResponseText(caseId: string): Promise<string | null> {
  const stored = await loadDocument(caseDocName(caseId));
  if (!stored) return null;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, stored.update);
    return fragmentText(doc.getXmlFragment("response")) || null;
  } finally {
    doc.destroy();
  }
}
