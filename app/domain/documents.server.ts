// Case documents (Yjs) in the database: a compacted state plus the updates appended since.
// An update counts as saved once its row is committed here.
import * as Y from "yjs";

import { database } from "~/db/client.server.ts";

export const caseDocName = (caseId: string) => `case:${caseId}`;
export const caseIdOfDoc = (name: string) => (name.startsWith("case:") ? name.slice(5) : null);

// Raw SQL rather than the ORM here: pglite-prisma-adapter 0.6 does not decode the base64 that
// Prisma 6.19 sends for Bytes parameters, and this is the hot write path of co-editing anyway.

/** The stored document as one Yjs update (state merged with the log), or null when there is none. */
export async function loadDocument(name: string): Promise<{ update: Uint8Array; logLength: number } | null> {
  const { sql } = database();
  const [state, log] = await Promise.all([
    sql.query<{ state: Uint8Array }>(`SELECT state FROM "CaseDocument" WHERE name = $1`, [name]),
    sql.query<{ update: Uint8Array }>(
      `SELECT update FROM "CaseDocumentUpdate" WHERE "docName" = $1 ORDER BY id`,
      [name],
    ),
  ]);
  const parts = [...state.map((r) => r.state), ...log.map((r) => r.update)];
  if (parts.length === 0) return null;
  return { update: parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts), logLength: log.length };
}

/** Appends updates, of one or many documents, in one statement. */
export async function appendUpdates(rows: { docName: string; update: Uint8Array }[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(", ");
  await database().sql.query(
    `INSERT INTO "CaseDocumentUpdate" ("docName", update) VALUES ${values}`,
    rows.flatMap((r) => [r.docName, r.update]),
  );
}

/**
 * Folds the log into the state. Built from what is committed, not from memory, and deletes only
 * the rows it read: an update committed meanwhile stays in the log.
 */
export async function compactDocument(name: string): Promise<number> {
  return database().sql.transaction(async (query) => {
    const state = await query<{ state: Uint8Array }>(
      `SELECT state FROM "CaseDocument" WHERE name = $1 FOR UPDATE`,
      [name],
    );
    const log = await query<{ id: string; update: Uint8Array }>(
      `SELECT id::text AS id, update FROM "CaseDocumentUpdate" WHERE "docName" = $1 ORDER BY id`,
      [name],
    );
    if (log.length === 0) return state[0]?.state.length ?? 0;
    const merged = Y.mergeUpdates([...state.map((r) => r.state), ...log.map((r) => r.update)]);
    await query(
      `INSERT INTO "CaseDocument" (name, state, "updatedAt") VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, "updatedAt" = now()`,
      [name, merged],
    );
    await query(`DELETE FROM "CaseDocumentUpdate" WHERE id = ANY($1::bigint[])`, [log.map((r) => r.id)]);
    return merged.length;
  });
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
