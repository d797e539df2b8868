// `npm run test:cluster`: a throwaway PostgreSQL 15 on loopback, then the cluster tests, which
// start two app processes on it.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { startPostgres } from "../pg/throwaway-postgres.ts";

const pg = await startPostgres();
console.log(`PostgreSQL started at ${pg.url}`);
let status = 1;
try {
  const vitest = path.resolve("node_modules/vitest/vitest.mjs");
  status = spawnSync(process.execPath, [vitest, "run", "--config", "vitest.cluster.config.ts", ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, TEST_PG_ADMIN_URL: pg.url },
  }).status ?? 1;
} finally {
  pg.stop();
}
process.exit(status);
