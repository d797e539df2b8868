// Housekeeping that one process of the cluster does every few minutes.
import { database } from "~/db/client.server.ts";
import { pruneAuthRecords } from "~/domain/auth.server.ts";
import { compactDocument } from "~/domain/documents.server.ts";

// A document log older than this is one nobody folded: its process crashed or was killed.
const STALE_LOG_MS = 10 * 60_000;

export async function runMaintenance(now = new Date()): Promise<{ compacted: number }> {
  // Ended sessions are announced, so that their live connections close on every process.
  await pruneAuthRecords(now);
  const stale = await database().sql.query<{ docName: string }>(
    `SELECT DISTINCT "docName" FROM "CaseDocumentUpdate" WHERE at < $1`,
    [new Date(now.getTime() - STALE_LOG_MS)],
  );
  // Compaction reads and deletes only committed rows, so a process still editing loses nothing.
  for (const { docName } of stale) await compactDocument(docName);
  return { compacted: stale.length };
}
