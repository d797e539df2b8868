// The scheduler: every process ticks, and each job runs in the one process that claims its
// period (app/jobs/schedule.server.ts).
import { env } from "~/config/env.server.ts";
import { runEmailDigest } from "~/jobs/email-digest.server.ts";
import { runMaintenance } from "~/jobs/maintenance.server.ts";
import { runReminders } from "~/jobs/reminders.server.ts";
import { claimRun } from "~/jobs/schedule.server.ts";
import { log } from "~/lib/log.server.ts";

interface Job {
  name: string;
  everyMs: number;
  run(): Promise<Record<string, unknown> | void>;
}

function defaultJobs(): Job[] {
  const { SMTP_URL, SMTP_FROM, APP_URL, REMINDER_EVERY_MINUTES } = env();
  return [
    { name: "maintenance", everyMs: 5 * 60_000, run: () => runMaintenance() },
    { name: "reminders", everyMs: REMINDER_EVERY_MINUTES * 60_000, run: () => runReminders() },
    // Without SMTP_URL, notifications stay in the app.
    ...(SMTP_URL
      ? [
          {
            name: "email-digest",
            everyMs: 5 * 60_000,
            run: () => runEmailDigest({ smtpUrl: SMTP_URL, from: SMTP_FROM, appUrl: APP_URL }),
          },
        ]
      : []),
  ];
}
const TICK_MS = 30_000;

export function startJobs(
  jobs: Job[] = defaultJobs(),
  tickMs = Math.min(TICK_MS, ...jobs.map((j) => j.everyMs)),
): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const job of jobs) {
        if (!(await claimRun(job.name, job.everyMs))) continue;
        const started = Date.now();
        const result = await job.run();
        log.info("job done", { job: job.name, ms: Date.now() - started, ...result });
      }
    } catch (error) {
      log.error("job failed", { error: String((error as Error)?.stack ?? error) });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), tickMs).unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
