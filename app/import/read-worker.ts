// The import reader's thread (read-off-thread.server.ts starts it): reads one file at a time and
// answers with the rows, or with the refusal's status and sentence (classes do not cross threads).
import { parentPort } from "node:worker_threads";

import { DomainError } from "~/domain/errors.server.ts";

import { type ImportOptions, readImportFile } from "./read-upload.server.ts";

export interface ReadRequest {
  id: number;
  bytes: Uint8Array;
  fileName: string;
  options: ImportOptions;
}

parentPort!.on("message", async ({ id, bytes, fileName, options }: ReadRequest) => {
  try {
    parentPort!.postMessage({ id, ok: true, report: await readImportFile(bytes, fileName, options) });
  } catch (error) {
    const refusal = error instanceof DomainError ? error : null;
    parentPort!.postMessage({
      id,
      ok: false,
      status: refusal?.status ?? 500,
      message: refusal?.message ?? String(error),
    });
  }
});
