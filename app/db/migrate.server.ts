// Applies prisma/migrations/*/migration.sql in order and records each in Prisma's own
// `_prisma_migrations` table, with the checksum Prisma computes, so that `prisma migrate deploy`
// and `prisma migrate status` agree with what the app did. We do this ourselves because Prisma's
// migrate needs a native schema engine against a PostgreSQL server, and that cannot be downloaded
// here (docs/design.md); the same code path serves PGlite, PostgreSQL and the tests.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import pg from "pg";

import { env } from "~/config/env.server.ts";

import type { Database, SqlRunner } from "./client.server.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations/", import.meta.url));
// Prisma's own advisory lock key, so the CLI and several app processes wait for each other.
const PRISMA_MIGRATE_LOCK = 72707369;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function listMigrations(): Promise<Migration[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(`${MIGRATIONS_DIR}${name}/migration.sql`, "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

// Plain statements on one connection: migrations bring their own BEGIN/COMMIT here.
export async function applyPending(sql: Pick<SqlRunner, "exec" | "query">): Promise<string[]> {
  await sql.exec(CREATE_TABLE);
  const done = await sql.query<{ migration_name: string; finished_at: Date | null }>(
    `SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const failed = done.find((m) => m.finished_at === null);
  if (failed) {
    throw new Error(
      `Migration ${failed.migration_name} failed earlier; resolve it with \`prisma migrate resolve\``,
    );
  }
  const applied = new Set(done.map((m) => m.migration_name));
  const ran: string[] = [];
  for (const m of await listMigrations()) {
    if (applied.has(m.name)) continue;
    // One transaction per migration: a failure leaves no half-applied schema behind.
    await sql.exec("BEGIN");
    try {
      await sql.exec(m.sql);
      await sql.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
         VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), m.checksum, m.name],
      );
      await sql.exec("COMMIT");
    } catch (error) {
      await sql.exec("ROLLBACK");
      throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
    }
    ran.push(m.name);
  }
  return ran;
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export function migrate(db: Database): Promise<string[]> {
  return withMigrationLock(db, applyPending);
}

type LockedSql = Pick<SqlRunner, "exec" | "query">;

/**
 * Runs fn while holding the lock `prisma migrate` takes, on one dedicated connection: processes
 * starting at once on one server migrate (and seed) one after the other.
 */
export async function withMigrationLock<T>(db: Database, fn: (sql: LockedSql) => Promise<T>): Promise<T> {
  const databaseUrl = env().DATABASE_URL;
  if (db.kind === "pglite" || !databaseUrl) return fn(db.sql);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    return await fn({
      exec: async (s) => void (await client.query(s)),
      query: async (s, p) => (await client.query(s, p as unknown[])).rows as never,
    });
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]).catch(() => {});
    await client.end();
  }
}

/** True when every committed migration has been applied (for readiness checks). */
export async function isSchemaCurrent(sql: SqlRunner): Promise<boolean> {
  const rows = await sql
    .query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    .catch(() => []);
  const applied = new Set(rows.map((r) => r.migration_name));
  return (await listMigrations()).every((m) => applied.has(m.name));
}
