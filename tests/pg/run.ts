// `npm run test:pg` and `npm run test:cluster`: vitest, with the arguments given, against a real
// PostgreSQL 15 server that this script starts on loopback and stops afterwards. The tests get its
// superuser URL in TEST_PG_ADMIN_URL and create their own databases on it.
import { spawnSync } from "node:child_process";
import path from "node:path";

import { startPostgres } from "./throwaway-postgres.ts";

const pg = await startPostgres();
console.log(`PostgreSQL started at ${pg.url}`);
let status = 1;
try {
  const vitest = path.resolve("node_modules/vitest/vitest.mjs");
  status =
    spawnSync(process.execPath, [vitest, "run", ...process.argv.slice(2)], {
      stdio: "inherit",
      env: { ...process.env, TEST_PG_ADMIN_URL: pg.url },
    }).status ?? 1;
} finally {
  pg.stop();
}
process.exit(status);
