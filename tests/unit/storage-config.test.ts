import { describe, expect, it } from "vitest";

import { parseEnv } from "~/config/env.server.ts";
import { parseStorageUrl } from "~/storage/storage-url.ts";

describe("storage configuration", () => {
  it("uses the database unless told otherwise, and 25 MB files", () => {
    expect(parseStorageUrl(undefined)).toEqual({ kind: "database" });
    expect(parseStorageUrl("database:")).toEqual({ kind: "database" });
    expect(parseEnv({}).EVIDENCE_MAX_MB).toBe(25);
    expect(parseEnv({ EVIDENCE_MAX_MB: "0.5" }).EVIDENCE_MAX_MB).toBe(0.5);
  });

  it("reads an S3 bucket with its endpoint, region and addressing style", () => {
    expect(
      parseStorageUrl(
        "s3://evidence-files?endpoint=http://127.0.0.1:9000&forcePathStyle=true&region=us-east-1",
      ),
    ).toEqual({
      kind: "s3",
      bucket: "evidence-files",
      endpoint: "http://127.0.0.1:9000",
      region: "us-east-1",
      forcePathStyle: true,
    });
    expect(parseStorageUrl("s3://evidence")).toEqual({
      kind: "s3",
      bucket: "evidence",
      endpoint: undefined,
      region: undefined,
      forcePathStyle: false,
    });
  });

  it("stops the start with one line for each wrong value", () => {
    for (const [value, problem] of [
      ["file:///srv/evidence", /must be database: or s3:\/\/bucket\?/],
      ["s3://", /bucket name/],
      ["s3://Evidence_Files", /bucket name/],
      ["s3://evidence/folder", /bucket name/],
      ["s3://key:secret@evidence", /AWS_ACCESS_KEY_ID/],
      ["s3://evidence?endpoint=127.0.0.1:9000", /endpoint must be an http/],
      ["s3://evidence?forcePathStyle=yes", /forcePathStyle must be true or false/],
      ["s3://evidence?bucket=x", /unknown parameter bucket/],
    ] as const) {
      expect(() => parseEnv({ STORAGE_URL: value }), value).toThrow(problem);
    }
    expect(() => parseEnv({ EVIDENCE_MAX_MB: "-1" })).toThrow(/EVIDENCE_MAX_MB="-1": must be more than 0/);
    expect(() => parseEnv({ EVIDENCE_MAX_MB: "lots" })).toThrow(/EVIDENCE_MAX_MB="lots": must be a number/);
  });
});
