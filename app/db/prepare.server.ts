// Start-up: bring the schema up to date, then seed the demo data into an empty database
// (never in production).
import { env } from "~/config/env.server.ts";
import { seedDemoData } from "~prisma/seed/seed.ts";

import { database } from "./client.server.ts";
import { applyPending, withMigrationLock } from "./migrate.server.ts";

export async function prepareDatabase({ seed = env().NODE_ENV !== "production" } = {}) {
  const db = database();
  // Under one lock: of several processes starting together on an empty database, one seeds it.
  return withMigrationLock(db, async (sql) => {
    const applied = await applyPending(sql);
    const seeded = seed && (await db.prisma.organization.count()) === 0;
    if (seeded) await seedDemoData(db.prisma);
    return { applied, seeded };
  });
}
