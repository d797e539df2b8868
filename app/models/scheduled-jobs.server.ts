// The runs of jobs that happen once in the cluster per period (ScheduledJob): one row per job with
// when it last ran. Which job runs how often is app/jobs/schedule.server.ts's.
import { database } from "~/db/client.server.ts";

/**
 * Records a run of the job at `at` if its last run was at or before `lastRunNoLaterThan` (or it
 * never ran): true for exactly one of any number of concurrent callers. Raw SQL because the claim
 * must be one conditional write (INSERT ... ON CONFLICT DO UPDATE ... WHERE), and Prisma's upsert
 * takes no condition on its update.
 */
export async function claimJobRun(name: string, at: Date, lastRunNoLaterThan: Date): Promise<boolean> {
  const rows = await database().sql.query(
    `INSERT INTO "ScheduledJob" (name, "lastRunAt") VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET "lastRunAt" = EXCLUDED."lastRunAt" WHERE "ScheduledJob"."lastRunAt" <= $3
     RETURNING name`,
    [name, at, lastRunNoLaterThan],
  );
  return rows.length === 1;
}
