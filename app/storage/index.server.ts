// The process's one Storage, chosen by STORAGE_URL (storage-url.ts), and the evidence size limit.
// On globalThis because both the Express entry and the Remix server bundle import this module:
// one S3 client (with its connection pool) per process, as app/db/client.server.ts does for the
// database.
import { env } from "~/config/env.server.ts";

import { DatabaseStorage } from "./database.server.ts";
import { S3Storage } from "./s3.server.ts";
import type { Storage } from "./storage.server.ts";
import { parseStorageUrl } from "./storage-url.ts";

const KEY = Symbol.for("follow-up.storage");
type Holder = { [KEY]?: Storage };

export function storage(): Storage {
  const holder = globalThis as Holder;
  holder[KEY] ??= open();
  return holder[KEY];
}

function open(): Storage {
  const config = parseStorageUrl(env().STORAGE_URL);
  return config.kind === "s3" ? new S3Storage(config) : new DatabaseStorage();
}

/** The largest evidence file accepted, in bytes (EVIDENCE_MAX_MB). */
export function evidenceMaxBytes(): number {
  return Math.floor(env().EVIDENCE_MAX_MB * 1024 * 1024);
}
