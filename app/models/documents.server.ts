// Case documents (Yjs) as stored: a compacted state (CaseDocument) plus the updates appended since
// (CaseDocumentUpdate). An update counts as saved once its row is committed here. What the bytes
// mean (merging, reading text) is app/domain/documents.server.ts's.
//
// Raw SQL for the bytes: pglite-prisma-adapter 0.6 does not decode the base64 that Prisma 6.19
// sends for Bytes parameters, and this is the hot write path of co-editing anyway; and Prisma
// cannot lock a row (FOR UPDATE) while compacting.
import { database, prisma } from "~/db/client.server.ts";

/** The document's compacted state (null before its first compaction) and the updates since, in order. */
export async function storedDocument(
  name: string,
): Promise<{ state: Uint8Array | null; updates: Uint8Array[] }> {
  const { sql } = database();
  const [state, log] = await Promise.all([
    sql.query<{ state: Uint8Array }>(`SELECT state FROM "CaseDocument" WHERE name = $1`, [name]),
    sql.query<{ update: Uint8Array }>(
      `SELECT update FROM "CaseDocumentUpdate" WHERE "docName" = $1 ORDER BY id`,
      [name],
    ),
  ]);
  return { state: state[0]?.state ?? null, updates: log.map((r) => r.update) };
}

/** Appends updates, of one or many documents, in one statement. */
export async function appendDocumentUpdates(rows: { docName: string; update: Uint8Array }[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(", ");
  await database().sql.query(
    `INSERT INTO "CaseDocumentUpdate" ("docName", update) VALUES ${values}`,
    rows.flatMap((r) => [r.docName, r.update]),
  );
}

/**
 * Folds the log into the state with `merge` (given the state, if any, then the updates in order),
 * in one transaction that locks the state's row. Built from what is committed, not from memory,
 * and deletes only the rows it read: an update committed meanwhile stays in the log. Returns the
 * size of the state afterwards.
 */
export async function foldDocumentLog(
  name: string,
  merge: (parts: Uint8Array[]) => Uint8Array,
): Promise<number> {
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
    const merged = merge([...state.map((r) => r.state), ...log.map((r) => r.update)]);
    await query(
      `INSERT INTO "CaseDocument" (name, state, "updatedAt") VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, "updatedAt" = now()`,
      [name, merged],
    );
    await query(`DELETE FROM "CaseDocumentUpdate" WHERE id = ANY($1::bigint[])`, [log.map((r) => r.id)]);
    return merged.length;
  });
}

/** The documents with an update appended before `cutoff` still in their log. */
export async function documentsWithUpdatesBefore(cutoff: Date): Promise<string[]> {
  const rows = await prisma().caseDocumentUpdate.groupBy({ by: ["docName"], where: { at: { lt: cutoff } } });
  return rows.map((r) => r.docName);
}
