// `npm run test:cluster` (tests/pg/run.ts starts PostgreSQL, then this): not part of `npm test`,
// which needs no server.
import { defineConfig } from "vitest/config";

import { aliases } from "./vitest.aliases.ts";

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    include: ["tests/cluster/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
