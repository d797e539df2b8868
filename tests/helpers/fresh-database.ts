// Vitest setup for integration tests: each test file gets its own database with the committed
// migrations applied and the demo data seeded. In-memory PGlite by default; a database of its
// own on a PostgreSQL server when TEST_PG_ADMIN_URL is set (npm run test:pg).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";

process.env.NODE_ENV = "test";
const adminUrl = process.env.TEST_PG_ADMIN_URL;
let dropDatabase: (() => Promise<void>) | undefined;

if (adminUrl) {
  const name = `followup_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
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

const { prepareDatabase } = await import("../../app/db/prepare.server.ts");
const { closeDatabase } = await import("../../app/db/client.server.ts");
await prepareDatabase({ seed: true });

afterAll(async () => {
  await closeDatabase();
  await dropDatabase?.();
});
