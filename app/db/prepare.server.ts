// Start-up: bring the schema up to date, then seed the demo data into an empty database
// (never in production).
import { env } from "../config/env.server.ts";
import { database } from "./client.server.ts";
import { migrate } from "./migrate.server.ts";
import { seedDemoData } from "../../prisma/seed/seed.ts";

export async function prepareDatabase({ seed = env().NODE_ENV !== "production" } = {}) {
  const db = database();
  const applied = await migrate(db);
  let seeded = false;
  if (seed && (await db.prisma.organization.count()) === 0) {
    await seedDemoData(db.prisma);
    seeded = true;
  }
  return { applied, seeded };
}
