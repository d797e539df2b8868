// The import reader's thread (read-off-thread.server.ts starts it).
import { serveRequests } from "~/lib/worker-thread.server.ts";

import { type ImportOptions, readImportFile } from "./read-upload.server.ts";

export interface ReadRequest {
  bytes: Uint8Array;
  fileName: string;
  options: ImportOptions;
}

serveRequests(({ bytes, fileName, options }: ReadRequest) => readImportFile(bytes, fileName, options));
