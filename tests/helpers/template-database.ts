// The databases a test run starts from, made once per `vitest run` (tests/helpers/global-setup.ts)
// instead of by every test file or app start (about 5 s of CPU each on this machine).
// - PGlite (default): a PGlite data folder prepared the way the app prepares one
//   (prepareDatabase), kept in two copies: migrated only, and migrated and seeded. App processes
//   started by tests/helpers/server.ts begin on a copy of the one the app would have made itself
//   (seeded, or migrated only under NODE_ENV=production). The seeded one is also dumped with
//   dumpDataDir() to a tarball, which each integration file's in-memory PGlite starts from
//   (tests/helpers/fresh-database.ts, PGLITE_LOAD_DATA_DIR in app/db/client.server.ts).
// - PostgreSQL (TEST_PG_ADMIN_URL set, npm run test:pg): for the integration project, a template
//   database, prepared the same way, then closed to connections; each file gets
//   CREATE DATABASE ... TEMPLATE of it.
// The PGlite templates are kept between runs (node_modules/.cache), for as long as what made them
// is unchanged; the PostgreSQL one is made for each run.
// The seed places due dates relative to the day it runs: a template records its UTC day, and a
// file or app that starts on another day (a run across midnight UTC) migrates and seeds its own.
import { createHash, randomBytes } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

import pg from "pg";

export type Template =
  { kind: "pglite"; dump: string; day: string } | { kind: "postgresql"; name: string; day: string };

/** PGlite data folders to copy for an app process (tests/helpers/server.ts). */
export interface AppDataTemplate {
  seeded: string;
  migrated: string;
  day: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplate: Template;
    appDataTemplate: AppDataTemplate;
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

/** Prepares the database the environment names (DATA_DIR or DATABASE_URL) as the app would, and closes it. */
async function prepare(env: Record<string, string | undefined>, seed: boolean) {
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
      await prepareDatabase({ seed });
    } finally {
      await closeDatabase();
    }
  } finally {
    set(saved);
  }
}

export interface PgliteTemplates {
  database: Template;
  app: AppDataTemplate;
}

/** Makes the PGlite templates in dir: migrated/ and seeded/ data folders, and template.tar. */
async function makePgliteTemplates(dir: string) {
  const seeded = path.join(dir, "seeded");
  // Migrated, copied, then seeded: the same steps as the app's own first start, in two stages.
  await prepare({ DATA_DIR: seeded, DATABASE_URL: undefined }, false);
  cpSync(seeded, path.join(dir, "migrated"), { recursive: true });
  await prepare({ DATA_DIR: seeded, DATABASE_URL: undefined }, true);
  // Reopened (the app's client keeps its PGlite to itself) and dumped: the tarball loads into any
  // in-memory PGlite.
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = new PGlite(seeded);
  await pglite.waitReady; // dumpDataDir() on a PGlite still starting never settles
  writeFileSync(
    path.join(dir, "template.tar"),
    Buffer.from(await (await pglite.dumpDataDir("none")).arrayBuffer()),
  );
  await pglite.close();
}

// The templates are kept from one run to the next: what they hold follows from the migrations,
// the seed and the code it runs (app/, workflows/, prisma/), this file, the installed packages and
// the day (due dates are relative to it), so a run whose sources and day match a kept one's uses
// it as it is. The few most recently used are kept; a run never changes one.
const CACHE = path.resolve("node_modules/.cache/follow-up-test-templates");
const KEEP = 3;
const SOURCES = ["app", "workflows", "prisma", "package-lock.json", "tests/helpers/template-database.ts"];

function sourcesHash(): string {
  const hash = createHash("sha256");
  const add = (file: string) => {
    if (file === path.join("app", "generated")) return; // made from prisma/ by the installed Prisma
    if (statSync(file).isDirectory()) for (const name of readdirSync(file).sort()) add(path.join(file, name));
    else hash.update(`${file}\0`).update(readFileSync(file));
  };
  for (const source of SOURCES) if (existsSync(source)) add(source);
  return hash.digest("hex").slice(0, 24);
}

/**
 * Forgets templates beyond the KEEP most recently used that no run has used for half an hour (a run
 * in another checkout may be using one), and builds abandoned as long.
 */
function prune() {
  const idle = Date.now() - 30 * 60 * 1000;
  const entries = readdirSync(CACHE)
    .map((name) => ({ dir: path.join(CACHE, name), name, used: statSync(path.join(CACHE, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  const kept = entries.filter((e) => !e.name.startsWith("building-")).slice(0, KEEP);
  for (const entry of entries)
    if (!kept.includes(entry) && entry.used < idle) rmSync(entry.dir, { recursive: true, force: true });
}

export async function pgliteTemplates(): Promise<PgliteTemplates> {
  const started = Date.now();
  const day = utcDay();
  mkdirSync(CACHE, { recursive: true });
  const dir = path.join(CACHE, `${day}-${sourcesHash()}`);
  if (existsSync(dir)) {
    utimesSync(dir, new Date(), new Date());
  } else {
    // Made aside and renamed into place whole: a run that finds it finds it complete.
    const building = mkdtempSync(path.join(CACHE, "building-"));
    try {
      await makePgliteTemplates(building);
      renameSync(building, dir);
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(dir)) throw error; // else another run made the same one meanwhile
    }
    console.log(`template databases ready in ${Date.now() - started} ms`);
  }
  prune();
  return {
    database: { kind: "pglite", dump: path.join(dir, "template.tar"), day },
    app: { seeded: path.join(dir, "seeded"), migrated: path.join(dir, "migrated"), day },
  };
}

export async function postgresTemplate(
  adminUrl: string,
): Promise<{ database: Template; cleanup(): Promise<void> }> {
  const started = Date.now();
  const name = `followup_template_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await prepare({ DATABASE_URL: url.toString(), DATA_DIR: undefined }, true);
  // No connection may stay open on a template while it is copied; none can open from now on.
  await adminQuery(adminUrl, `ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  console.log(`integration: template database ${name} ready in ${Date.now() - started} ms`);
  return {
    database: { kind: "postgresql", name, day: utcDay() },
    cleanup: async () => {
      await adminQuery(adminUrl, `ALTER DATABASE ${name} WITH IS_TEMPLATE false`);
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
