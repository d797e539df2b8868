import { defineConfig } from "vitest/config";

import LongestFirst from "./tests/helpers/sequencer.ts";
import { aliases } from "./vitest.aliases.ts";

// Two workers at most: the machine has 2 cores and each PGlite takes about 100 MB. All projects
// share them: the browser tests run beside the others (each file has its own app process and
// Chromium), not after them one at a time.
// The in-process app's request log (info) is not wanted in the test output; app processes that
// tests start log at info all the same (tests/helpers/server.ts reads their "listening" entry).
export default defineConfig({
  resolve: { alias: aliases },
  test: {
    globals: true,
    maxWorkers: 2,
    env: { LOG_LEVEL: "warn" },
    sequence: { sequencer: LongestFirst },
    // expect.poll waits for what must happen, not for how soon: a browser, an app process and
    // another test file share two cores, so a second (vitest's default) is too short a wait.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      // Pure functions: one worker's module graph serves them all.
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], isolate: false } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/realtime/**/*.test.ts"],
          // One migrated, seeded template per run; each file starts from a copy of it.
          globalSetup: ["tests/helpers/global-setup.ts"],
          setupFiles: ["tests/helpers/fresh-database.ts"],
          // A worker runs file after file in one module graph: the app's modules are loaded, and
          // compiled by V8, once per worker rather than once per file (about a third of the
          // project's CPU time). Each file still gets a database of its own (the setup file runs
          // before each). Not under test:pg: that database's URL differs from file to file, and
          // app/config/env.server.ts reads the configuration once per module graph.
          isolate: Boolean(process.env.TEST_PG_ADMIN_URL),
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "system",
          include: ["tests/system/**/*.test.ts"],
          globalSetup: ["tests/helpers/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/helpers/global-setup.ts"],
          // Each file starts its own app process and Chromium; its worker need not start afresh.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
