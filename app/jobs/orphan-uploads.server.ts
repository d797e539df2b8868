// Evidence files left half-recorded. A file is recorded in three steps (app/domain/evidence): its
// Evidence row is inserted with a storageKey and storedAt null, the bytes are put, then the row gets
// its size, sha256 and storedAt. A crash (or a failure whose own clean-up failed) between them
// leaves a row nobody sees, and maybe bytes under its key. This removes both.
//
// What it promises:
// - A row that has storedAt, and its bytes, are never touched: each row is deleted only while it
//   is still without storedAt (one conditional statement), and only then are its bytes deleted.
//   An upload that finishes after that finds its row gone and must treat that as a failure.
// - Rows are deleted before their bytes, so a crash in between leaves unreferenced bytes (no
//   longer any row): on the database driver the next start-up on the embedded database removes
//   them; on S3 or PostgreSQL they stay (each failed delete is logged with its key).
// - At start-up and in the periodic maintenance job, rows older than an hour go (ORPHAN_AGE_MS):
//   on a cluster another process may be storing a younger one right now.
// - At start-up on the embedded database (PGlite: one process per data folder, so no upload is in
//   flight anywhere) every such row goes, and with the database driver so does every chunk key
//   that no Evidence row names (e.g. bytes put for a row whose insert was rolled back). Keys are
//   random (crypto.randomUUID()), so no live file can be under a key nobody names.
import { env } from "~/config/env.server.ts";
import { log } from "~/lib/log.server.ts";
import { deleteIfUnstored, unstoredFilesAddedBefore } from "~/models/evidence-orphans.server.ts";
import { chunkKeysWithoutEvidence } from "~/models/stored-chunks.server.ts";
import { storage } from "~/storage/index.server.ts";

/** Older than this, a file row without storedAt is one whose upload died (25 MB takes minutes, not an hour). */
export const ORPHAN_AGE_MS = 60 * 60_000;

// A type, not an interface: it is logged and returned as a job's result (Record<string, unknown>).
export type OrphanCleanup = {
  /** Evidence rows deleted. */
  orphanRows: number;
  /** Keys whose bytes were deleted. */
  orphanKeys: number;
};

/**
 * Deletes the file rows without storedAt added before `olderThan`, then their bytes; with
 * `unreferencedChunks`, also the database driver's chunks under keys no Evidence row names (only
 * safe where no other process can be storing: see the header).
 */
export async function cleanOrphanUploads(
  olderThan: Date,
  { unreferencedChunks = false }: { unreferencedChunks?: boolean } = {},
): Promise<OrphanCleanup> {
  const store = storage();
  // A Set: a deleted row's key is also one no row names any more.
  const keys = new Set<string>();
  let orphanRows = 0;
  for (const { id, storageKey } of await unstoredFilesAddedBefore(olderThan)) {
    if (!(await deleteIfUnstored(id))) continue;
    orphanRows += 1;
    if (storageKey) keys.add(storageKey);
  }
  if (unreferencedChunks && store.kind === "database") {
    for (const key of await chunkKeysWithoutEvidence()) keys.add(key);
  }
  let orphanKeys = 0;
  for (const key of keys) {
    try {
      await store.delete(key);
      orphanKeys += 1;
    } catch (error) {
      // Its row is gone already: this line is all that is left to find the bytes by.
      log.error("orphan upload's bytes not deleted", {
        key,
        storage: store.kind,
        error: (error as Error).message,
      });
    }
  }
  return { orphanRows, orphanKeys };
}

/** The start-up run: everything unfinished on the embedded database, else what is over an hour old. */
export function cleanOrphanUploadsAtStart(now = new Date()): Promise<OrphanCleanup> {
  const alone = !env().DATABASE_URL;
  return alone
    ? cleanOrphanUploads(now, { unreferencedChunks: true })
    : cleanOrphanUploads(new Date(now.getTime() - ORPHAN_AGE_MS));
}
