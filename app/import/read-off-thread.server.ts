// Reads uploaded reports on a thread of their own: opening a long Word report is seconds of CPU
// (mammoth parses its XML synchronously), which on the main thread would hold every other user's
// request for as long. One thread, started at the first import and kept, reads one file at a
// time (the machine's other core serves requests); a read that runs past the time limit (a file
// built to be slow to parse) is stopped with the thread, and the next import starts a new one.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

import { DomainError } from "~/domain/errors.server.ts";
import { log } from "~/lib/log.server.ts";

import type { ImportOptions } from "./read-upload.server.ts";
import type { ReadRequest } from "./read-worker.ts";
import type { ReadReport } from "./rows.ts";

const TIME_LIMIT_MS = 30_000;

type Reply = { id: number } & (
  { ok: true; report: ReadReport } | { ok: false; status: number; message: string }
);

/**
 * The thread's code: it loads read-worker.ts through tsx's API (Node 20 does not apply a
 * `--import tsx` to a worker's own entry). This module runs from app/ under tsx, and bundled into
 * build/index.js by Remix: the project's folder, found from either, holds the worker's source.
 */
function workerCode(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  const source = pathToFileURL(path.join(dir, "app/import/read-worker.ts")).href;
  // tsx's ES module entry (its package's "./esm/api" import condition).
  const tsxPackage = createRequire(path.join(dir, "package.json")).resolve("tsx/package.json");
  const tsx = pathToFileURL(path.join(path.dirname(tsxPackage), "dist/esm/api/index.mjs")).href;
  return `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}));`;
}

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, (reply: Reply) => void>();
let queue: Promise<unknown> = Promise.resolve();

function start(): Worker {
  const started = new Worker(workerCode(), { eval: true });
  started.unref();
  started.on("message", (reply: Reply) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  started.on("error", (error) => log.error("import reader thread failed", { error: error.message }));
  started.on("exit", () => {
    if (worker === started) worker = null;
    for (const [id, answer] of waiting) answer({ id, ok: false, status: 500, message: "the reader stopped" });
    waiting.clear();
  });
  return started;
}

async function readOnce(bytes: Uint8Array, fileName: string, options: ImportOptions): Promise<ReadReport> {
  const thread = (worker ??= start());
  // Kept alive by the read in progress only: an idle reader does not keep a process running.
  thread.ref();
  const id = ++nextId;
  const reply = await new Promise<Reply>((resolve) => {
    const timer = setTimeout(() => {
      log.warn("import file took too long to read", { fileName, ms: TIME_LIMIT_MS });
      resolve({
        id,
        ok: false,
        status: 400,
        message: "This file takes too long to read: it is not a visit report we can read.",
      });
      void thread.terminate();
    }, TIME_LIMIT_MS);
    waiting.set(id, (r) => {
      clearTimeout(timer);
      thread.unref();
      resolve(r);
    });
    thread.postMessage({ id, bytes, fileName, options } satisfies ReadRequest);
  });
  if (reply.ok) return reply.report;
  if (reply.status >= 500) {
    log.error("import reader failed", { fileName, error: reply.message.slice(0, 300) });
    throw new DomainError(
      400,
      "The file could not be read: check that it is the visit report, and upload it again.",
    );
  }
  throw new DomainError(reply.status, reply.message);
}

/** readImportFile (read-upload.server.ts) on the reader's thread, one file after another. */
export function readImportFileOffThread(
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions = {},
): Promise<ReadReport> {
  const turn = queue.then(() => readOnce(bytes, fileName, options));
  queue = turn.catch(() => {});
  return turn;
}

/** Stops the reader's thread (at shutdown, and after the demo seed's imports). */
export async function stopImportReader(): Promise<void> {
  const running = worker;
  worker = null;
  await running?.terminate();
}
