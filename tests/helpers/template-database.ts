// Vitest globalSetup for the integration tests: migrates and seeds one template database per
// `vitest run`, which tests/helpers/fresh-database.ts then copies for each test file, instead of
// every file migrating and seeding its own (about 5 s a file on this machine).
// - PGlite (default): an in-memory PGlite prepared the way the app prepares one
//   (prepareDatabase({ seed: true })), dumped with dumpDataDir() to a tarball in a temp folder;
//   each file's in-memory PGlite starts from it (PGLITE_LOAD_DATA_DIR, app/db/client.server.ts).
// - PostgreSQL (TEST_PG_ADMIN_URL set, npm run test:pg): a template database, prepared the same
//   way, then closed to connections; each file gets CREATE DATABASE ... TEMPLATE of it.
// The seed places due dates relative to the day it runs: the template records its UTC day, and a
// file that starts on another day (a run across midnight UTC) migrates and seeds its own as before.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";
import type { TestProject } from "vitest/node";

export type Template =
  { kind: "pglite"; dump: string; day: string } | { kind: "postgresql"; name: string; day: string };

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplate: Template;
  }
}

const utcDay = () => new Date().toISOString().slice(0, 10);

async function adminQuery(adminUrl: string, sql: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Prepares the database the environment names (DATA_DIR or DATABASE_URL) as each file used to, and closes it. */
async function migrateAndSeed(env: Record<string, string | undefined>) {
  const names = ["NODE_ENV", "DATA_DIR", "DATABASE_URL"] as const;
  const saved = Object.fromEntries(names.map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set({ NODE_ENV: "test", ...env });
  try {
    const { prepareDatabase } = await import("~/db/prepare.server.ts");
    const { closeDatabase } = await import("~/db/client.server.ts");
    try {
      await prepareDatabase({ seed: true });
    } finally {
      await closeDatabase();
    }
  } finally {
    set(saved);
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  const day = utcDay();
  if (adminUrl) {
    const name = `followup_template_${randomBytes(6).toString("hex")}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await migrateAndSeed({ DATABASE_URL: url.toString(), DATA_DIR: undefined });
    // No connection may stay open on a template while it is copied; none can open from now on.
    await adminQuery(adminUrl, `ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    project.provide("databaseTemplate", { kind: "postgresql", name, day });
    console.log(`integration: template database ${name} ready in ${Date.now() - started} ms`);
    return async () => {
      await adminQuery(adminUrl, `ALTER DATABASE ${name} WITH IS_TEMPLATE false`);
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
  }
  // Prepared in a data folder (the app's client keeps its PGlite to itself), then reopened and
  // dumped: the tarball loads into any in-memory PGlite.
  const dir = mkdtempSync(path.join(tmpdir(), "followup-template-"));
  const dataDir = path.join(dir, "data");
  const dump = path.join(dir, "template.tar");
  await migrateAndSeed({ DATA_DIR: dataDir, DATABASE_URL: undefined });
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = new PGlite(dataDir);
  await pglite.waitReady; // dumpDataDir() on a PGlite still starting never settles
  writeFileSync(dump, Buffer.from(await (await pglite.dumpDataDir("none")).arrayBuffer()));
  await pglite.close();
  rmSync(dataDir, { recursive: true, force: true });
  project.provide("databaseTemplate", { kind: "pglite", dump, day });
  console.log(`integration: template database ready in ${Date.now() - started} ms`);
  return () => rmSync(dir, { recursive: true, force: true });
}
