// Vitest setup for integration tests: each test file gets its own database with the committed
// migrations applied and the demo data seeded. In-memory PGlite by default; a database of its
// own on a PostgreSQL server when TEST_PG_ADMIN_URL is set (npm run test:pg).
// Each starts as a copy of the template that tests/helpers/template-database.ts (globalSetup)
// migrated and seeded once for the run: PGlite loads its dump, PostgreSQL clones it with
// CREATE DATABASE ... TEMPLATE. Without a template of today (UTC), a file migrates and seeds its own.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, inject } from "vitest";

process.env.NODE_ENV = "test";
const adminUrl = process.env.TEST_PG_ADMIN_URL;
const provided = inject("databaseTemplate");
const template = provided && provided.day === new Date().toISOString().slice(0, 10) ? provided : undefined;
let dropDatabase: (() => Promise<void>) | undefined;

if (adminUrl) {
  const name = `followup_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(
    template?.kind === "postgresql"
      ? `CREATE DATABASE ${name} TEMPLATE ${template.name}`
      : `CREATE DATABASE ${name}`,
  );
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
} else {
  delete process.env.DATABASE_URL;
  process.env.DATA_DIR = "memory://";
}

const { prepareDatabase } = await import("~/db/prepare.server.ts");
const { closeDatabase, database } = await import("~/db/client.server.ts");
if (template?.kind === "pglite") {
  // Read once, when the client opens its PGlite; not left behind for anything started later.
  process.env.PGLITE_LOAD_DATA_DIR = template.dump;
  try {
    database();
  } finally {
    delete process.env.PGLITE_LOAD_DATA_DIR;
  }
}
// On a copy of the template this finds nothing to do (and checks so); otherwise it does it all.
await prepareDatabase({ seed: true });

afterAll(async () => {
  await closeDatabase();
  await dropDatabase?.();
});
