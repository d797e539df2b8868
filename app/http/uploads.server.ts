// Reading a multipart form with one file without holding the file in memory: busboy parses the
// body as it streams in, the text fields come first, and the file's bytes go to whoever handles
// them (app/domain/evidence.server.ts addFileEvidence) as they arrive.
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";

import busboy from "busboy";

import { type DomainError, InvalidInputError } from "~/domain/errors.server.ts";
import type { UploadedFile } from "~/domain/evidence.server.ts";

import { bodyTooLarge, RequestRefusedError } from "./errors.server.ts";

const FORM_LIMITS = {
  fieldNameSize: 100,
  fieldSize: 64 * 1024,
  fields: 20,
  files: 1,
  parts: 24,
  headerPairs: 50,
};

export const isMultipart = (request: Request) =>
  (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");

/** What a form read with readUpload held: the handler's result when it held a file, else its fields. */
export type UploadOutcome<T> = { file: true; result: T } | { file: false; fields: Record<string, string> };

const malformed = () => new InvalidInputError({ body: "errors:upload.malformed" });

/**
 * Reads a multipart/form-data body: its text fields, then at most one file, named `file`, whose
 * stream and the fields before it are handed to `handle`. Fields after the file, a second file, a
 * part under another name or a malformed body are refused (400); the handler learns of it through
 * the file's `complete()`, which resolves only once the whole body has been read and found
 * well-formed. Whatever happens, the rest of the body is not read once this returns.
 */
export async function readUpload<T>(
  request: Request,
  handle: (fields: Record<string, string>, file: UploadedFile) => Promise<T>,
): Promise<UploadOutcome<T>> {
  if (!isMultipart(request)) {
    throw new RequestRefusedError(415, "errors:upload.multipartOnly");
  }
  if (!request.body) throw malformed();
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": request.headers.get("Content-Type")! },
      limits: FORM_LIMITS,
      defParamCharset: "utf8",
    });
  } catch {
    throw new InvalidInputError({ body: "errors:upload.noBoundary" });
  }
  const source = Readable.fromWeb(request.body as NodeWebStream<Uint8Array>);
  const fields: Record<string, string> = {};
  let problem: DomainError | null = null;
  let fileSeen = false;
  let finished = false;
  const refuse = (error: DomainError) => (problem ??= error);

  // The whole body parsed: resolves, or rejects with the reason the body could not be read.
  const parsed = new Promise<void>((resolve, reject) => {
    parser.once("finish", resolve);
    parser.on("error", reject);
  }).finally(() => (finished = true));
  parsed.catch(() => {}); // read by whoever waits on it; never unhandled
  const wellFormed = async () => {
    try {
      await parsed;
    } catch (error) {
      if ((error as { status?: unknown })?.status !== 413) throw malformed();
      const limit = (error as { limit?: unknown }).limit;
      throw typeof limit === "number"
        ? bodyTooLarge(limit)
        : new RequestRefusedError(413, (error as Error).message);
    }
    if (problem) throw problem;
  };

  const outcome = new Promise<UploadOutcome<T>>((resolve, reject) => {
    parser.on("field", (name, value, info) => {
      if (fileSeen) refuse(new InvalidInputError({ [name]: "errors:upload.fieldAfterFile" }));
      else if (info.nameTruncated || info.valueTruncated)
        refuse(new InvalidInputError({ [name]: "errors:upload.fieldTooLong" }));
      else fields[name] = value;
    });
    parser.on("file", (name, stream, info) => {
      // Its failures reach whoever reads it; one destroyed unread (the request refused first) must
      // not become an uncaught error.
      stream.on("error", () => {});
      if (fileSeen || name !== "file") {
        stream.resume();
        refuse(
          new InvalidInputError({
            [name === "file" ? "file" : name]:
              name === "file" ? "errors:upload.oneFile" : "errors:upload.unknownField",
          }),
        );
        return;
      }
      fileSeen = true;
      handle({ ...fields }, { stream, name: info.filename ?? "", complete: wellFormed }).then(
        (result) => resolve({ file: true, result }),
        reject,
      );
    });
    parser.on("filesLimit", () => refuse(new InvalidInputError({ file: "errors:upload.oneFile" })));
    parser.on("fieldsLimit", () => refuse(new InvalidInputError({ body: "errors:upload.tooManyFields" })));
    parser.on("partsLimit", () => refuse(new InvalidInputError({ body: "errors:upload.tooManyParts" })));
    wellFormed().then(
      () => {
        if (!fileSeen) resolve({ file: false, fields });
      },
      (error) => {
        if (!fileSeen) reject(error);
      },
    );
  });

  // The body failing (cut off, or past the route's size limit) fails the parser and the file with it.
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    return await outcome;
  } finally {
    if (!finished) {
      source.unpipe(parser);
      source.destroy();
      parser.destroy();
    }
  }
}
