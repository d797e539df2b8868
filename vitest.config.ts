import { defineConfig } from "vitest/config";

import { aliases } from "./vitest.aliases.ts";

// Two workers at most: the machine has 2 cores and each PGlite takes about 100 MB.
export default defineConfig({
  resolve: { alias: aliases },
  test: {
    globals: true,
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/realtime/**/*.test.ts"],
          // One migrated, seeded template per run; each file starts from a copy of it.
          globalSetup: ["tests/helpers/template-database.ts"],
          setupFiles: ["tests/helpers/fresh-database.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "system",
          include: ["tests/system/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
