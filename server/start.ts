// `npm start`: validate the configuration, bring the database up to date (and seed the demo data
// into an empty one), build the app if needed, and serve it.
import { pathToFileURL } from "node:url";

import type { ServerBuild } from "@remix-run/node";

import { env, EnvError } from "~/config/env.server.ts";
import { closeDatabase, database } from "~/db/client.server.ts";
import { prepareDatabase } from "~/db/prepare.server.ts";
import { assertRowSecurity, RowSecurityError } from "~/db/row-security.server.ts";
import { cleanOrphanUploadsAtStart } from "~/jobs/orphan-uploads.server.ts";
import { log } from "~/lib/log.server.ts";
import { closePdfRenderer } from "~/reports/pdf-browser.server.ts";

import { createApp } from "./app.ts";
import { BUILD_PATH, buildIfNeeded } from "./build.ts";
import { startJobs } from "./jobs.ts";
import { attachRealtime } from "./realtime/index.ts";

async function main() {
  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { applied, seeded } = await prepareDatabase();
  // Defence in depth must hold before anyone is served (docs/security.md).
  try {
    await assertRowSecurity(database());
  } catch (error) {
    if (!(error instanceof RowSecurityError)) throw error;
    console.error(error.message);
    await closeDatabase();
    process.exit(1);
  }
  log.info("database ready", {
    database: config.DATABASE_URL ? "postgresql" : `pglite:${config.DATA_DIR}`,
    migrationsApplied: applied,
    demoDataSeeded: seeded,
  });
  // Evidence files left half-recorded by a crash. Housekeeping: a failure here must not stop the start.
  await cleanOrphanUploadsAtStart().then(
    (result) => log.info("orphan uploads cleaned", result),
    (error) => log.error("orphan upload clean-up failed", { error: String(error?.stack ?? error) }),
  );
  buildIfNeeded((msg) => log.info(msg));
  const build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
  const allowedOrigins = config.ALLOWED_ORIGINS?.split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  let stopping = false;
  const server = createApp({
    build,
    allowedOrigins,
    trustProxy: config.TRUST_PROXY,
    stopping: () => stopping,
  });
  // With DATABASE_URL, other processes may share the database: join them (docs/deploy.md).
  const realtime = await attachRealtime(server, { allowedOrigins, clusterDatabaseUrl: config.DATABASE_URL });
  const jobs = startJobs();
  server.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    const url = `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${port}`;
    log.info("listening", { url, port });
    if (seeded || config.NODE_ENV === "development") {
      console.log(
        `\nFollow-up is running at ${url}\nDemo accounts (password followup-demo) are listed in README.md, e.g. expert@cted.example.\n`,
      );
    }
  });

  // Stop accepting (and answer /readyz 503), tell live clients to reconnect, which sends them to
  // another process behind a load balancer, store every pending document update, then exit.
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    jobs.stop();
    const closing = realtime.close();
    server.close(async () => {
      await closing;
      await closePdfRenderer();
      await closeDatabase();
      process.exit(0);
    });
    server.closeIdleConnections();
    // Do not wait forever on keep-alive connections.
    setTimeout(() => server.closeAllConnections(), 5000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error) => {
  log.error("start-up failed", { error: String(error?.stack ?? error) });
  process.exit(1);
});
