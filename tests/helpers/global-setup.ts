// Vitest globalSetup of the integration, system and e2e projects: the Remix build that app
// processes (tests/helpers/server.ts) serve, and the template databases
// (tests/helpers/template-database.ts), both made once per run and side by side.
import { spawn } from "node:child_process";

import type { TestProject } from "vitest/node";

import { pgliteTemplates, postgresTemplate } from "./template-database.ts";

/**
 * server/build.ts's buildIfNeeded, in a child process so that it runs beside the templates (it
 * blocks while it builds). Once, before any app starts: apps started together would race to build.
 */
function buildApp(): Promise<void> {
  const script = `import("./server/build.ts").then((m) => m.buildIfNeeded(console.log))`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--eval", script], {
      stdio: ["ignore", "inherit", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`building the app failed (${code}):\n${stderr}`)),
    );
  });
}

// Each project runs its own globalSetup, all in vitest's main process: what they need is made by
// the first project to ask, shared through globalThis, and (the PostgreSQL template) removed after
// the last one's teardown.
const KEY = Symbol.for("follow-up.test-setup");
interface Shared {
  build: Promise<void>;
  pglite?: ReturnType<typeof pgliteTemplates>;
  postgres?: ReturnType<typeof postgresTemplate>;
  users: number;
}

export default async function setup(project: TestProject) {
  const holder = globalThis as { [KEY]?: Shared };
  const shared = (holder[KEY] ??= { build: buildApp(), users: 0 });
  shared.users++;
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  // Under test:pg the integration files run on PostgreSQL (the app processes they start inherit
  // their DATABASE_URL); any other project's app processes still run on PGlite.
  if (adminUrl && project.name === "integration") {
    shared.postgres ??= postgresTemplate(adminUrl);
    project.provide("databaseTemplate", (await shared.postgres).database);
  } else {
    shared.pglite ??= pgliteTemplates();
    const templates = await shared.pglite;
    project.provide("databaseTemplate", templates.database);
    project.provide("appDataTemplate", templates.app);
  }
  await shared.build;
  return async () => {
    if (--shared.users > 0) return;
    delete holder[KEY];
    if (shared.postgres) await (await shared.postgres).cleanup();
  };
}
