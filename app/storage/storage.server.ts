// Where evidence files' bytes live, behind one small interface with two drivers chosen by
// STORAGE_URL: the database (the default; database.server.ts) and S3-compatible object storage
// (s3.server.ts). Callers stream: a 25 MB file never sits whole in memory.
import type { Readable } from "node:stream";

export interface StoredObject {
  /** Bytes written. */
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
}

export interface Storage {
  /** Which driver: for logs and tests. */
  readonly kind: "database" | "s3";
  /**
   * Stores a stream under a new key. Resolves once every byte is durably stored; rejects (and
   * leaves nothing readable under the key) if the stream fails or exceeds maxBytes, with
   * TooLargeError in that case.
   */
  put(
    key: string,
    body: Readable,
    options: { maxBytes: number; contentType?: string },
  ): Promise<StoredObject>;
  /** The bytes under a key, streamed; null for a key that holds nothing. */
  get(key: string): Promise<Readable | null>;
  /** Removes the bytes under a key; no error for a key that holds nothing. */
  delete(key: string): Promise<void>;
}

/**
 * A body longer than the limit given to put(). Recognise it by `status` (isTooLarge), not
 * instanceof: the storage instance may come from the Express entry's copy of this module while
 * the caller runs in the Remix bundle's.
 */
export class TooLargeError extends Error {
  readonly status = 413;
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
    this.name = "TooLargeError";
  }
}
