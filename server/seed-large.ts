// `npm run seed:large -- --cases 100000 --states 60`: the demo data (when the database is empty)
// and, beside it, a large data set for benchmarks and demos (prisma/seed/large.ts). Every account
// it makes signs in with the password `followup-demo`, like the demo's. On the embedded database,
// run it while the app is stopped (one process per data folder), then `npm start`.
import { parseArgs } from "node:util";

import { closeDatabase, database } from "~/db/client.server.ts";
import { prepareDatabase } from "~/db/prepare.server.ts";
import { hashPassword } from "~/domain/auth.server.ts";
import { seedLarge } from "~prisma/seed/large.ts";

const { values } = parseArgs({
  options: { cases: { type: "string", default: "100000" }, states: { type: "string", default: "60" } },
});
const cases = Number(values.cases);
const states = Number(values.states);
if (!Number.isInteger(cases) || cases < 1 || cases > 1_000_000) {
  console.error("--cases must be a whole number from 1 to 1,000,000");
  process.exit(1);
}
try {
  const started = performance.now();
  await prepareDatabase({ seed: true });
  const made = await seedLarge(database().sql, {
    cases,
    states,
    passwordHash: await hashPassword("followup-demo"),
  });
  console.log(
    `Seeded ${made.cases.toLocaleString("en")} cases over ${made.countryCodes.length} States ` +
      `(${made.countryCodes[0]} to ${made.countryCodes.at(-1)}), ${made.tasks.toLocaleString("en")} tasks, ` +
      `${made.events.toLocaleString("en")} history entries in ${((performance.now() - started) / 1000).toFixed(1)} s. ` +
      `Focal points sign in as focal@xaa.large.example, partners as officer1@unodc-l.large.example (password followup-demo).`,
  );
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
