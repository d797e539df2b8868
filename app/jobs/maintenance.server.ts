// Housekeeping that one process of the cluster does every few minutes.
import { pruneAuthRecords } from "~/domain/auth.server.ts";
import { compactDocument } from "~/domain/documents.server.ts";
import { documentsWithUpdatesBefore } from "~/models/documents.server.ts";
import { keepTallies } from "~/models/tallies.server.ts";

import { cleanOrphanUploads, ORPHAN_AGE_MS, type OrphanCleanup } from "./orphan-uploads.server.ts";

// A document log older than this is one nobody folded: its process crashed or was killed.
const STALE_LOG_MS = 10 * 60_000;

export async function runMaintenance(
  now = new Date(),
): Promise<{ compacted: number; tallies: Awaited<ReturnType<typeof keepTallies>> } & OrphanCleanup> {
  // Ended sessions are announced, so that their live connections close on every process.
  await pruneAuthRecords(now);
  const stale = await documentsWithUpdatesBefore(new Date(now.getTime() - STALE_LOG_MS));
  // Compaction reads and deletes only committed rows, so a process still editing loses nothing.
  for (const docName of stale) await compactDocument(docName);
  // Evidence files whose upload died: see orphan-uploads.server.ts for why an hour.
  const orphans = await cleanOrphanUploads(new Date(now.getTime() - ORPHAN_AGE_MS));
  // The dashboard's counts: their window of due days moved on, their appended rows folded.
  const tallies = await keepTallies(now);
  return { compacted: stale.length, ...orphans, tallies };
}
