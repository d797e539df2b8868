// The database storage driver's bytes (StoredChunk): one row per chunk of a key, numbered from 0.
// How a stream becomes chunks, and back, is app/storage/database.server.ts's.
//
// Raw SQL for the bytes: pglite-prisma-adapter 0.6 does not decode the base64 that Prisma 6.19
// sends for Bytes parameters (see documents.server.ts), and for the sweep of keys no Evidence row
// names (StoredChunk has no relation to Evidence, so Prisma cannot say NOT EXISTS); the other
// statements go through Prisma.
import { database, prisma } from "~/db/client.server.ts";

/** Stores one chunk; fails if the key already has a chunk with this number. */
export async function insertChunk(key: string, seq: number, bytes: Uint8Array): Promise<void> {
  await database().sql.query(`INSERT INTO "StoredChunk" (key, seq, bytes) VALUES ($1, $2, $3)`, [
    key,
    seq,
    bytes,
  ]);
}

/** Up to `limit` chunks of the key from number `fromSeq` on, in order. */
export async function chunksFrom(
  key: string,
  fromSeq: number,
  limit: number,
): Promise<{ seq: number; bytes: Uint8Array }[]> {
  return database().sql.query<{ seq: number; bytes: Uint8Array }>(
    `SELECT seq, bytes FROM "StoredChunk" WHERE key = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
    [key, fromSeq, limit],
  );
}

/** The number of the key's last chunk, or null when it has none. */
export async function lastChunkSeq(key: string): Promise<number | null> {
  const last = await prisma().storedChunk.findFirst({
    where: { key },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return last?.seq ?? null;
}

/** Removes every chunk of the key. */
export async function deleteChunks(key: string): Promise<void> {
  await prisma().storedChunk.deleteMany({ where: { key } });
}

/** The keys holding chunks that no Evidence row names as its storageKey. */
export async function chunkKeysWithoutEvidence(): Promise<string[]> {
  const rows = await database().sql.query<{ key: string }>(
    `SELECT DISTINCT c.key FROM "StoredChunk" c
     WHERE NOT EXISTS (SELECT 1 FROM "Evidence" e WHERE e."storageKey" = c.key)`,
  );
  return rows.map((r) => r.key);
}
