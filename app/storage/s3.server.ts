// The S3 storage driver: a file's bytes as one object per key in a bucket of S3 or an
// S3-compatible server (STORAGE_URL=s3://bucket?..., storage-url.ts). Credentials come from the AWS
// SDK's default chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role).
//
// put() streams through lib-storage's Upload (one PutObject for a small file, a multipart upload
// in 5 MiB parts otherwise, at most two parts in flight), hashing and counting on the way. A
// failed or too-large upload is never completed, so nothing appears under the key; we abort the
// multipart upload ourselves so that the caller gets the original error even where the abort
// fails. Parts of an upload whose abort failed (or whose process died) are invisible but billed:
// give the bucket a lifecycle rule that aborts incomplete multipart uploads after a day.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";

import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

import { log } from "~/lib/log.server.ts";

import { type Storage, type StoredObject, TooLargeError } from "./storage.server.ts";
import type { StorageConfig } from "./storage-url.ts";

type S3Config = Extract<StorageConfig, { kind: "s3" }>;

export class S3Storage implements Storage {
  readonly kind = "s3";
  readonly bucket: string;
  readonly client: S3Client;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      // A region is required to sign requests; S3-compatible servers mostly ignore it.
      region: config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
      // Checksums only where S3 requires them: many S3-compatible servers reject the newer
      // default ones, and the SHA-256 we record already covers every byte end to end.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(
    key: string,
    body: Readable,
    { maxBytes, contentType }: { maxBytes: number; contentType?: string },
  ): Promise<StoredObject> {
    const hash = createHash("sha256");
    let size = 0;
    let bodyFailed = false;
    const counted = Readable.from(
      (async function* () {
        try {
          for await (const piece of body) {
            const bytes = typeof piece === "string" ? Buffer.from(piece) : (piece as Uint8Array);
            size += bytes.length;
            if (size > maxBytes) throw new TooLargeError(maxBytes);
            hash.update(bytes);
            yield bytes;
          }
        } catch (error) {
          bodyFailed = true;
          throw error;
        }
      })(),
      { objectMode: false },
    );
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: counted, ContentType: contentType },
      queueSize: 2,
      // Aborted below, so that a failing abort does not replace the error the caller needs.
      leavePartsOnError: true,
    });
    try {
      await upload.done();
    } catch (error) {
      counted.destroy();
      body.destroy();
      await this.discard(key, upload.uploadId, !bodyFailed);
      throw error;
    }
    return { size, sha256: hash.digest("hex") };
  }

  async get(key: string): Promise<Readable | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      // In Node the SDK's body is the HTTP response itself, a Readable.
      return object.Body as Readable;
    } catch (error) {
      if ((error as Error).name === "NoSuchKey") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers a DELETE of a missing key with success: idempotent as it is.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** After a failed put: abort its multipart upload, and, if S3 failed rather than the body, make sure no object was completed. */
  private async discard(key: string, uploadId: string | undefined, serverFailed: boolean): Promise<void> {
    if (uploadId) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }))
        .catch((e: Error) =>
          log.warn("multipart upload not aborted", { bucket: this.bucket, key, uploadId, error: e.message }),
        );
    }
    // A completion whose answer was lost may still have made the object.
    if (serverFailed) {
      await this.delete(key).catch((e: Error) =>
        log.error("object of a failed upload not deleted", { bucket: this.bucket, key, error: e.message }),
      );
    }
  }
}
