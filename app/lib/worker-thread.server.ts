// CPU-heavy work off the main thread: reading an uploaded report and writing a Word report are
// seconds of synchronous work (mammoth's and docx's), during which the main thread would answer no
// other request. A WorkerThread runs one TypeScript module of this project (see serveRequests) on
// a thread of its own, started at the first request and kept for the next ones, one request at a
// time; idle, it does not keep the process running. A request past its time limit stops the
// thread (the next request starts a new one).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parentPort, type TransferListItem, Worker } from "node:worker_threads";

import { DomainError, type ErrorCode } from "~/domain/errors.server.ts";
import type { Message } from "~/i18n/i18n.server.ts";

import { log } from "./log.server.ts";

type Reply<R> = { id: number } & (
  { ok: true; result: R } | { ok: false; status: number; message: string | Message; code?: ErrorCode }
);

/** The sentences of the known threads' failures (errors:worker.*), by what they do. */
const WORK: Record<string, string> = {
  "reading the file": "readingFile",
  "writing the Word report": "writingReport",
};

/**
 * The thread's code: it loads the module through tsx's API (Node 20 does not apply a `--import
 * tsx` to a worker's own entry). This file runs from app/ under tsx and bundled into
 * build/index.js by Remix: the project's folder, found from either, holds the module's source.
 */
function workerCode(source: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  const file = pathToFileURL(path.join(dir, source)).href;
  // tsx's ES module entry (its package's "./esm/api" import condition).
  const tsxPackage = createRequire(path.join(dir, "package.json")).resolve("tsx/package.json");
  const tsx = pathToFileURL(path.join(path.dirname(tsxPackage), "dist/esm/api/index.mjs")).href;
  return `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(file)}, ${JSON.stringify(file)}));`;
}

export class WorkerThread<Req, Res> {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: Reply<Res>) => void>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    /** The module's path from the project's folder, e.g. "app/import/read-worker.ts". */
    private readonly source: string,
    /** What it does ("reading the file"), for the log and the sentence a user gets when it fails. */
    private readonly what: string,
    private readonly timeLimitMs: number,
  ) {}

  /** The module's answer to `request`: its result, or the DomainError it refused the request with. */
  run(request: Req, transfer: TransferListItem[] = []): Promise<Res> {
    const turn = this.queue.then(() => this.runNow(request, transfer));
    this.queue = turn.catch(() => {});
    return turn;
  }

  /** Stops the thread (at shutdown, or when a script is done with it). */
  async stop(): Promise<void> {
    const running = this.worker;
    this.worker = null;
    await running?.terminate();
  }

  private start(): Worker {
    const started = new Worker(workerCode(this.source), { eval: true });
    started.on("message", (reply: Reply<Res>) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
    started.on("error", (error) =>
      log.error("worker thread failed", { what: this.what, error: error.message }),
    );
    started.on("exit", () => {
      if (this.worker === started) this.worker = null;
      for (const [id, answer] of this.waiting)
        answer({ id, ok: false, status: 500, message: "the thread stopped" });
      this.waiting.clear();
    });
    return started;
  }

  private async runNow(request: Req, transfer: TransferListItem[]): Promise<Res> {
    const thread = (this.worker ??= this.start());
    // Kept alive by the request in progress only.
    thread.ref();
    const id = ++this.nextId;
    const reply = await new Promise<Reply<Res>>((resolve) => {
      const timer = setTimeout(() => {
        log.warn("worker thread past its time limit", { what: this.what, ms: this.timeLimitMs });
        resolve({ id, ok: false, status: 408, message: "" });
        void thread.terminate();
      }, this.timeLimitMs);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        thread.unref();
        resolve(r);
      });
      thread.postMessage({ id, request }, transfer);
    });
    if (reply.ok) return reply.result;
    const work = WORK[this.what] ?? "other";
    if (reply.status === 408) throw new DomainError(400, `errors:worker.${work}.tooLong`, {}, "timeout");
    if (reply.status >= 500) {
      const error = typeof reply.message === "string" ? reply.message : reply.message.key;
      log.error("worker thread request failed", { what: this.what, error: error.slice(0, 500) });
      throw new DomainError(500, `errors:worker.${work}.failed`);
    }
    throw new DomainError(reply.status, reply.message, {}, reply.code);
  }
}

/**
 * In the thread's module: answers each request with `handle`'s result (its ArrayBuffers handed
 * over, not copied, when `transfer` names them), or with the status and sentence of the
 * DomainError it threw (its message untranslated, for the request's thread to say in the
 * request's language): classes do not cross threads.
 */
export function serveRequests<Req, Res>(
  handle: (request: Req) => Promise<Res>,
  transfer: (result: Res) => TransferListItem[] = () => [],
): void {
  parentPort!.on("message", async ({ id, request }: { id: number; request: Req }) => {
    try {
      const result = await handle(request);
      parentPort!.postMessage({ id, ok: true, result } satisfies Reply<Res>, transfer(result));
    } catch (error) {
      const refusal = error instanceof DomainError ? error : null;
      parentPort!.postMessage({
        id,
        ok: false,
        status: refusal?.status ?? 500,
        message: refusal?.source ?? String((error as Error)?.stack ?? error),
        code: refusal?.code,
      } satisfies Reply<Res>);
    }
  });
}
