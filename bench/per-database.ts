// Runs a benchmark once per database, each in a child process of its own (a clean heap, and the
// database client and env() are per process): embedded PGlite always, a throwaway PostgreSQL 15
// too when its server binaries are installed (skip with --pglite-only). The child is the same
// script, called with `--child <pglite|postgresql> ...childArgs`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export async function runPerDatabase(script: string, childArgs: string[] = []): Promise<void> {
  const runs = ["pglite"];
  const { startPostgres } = await import("~tests/pg/throwaway-postgres.ts");
  let pg: Awaited<ReturnType<typeof startPostgres>> | undefined;
  if (!process.argv.includes("--pglite-only")) {
    try {
      pg = await startPostgres();
      runs.push("postgresql");
    } catch (error) {
      console.log(`(PostgreSQL run skipped: ${(error as Error).message})`);
    }
  }
  const { buildIfNeeded } = await import("~server/build.ts");
  buildIfNeeded((m) => console.log(m));
  for (const run of runs) {
    const dataDir = mkdtempSync(path.join(tmpdir(), "followup-bench-"));
    const env = run === "pglite" ? { DATA_DIR: dataDir, DATABASE_URL: "" } : { DATABASE_URL: pg!.url };
    const result = spawnSync(
      process.execPath,
      [path.resolve("node_modules/tsx/dist/cli.mjs"), script, "--child", run, ...childArgs],
      {
        stdio: "inherit",
        env: {
          ...process.env,
          NODE_ENV: "production",
          SESSION_SECRET: "bench-secret-bench-secret-bench-secret",
          // The benchmarks measure the API, not the second factor: their CTED accounts sign in
          // with a password, as a production install's would only with a code.
          SECOND_FACTOR_FOR_CTED: "optional",
          ...env,
        },
      },
    );
    rmSync(dataDir, { recursive: true, force: true });
    if (result.status !== 0) process.exitCode = 1;
  }
  pg?.stop();
}
