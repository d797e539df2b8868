// Jobs that run once in the cluster per period. Every process ticks; the one whose claim
// succeeds runs the job. The claim is a single conditional write on the job's row, so two
// processes cannot both win it, and it is in the database, so a restart does not run a job again
// before its period is up.
import { claimJobRun } from "~/models/scheduled-jobs.server.ts";

/** Claims the job's run for this period: true for exactly one caller per period. */
export async function claimRun(name: string, everyMs: number, now = new Date()): Promise<boolean> {
  return claimJobRun(name, now, new Date(now.getTime() - everyMs));
}
