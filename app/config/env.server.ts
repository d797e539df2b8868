// Configuration comes from the environment only, validated once at start-up: a wrong value stops
// the process with one clear line per problem instead of failing later in a request.
import { z } from "zod";

import { parseStorageUrl, StorageUrlError } from "~/storage/storage-url.ts";

const DEV_SESSION_SECRET = "follow-up-development-only-secret";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ invalid_type_error: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 65535")
    .max(65535, "must be between 0 and 65535")
    .default(3000),
  HOST: z.string().min(1, "must not be empty").default("0.0.0.0"),
  DATA_DIR: z.string().min(1, "must not be empty").default("./data"),
  /// The embedded database's page cache, held in the app's own memory (PostgreSQL's shared_buffers,
  /// PGlite's default). Pages beyond it are read from the operating system's file cache: 32MB saves
  /// about 100 MB of resident memory, and costs large lists time (docs/performance.md, Memory).
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9]\d*(kB|MB|GB)$/, "must be a size such as 32MB")
    .default("128MB"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgresql:// (leave it unset for the embedded database)")
    .optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /// Comma-separated origins allowed to send state-changing requests besides the app's own.
  ALLOWED_ORIGINS: z.string().optional(),
  /// Express "trust proxy" behind a load balancer: a hop count (1) or addresses (loopback, 10.0.0.0/8).
  TRUST_PROXY: z.string().optional(),
  /// smtp://user:pass@host:587 (or smtps://): notifications also go out as an email digest.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  SMTP_FROM: z.string().min(3).default("Follow-up <no-reply@followup.example>"),
  /// How often the due-soon and overdue reminders are produced (once in the cluster each time).
  REMINDER_EVERY_MINUTES: z.coerce
    .number({ invalid_type_error: "must be a number" })
    .positive("must be more than 0")
    .default(15),
  /// The server's log level (app/lib/log.server.ts reads it before this check can run).
  LOG_LEVEL: z
    .enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], {
      errorMap: () => ({ message: "must be one of debug, info, warn, error" }),
    })
    .default("info"),
  /// The address users reach the app at, for links in emails.
  APP_URL: z
    .string()
    .url("must be a URL such as https://followup.example.org")
    .default("http://localhost:3000"),
  /// A JSON file of heading text to thematic area, for imported reports (docs/import.md).
  IMPORT_HEADINGS_FILE: z.string().min(1, "must not be empty").optional(),
  /// Where evidence files' bytes go: unset or database: (the app's database), or s3://bucket?... .
  STORAGE_URL: z
    .string()
    .superRefine((value, ctx) => {
      try {
        parseStorageUrl(value);
      } catch (error) {
        if (!(error instanceof StorageUrlError)) throw error;
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: error.message });
      }
    })
    .optional(),
  /// The largest evidence file accepted, in MB (MiB).
  EVIDENCE_MAX_MB: z.coerce
    .number({ invalid_type_error: "must be a number" })
    .positive("must be more than 0")
    .default(25),
  /// Chromium for PDF reports (app/reports/report-pdf.server.ts); unset: /usr/bin/chromium.
  CHROMIUM_PATH: z.string().min(1, "must not be empty").optional(),
  /// A session ends after this many minutes without activity (a request, a co-editing change).
  SESSION_IDLE_MINUTES: z.coerce
    .number({ invalid_type_error: "must be a number of minutes" })
    .int("must be a whole number of minutes")
    .min(1, "must be between 1 and 1440 minutes (a day)")
    .max(1440, "must be between 1 and 1440 minutes (a day)")
    .default(30),
  /// A session ends this many hours after signing in, however active.
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number({ invalid_type_error: "must be a number of hours" })
    .int("must be a whole number of hours")
    .min(1, "must be between 1 and 720 hours (30 days)")
    .max(720, "must be between 1 and 720 hours (30 days)")
    .default(12),
  /// Whether CTED's roles must use a second factor; unset: required in production, optional otherwise.
  SECOND_FACTOR_FOR_CTED: z
    .enum(["required", "optional"], { errorMap: () => ({ message: "must be required or optional" }) })
    .optional(),
});

export type Env = z.infer<typeof EnvSchema> & {
  SESSION_SECRET: string;
  SECOND_FACTOR_FOR_CTED: "required" | "optional";
};

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set": shells and .env files produce them easily.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  const problems = result.success
    ? []
    : result.error.issues.map((i) => ({ name: String(i.path[0]), message: i.message }));
  // Checked apart from the schema so that it is reported together with any other problem.
  if (cleaned.NODE_ENV === "production" && !cleaned.SESSION_SECRET) {
    problems.push({ name: "SESSION_SECRET", message: "is required when NODE_ENV=production" });
  }
  // An idle timeout longer than the session itself would never apply: surely a mistake.
  const hours = result.success ? result.data.SESSION_ABSOLUTE_HOURS : 0;
  if (result.success && result.data.SESSION_IDLE_MINUTES > hours * 60) {
    problems.push({
      name: "SESSION_IDLE_MINUTES",
      message: `must not be longer than SESSION_ABSOLUTE_HOURS (${hours} hour${hours === 1 ? "" : "s"})`,
    });
  }
  if (!result.success || problems.length > 0) {
    const lines = problems.map(
      ({ name, message }) => `  ${name}=${JSON.stringify(source[name] ?? "")}: ${message}`,
    );
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return {
    ...result.data,
    SESSION_SECRET: result.data.SESSION_SECRET ?? DEV_SESSION_SECRET,
    // Required where real people sign in; optional elsewhere, so that the demo and the tests sign
    // in with a password alone.
    SECOND_FACTOR_FOR_CTED:
      result.data.SECOND_FACTOR_FOR_CTED ?? (result.data.NODE_ENV === "production" ? "required" : "optional"),
  };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
