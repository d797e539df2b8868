// The database storage driver (the default): a file's bytes as StoredChunk rows of 256 KiB, so that
// it works wherever the app's database does (PGlite or PostgreSQL) with nothing else to run.
//
// Streamed both ways: put() holds at most one chunk being filled (each is written as it fills), and
// get() fetches a few chunks at a time as the reader asks. Each chunk is its own statement, not one
// long transaction: on PGlite a transaction would hold the only connection for the whole upload.
// So a put that fails deletes what it wrote, and one cut short by a crash leaves chunks that the
// orphan clean-up removes (app/jobs/orphan-uploads.server.ts).
import { createHash } from "node:crypto";
import { Readable } from "node:stream";

import { log } from "~/lib/log.server.ts";
import { chunksFrom, deleteChunks, insertChunk, lastChunkSeq } from "~/models/stored-chunks.server.ts";

import { type Storage, type StoredObject, TooLargeError } from "./storage.server.ts";

export const CHUNK_BYTES = 256 * 1024;
// Chunks fetched per query while reading: 1 MiB in memory at most, and few round trips.
const READ_BATCH = 4;

export class DatabaseStorage implements Storage {
  readonly kind = "database";

  async put(key: string, body: Readable, { maxBytes }: { maxBytes: number }): Promise<StoredObject> {
    const hash = createHash("sha256");
    let size = 0;
    let written = 0;
    let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let filled = 0;
    try {
      for await (const piece of body) {
        const bytes = asBuffer(piece);
        size += bytes.length;
        if (size > maxBytes) throw new TooLargeError(maxBytes);
        hash.update(bytes);
        // Copied into the chunk being filled: pieces are never concatenated.
        for (let offset = 0; offset < bytes.length;) {
          const copied = bytes.copy(chunk, filled, offset);
          filled += copied;
          offset += copied;
          if (filled === CHUNK_BYTES) {
            await insertChunk(key, written, chunk);
            written += 1;
            chunk = Buffer.allocUnsafe(CHUNK_BYTES);
            filled = 0;
          }
        }
      }
      // An empty file is one empty chunk, so that get() tells it from a key that holds nothing.
      if (filled > 0 || written === 0) {
        await insertChunk(key, written, chunk.subarray(0, filled));
        written += 1;
      }
    } catch (error) {
      body.destroy();
      // Only once a first chunk went in: a key that was already taken makes that insert fail, and
      // its chunks are not ours to delete.
      if (written > 0) {
        await deleteChunks(key).catch((e: Error) =>
          log.error("stored chunks of a failed upload not deleted", { key, error: e.message }),
        );
      }
      throw error;
    }
    return { size, sha256: hash.digest("hex") };
  }

  async get(key: string): Promise<Readable | null> {
    const last = await lastChunkSeq(key);
    if (last === null) return null;
    return Readable.from(readChunks(key, last), { objectMode: false });
  }

  async delete(key: string): Promise<void> {
    await deleteChunks(key);
  }
}

async function* readChunks(key: string, last: number): AsyncGenerator<Buffer> {
  let next = 0;
  while (next <= last) {
    const batch = await chunksFrom(key, next, READ_BATCH);
    // A gap means the key was deleted (or is being) while it was read: fail rather than end short.
    if (batch.length === 0) throw lostChunk(key, next);
    for (const { seq, bytes } of batch) {
      if (seq !== next) throw lostChunk(key, next);
      next += 1;
      yield asBuffer(bytes);
    }
  }
}

const lostChunk = (key: string, seq: number) =>
  new Error(`Stored file ${key} lost chunk ${seq} while it was read`);

function asBuffer(piece: unknown): Buffer {
  if (Buffer.isBuffer(piece)) return piece;
  if (piece instanceof Uint8Array) return Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
  if (typeof piece === "string") return Buffer.from(piece);
  throw new TypeError("A stored body must be a stream of bytes");
}
