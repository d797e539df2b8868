// Evidence file storage: the same behaviours from both drivers, the database one on this file's
// database (PGlite, or PostgreSQL under npm run test:pg) and the S3 one against s3rver, a real
// S3-protocol server run in this process on a free port and a temporary folder.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";

import { CreateBucketCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { database } from "~/db/client.server.ts";
import { CHUNK_BYTES, DatabaseStorage } from "~/storage/database.server.ts";
import { S3Storage } from "~/storage/s3.server.ts";
import { type Storage, TooLargeError } from "~/storage/storage.server.ts";

const MB = 1024 * 1024;

// s3rver ships no types: the little of it used here.
interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverServer;
const S3rver = createRequire(import.meta.url)("s3rver") as S3rverClass;

/** `total` random bytes in 64 KiB pieces (failing after `failAfter` bytes, if given), and their SHA-256 once read. */
function randomBody(total: number, failAfter?: number) {
  const hash = createHash("sha256");
  async function* pieces() {
    for (let sent = 0; sent < total;) {
      if (failAfter !== undefined && sent >= failAfter) throw new Error("client went away");
      const piece = randomBytes(Math.min(64 * 1024, total - sent));
      hash.update(piece);
      sent += piece.length;
      yield piece;
    }
  }
  return { stream: Readable.from(pieces(), { objectMode: false }), sha256: () => hash.digest("hex") };
}

async function readAll(stream: Readable): Promise<{ size: number; sha256: string }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const piece of stream) {
    hash.update(piece as Buffer);
    size += (piece as Buffer).length;
  }
  return { size, sha256: hash.digest("hex") };
}

interface Driver {
  name: string;
  start(): Promise<Storage>;
  /** True when nothing at all is stored under the key (beyond what get() says). */
  holdsNothing(key: string): Promise<boolean>;
  stop(): Promise<void>;
}

const databaseDriver: Driver = {
  name: "database",
  start: async () => new DatabaseStorage(),
  holdsNothing: async (key) => {
    const rows = await database().sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "StoredChunk" WHERE key = $1`,
      [key],
    );
    return rows[0]?.n === 0;
  },
  stop: async () => {},
};

const s3Driver = (() => {
  let server: S3rverServer | undefined;
  let dir: string | undefined;
  let s3: S3Storage | undefined;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  const driver: Driver = {
    name: "s3",
    start: async () => {
      dir = await mkdtemp(path.join(tmpdir(), "followup-s3rver-"));
      server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir });
      const { port } = await server.run();
      // s3rver's built-in account; the driver reads them through the SDK's default chain.
      process.env.AWS_ACCESS_KEY_ID = "S3RVER";
      process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
      s3 = new S3Storage({
        kind: "s3",
        bucket: "evidence",
        endpoint: `http://127.0.0.1:${port}`,
        region: "us-east-1",
        forcePathStyle: true,
      });
      await s3.client.send(new CreateBucketCommand({ Bucket: "evidence" }));
      return s3;
    },
    holdsNothing: async (key) => {
      try {
        await s3!.client.send(new HeadObjectCommand({ Bucket: "evidence", Key: key }));
        return false;
      } catch (error) {
        if ((error as Error).name === "NotFound") return true;
        throw error;
      }
    },
    stop: async () => {
      s3?.client.destroy();
      await server?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
      for (const [name, value] of [
        ["AWS_ACCESS_KEY_ID", saved.id],
        ["AWS_SECRET_ACCESS_KEY", saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
  return driver;
})();

describe.each([databaseDriver, s3Driver])("$name storage driver", (driver) => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await driver.start();
  });
  afterAll(() => driver.stop());

  it("round-trips a 20 MB stream byte for byte, reporting its size and SHA-256", async () => {
    const key = randomUUID();
    const body = randomBody(20 * MB);
    const stored = await storage.put(key, body.stream, { maxBytes: 25 * MB, contentType: "application/pdf" });
    const expected = body.sha256();
    expect(stored).toEqual({ size: 20 * MB, sha256: expected });
    const read = await storage.get(key);
    expect(read).not.toBeNull();
    expect(await readAll(read!)).toEqual({ size: 20 * MB, sha256: expected });
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    expect(await driver.holdsNothing(key)).toBe(true);
  });

  it("stores an empty file as empty, not as nothing", async () => {
    const key = randomUUID();
    const stored = await storage.put(key, Readable.from([], { objectMode: false }), { maxBytes: MB });
    expect(stored).toEqual({ size: 0, sha256: createHash("sha256").digest("hex") });
    const read = await storage.get(key);
    expect(read).not.toBeNull();
    expect(await readAll(read!)).toEqual(stored);
    await storage.delete(key);
  });

  it("refuses a stream past maxBytes with TooLargeError and leaves nothing under the key", async () => {
    const key = randomUUID();
    // Past one S3 part (5 MiB) and many chunks before the limit: both have something to undo.
    const attempt = storage.put(key, randomBody(12 * MB).stream, { maxBytes: 8 * MB });
    await expect(attempt).rejects.toBeInstanceOf(TooLargeError);
    await expect(attempt).rejects.toMatchObject({ maxBytes: 8 * MB });
    expect(await storage.get(key)).toBeNull();
    expect(await driver.holdsNothing(key)).toBe(true);
  });

  it("accepts a stream of exactly maxBytes", async () => {
    const key = randomUUID();
    const body = randomBody(MB + 1);
    expect((await storage.put(key, body.stream, { maxBytes: MB + 1 })).size).toBe(MB + 1);
    await storage.delete(key);
  });

  it("leaves nothing under the key when the stream fails midway, and rejects with its error", async () => {
    const key = randomUUID();
    const attempt = storage.put(key, randomBody(12 * MB, 7 * MB).stream, { maxBytes: 25 * MB });
    await expect(attempt).rejects.toThrow("client went away");
    expect(await storage.get(key)).toBeNull();
    expect(await driver.holdsNothing(key)).toBe(true);
  });

  it("answers null for a key that holds nothing, and deletes idempotently", async () => {
    expect(await storage.get(randomUUID())).toBeNull();
    const key = randomUUID();
    await storage.put(key, randomBody(1000).stream, { maxBytes: MB });
    await storage.delete(key);
    await storage.delete(key);
    await storage.delete(randomUUID());
    expect(await storage.get(key)).toBeNull();
  });
});

describe("database storage driver's rows", () => {
  it("keeps a file as numbered chunks of 256 KiB, the last one shorter", async () => {
    const storage = new DatabaseStorage();
    const key = randomUUID();
    await storage.put(key, randomBody(3 * CHUNK_BYTES + 10).stream, { maxBytes: 25 * MB });
    const rows = await database().sql.query<{ seq: number; size: number }>(
      `SELECT seq, length(bytes) AS size FROM "StoredChunk" WHERE key = $1 ORDER BY seq`,
      [key],
    );
    expect(rows).toEqual([
      { seq: 0, size: CHUNK_BYTES },
      { seq: 1, size: CHUNK_BYTES },
      { seq: 2, size: CHUNK_BYTES },
      { seq: 3, size: 10 },
    ]);
    await storage.delete(key);
  });

  it("does not overwrite or delete another file's chunks when given a key already in use", async () => {
    const storage = new DatabaseStorage();
    const key = randomUUID();
    const first = await storage.put(key, randomBody(1000).stream, { maxBytes: MB });
    await expect(storage.put(key, randomBody(1000).stream, { maxBytes: MB })).rejects.toThrow();
    expect(await readAll((await storage.get(key))!)).toEqual(first);
    await storage.delete(key);
  });
});
