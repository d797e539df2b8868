// The one database client of the process. PGlite (embedded PostgreSQL) by default, or a
// PostgreSQL server when DATABASE_URL is set. Both the Express entry (run by tsx) and the Remix
// server bundle import this module, so the instance lives on globalThis: two PGlite instances on
// one data folder corrupt it (see docs/design.md).
import { readFileSync } from "node:fs";

import { PGlite, types } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

import { env } from "~/config/env.server.ts";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { log } from "~/lib/log.server.ts";

import { requestRowScope, scopedClient } from "./row-security.server.ts";

/** Raw SQL access for migrations and benchmarks, the same for both databases. */
export type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export interface SqlRunner {
  exec(sql: string): Promise<void>;
  query: Query;
  /** Runs fn in one transaction on one connection. */
  transaction<T>(fn: (query: Query) => Promise<T>): Promise<T>;
}

export interface Database {
  prisma: PrismaClient;
  sql: SqlRunner;
  kind: "pglite" | "postgresql";
  close(): Promise<void>;
}

const KEY = Symbol.for("follow-up.database");
type Holder = { [KEY]?: Database };

// PGlite passes bytea as hex text, and its own converters go byte by byte through JavaScript arrays
// (about 7 MB/s, with much garbage): Node's hex codec does the same conversion natively, which
// matters for evidence files (app/storage/database.server.ts) and co-editing updates. Values read
// come back as Buffers (Uint8Arrays). Anything but bytes goes to PGlite's own serializer, so its
// errors stay the same.
const { BYTEA } = types;
const FAST_BYTEA = {
  serializers: {
    [BYTEA]: (value: unknown) =>
      value instanceof Uint8Array
        ? `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`
        : types.serializers[BYTEA]!(value),
  },
  parsers: { [BYTEA]: (text: string) => Buffer.from(text.slice(2), "hex") },
};

function open(): Database {
  const { DATABASE_URL, DATA_DIR, PGLITE_SHARED_BUFFERS } = env();
  if (DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process:
    // the pool replaces it on the next query.
    pool.on("error", (error) => log.warn("database connection lost", { error: error.message }));
    // "minimal": errors without the call's arguments, which can hold case text, since errors are logged.
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool), errorFormat: "minimal" });
    return {
      prisma,
      kind: "postgresql",
      sql: {
        exec: async (sql) => void (await pool.query(sql)),
        query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows,
        transaction: async (fn) => {
          const client = await pool.connect();
          try {
            await client.query("BEGIN");
            const result = await fn(
              async (sql, params) => (await client.query(sql, params as unknown[])).rows,
            );
            await client.query("COMMIT");
            return result;
          } catch (error) {
            await client.query("ROLLBACK").catch(() => {});
            throw error;
          } finally {
            client.release();
          }
        },
      },
      close: async () => {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  // Test-only: PGLITE_LOAD_DATA_DIR names a tarball from PGlite's dumpDataDir() (the migrated,
  // seeded template of tests/helpers/template-database.ts); an in-memory database then starts as a
  // copy of it instead of empty. Not part of the app's configuration, and ignored for a data folder.
  const dump = DATA_DIR.startsWith("memory://") ? process.env.PGLITE_LOAD_DATA_DIR : undefined;
  const pglite = new PGlite(DATA_DIR, {
    ...(dump ? { loadDataDir: new Blob([readFileSync(dump)]) } : {}),
    ...FAST_BYTEA,
    // Trigrams for the case list's free-text search (migration 20261208100000_case_search).
    extensions: { pg_trgm },
    // The page cache, resident in the app's memory: configurable, since it trades memory for the
    // speed of large lists (docs/performance.md, Memory).
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  });
  // pglite-prisma-adapter 0.6 is typed against an older @prisma/driver-adapter-utils; the
  // runtime contract is the same.
  const adapter = new PrismaPGlite(pglite) as unknown as SqlDriverAdapterFactory;
  const prisma = new PrismaClient({ adapter, errorFormat: "minimal" });
  return {
    prisma,
    kind: "pglite",
    sql: {
      exec: async (sql) => void (await pglite.exec(sql)),
      query: async (sql, params) => (await pglite.query(sql, params as unknown[])).rows as never,
      transaction: (fn) =>
        pglite.transaction((tx) =>
          fn(async (sql, params) => (await tx.query(sql, params as unknown[])).rows as never),
        ),
    },
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

export function database(): Database {
  const holder = globalThis as Holder;
  holder[KEY] ??= open();
  return holder[KEY];
}

/**
 * The Prisma client for the statement at hand: within a signed-in person's request, one whose
 * statements run under row-level security in their scope (row-security.server.ts); else the owner's.
 */
export function prisma(): PrismaClient {
  const base = database().prisma;
  const scope = requestRowScope();
  return scope ? scopedClient(base, scope) : base;
}

/**
 * The tables' owner's client, never under row security: for what is decided for everyone at once
 * (whom a change is told to, the live feed's delivery), never for what one person reads.
 */
export function ownerPrisma(): PrismaClient {
  return database().prisma;
}

export async function closeDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const db = holder[KEY];
  delete holder[KEY];
  await db?.close();
}
