// Starts the real app (`server/start.ts`, as `npm start` does) in a child process on a free port,
// with its own embedded database folder.
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export interface RunningApp {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * The run's template data folders (tests/helpers/global-setup.ts), under vitest only, and only on
 * the day they were seeded (due dates are relative to it).
 */
async function appDataTemplate() {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import("vitest");
  const template = inject("appDataTemplate");
  return template?.day === new Date().toISOString().slice(0, 10) ? template : undefined;
}

/**
 * Makes an empty data folder (or a missing one) a copy of the run's template, which holds what the
 * app's first start would put there: the migrations, and the demo data unless NODE_ENV=production.
 * Without a template (outside vitest, or on another day) it stays empty: the app prepares it.
 */
export async function prepareDataDir(dataDir: string, nodeEnv = "development"): Promise<void> {
  const template = await appDataTemplate();
  if (!template || (existsSync(dataDir) && readdirSync(dataDir).length > 0)) return;
  cpSync(nodeEnv === "production" ? template.migrated : template.seeded, dataDir, { recursive: true });
}

/**
 * Runs fn on a data folder's database, opened in this process (for factories, before the app
 * starts on it), prepared as the app would, and closed again: two PGlite instances on one folder
 * corrupt it. The database client reads its configuration once: one folder per test file.
 */
export async function onDataDir<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  await prepareDataDir(dataDir);
  process.env.DATA_DIR = dataDir;
  const { prepareDatabase } = await import("~/db/prepare.server.ts");
  const { closeDatabase } = await import("~/db/client.server.ts");
  try {
    await prepareDatabase({ seed: true });
    return await fn();
  } finally {
    await closeDatabase();
  }
}

/** Starts the app; with DATA_DIR given, on that folder (left in place), else on a new one. */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const ownDataDir = !env.DATA_DIR;
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "followup-e2e-"));
  if (!(env.DATABASE_URL ?? process.env.DATABASE_URL)) await prepareDataDir(dataDir, env.NODE_ENV);
  // `node --import tsx` rather than the tsx CLI: one process, so signals (SIGKILL too) reach the app.
  const child = spawn(
    process.execPath,
    [...(process.env.APP_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx", "server/start.ts"],
    {
      env: {
        ...process.env,
        NODE_ENV: "development",
        PORT: "0",
        HOST: "127.0.0.1",
        // The "listening" entry (info) is how its start is seen, whatever level the tests log at.
        LOG_LEVEL: "info",
        ...env,
        DATA_DIR: dataDir,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  // The last 64 KiB of the app's output, for error messages (request logs would grow it forever).
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-65536));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start:\n${output}`)), 120_000);
    const onData = () => {
      const listening = logEntries(output).find((entry) => entry.msg === "listening");
      if (listening) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolve(String(listening.url));
      }
    };
    child.stdout!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Signs in through a running app's POST /api/session; returns the session cookie. */
export async function signInOver(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: "followup-demo" }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

/** The app's log entries (one JSON object per line) in an output; other lines are skipped. */
export function logEntries(output: string): Array<Record<string, unknown>> {
  return output.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return []; // a line cut at the start of the kept output, or still being written
    }
  });
}
