// STORAGE_URL, read: where evidence files' bytes go. Unset or "database:" for the app's database;
// "s3://bucket?endpoint=...&region=...&forcePathStyle=true" for S3 or an S3-compatible server
// (credentials from the AWS SDK's usual sources, e.g. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).
// Checked with the rest of the configuration (app/config/env.server.ts), so a typo stops the start.

export type StorageConfig =
  | { kind: "database" }
  | { kind: "s3"; bucket: string; endpoint?: string; region?: string; forcePathStyle: boolean };

const S3_PARAMS = new Set(["endpoint", "region", "forcePathStyle"]);
const USAGE = "must be database: or s3://bucket?endpoint=...&region=...&forcePathStyle=true";

export class StorageUrlError extends Error {}

export function parseStorageUrl(value: string | undefined): StorageConfig {
  if (value === undefined || value === "" || value === "database:") return { kind: "database" };
  if (!value.startsWith("s3://")) throw new StorageUrlError(USAGE);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StorageUrlError(USAGE);
  }
  const bucket = url.hostname;
  // S3's bucket naming rules, which also keep a path or credentials out of the bucket's place.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || (url.pathname !== "" && url.pathname !== "/")) {
    throw new StorageUrlError(`${USAGE} (the bucket name: 3-63 lower-case letters, digits, dots, hyphens)`);
  }
  if (url.username || url.password) {
    throw new StorageUrlError(`${USAGE} (credentials go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`);
  }
  const unknown = [...url.searchParams.keys()].filter((k) => !S3_PARAMS.has(k));
  if (unknown.length > 0) throw new StorageUrlError(`${USAGE} (unknown parameter ${unknown[0]})`);
  const endpoint = url.searchParams.get("endpoint") ?? undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/?#]+/.test(endpoint)) {
    throw new StorageUrlError(`${USAGE} (endpoint must be an http:// or https:// address)`);
  }
  const forcePathStyle = url.searchParams.get("forcePathStyle") ?? "false";
  if (forcePathStyle !== "true" && forcePathStyle !== "false") {
    throw new StorageUrlError(`${USAGE} (forcePathStyle must be true or false)`);
  }
  const region = url.searchParams.get("region") || undefined;
  return { kind: "s3", bucket, endpoint, region, forcePathStyle: forcePathStyle === "true" };
}
