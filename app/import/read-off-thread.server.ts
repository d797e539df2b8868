// Uploaded reports are read on a thread of their own (read-worker.ts): opening a long Word report
// is up to a few seconds of CPU (mammoth parses its XML synchronously), which on the main thread
// would hold every other user's request for as long. One file at a time; a file built to be slow
// to read is stopped after 30 seconds (a 400, like any file we cannot read).
import { WorkerThread } from "~/lib/worker-thread.server.ts";

import type { ImportOptions } from "./read-upload.server.ts";
import type { ReadRequest } from "./read-worker.ts";
import type { ReadReport } from "./rows.ts";

const reader = new WorkerThread<ReadRequest, ReadReport>(
  "app/import/read-worker.ts",
  "reading the file",
  30_000,
);

/** readImportFile (read-upload.server.ts), on the reader's thread. */
export function readImportFileOffThread(
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions = {},
): Promise<ReadReport> {
  return reader.run({ bytes, fileName, options });
}

/** Stops the reader's thread (a script done with importing, such as the demo seed). */
export const stopImportReader = () => reader.stop();
