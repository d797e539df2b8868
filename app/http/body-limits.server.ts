// How large a request body may be, and refusing larger ones before they are read: by their
// Content-Length at once, and by counting bytes while a body without one (chunked) streams in.
// Used by the HTTP app (server/app.ts) for pages and the API, by the Socket.IO server
// (server/realtime) for its handshakes and long-polling POSTs, and by the body readers
// (errors.server.ts, forms.server.ts) when a route is called without those servers in front.
import type { IncomingMessage, ServerResponse } from "node:http";

import ar from "~/i18n/locales/ar/errors.json";
import en from "~/i18n/locales/en/errors.json";
import fr from "~/i18n/locales/fr/errors.json";
import ru from "~/i18n/locales/ru/errors.json";
import { IMPORT_MAX_BYTES } from "~/import/upload-check.server.ts";
import { currentRequest } from "~/lib/log.server.ts";
import { evidenceMaxBytes } from "~/storage/index.server.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The largest body each kind of request may send, in bytes. A route that takes file uploads gets
 * its own row in ROUTE_LIMITS rather than raising these.
 */
export const BODY_LIMITS = {
  /** The JSON API: a case's text (20,000 characters) is its largest field. */
  json: 256 * KiB,
  /** HTML forms: URL-encoding can triple the size of non-Latin text. */
  form: 1 * MiB,
  /** Anything else: no route reads it, so it is refused as soon as it is large. */
  other: 256 * KiB,
  /** Socket.IO messages and long-polling POSTs: above co-editing's 1 MiB message cap, so that an
   * oversized update gets a clear doc:error rather than a dropped connection. */
  socket: 4 * MiB,
} as const;

/**
 * Routes with a limit of their own for one type of body, the first match winning. The limit is
 * read when a request comes (it may depend on the configuration).
 */
const ROUTE_LIMITS: { path: RegExp; type: string; bytes: () => number }[] = [
  // Evidence uploads (the API and the case page's form): the largest file accepted
  // (EVIDENCE_MAX_MB) and room for the form around it. The file itself is held to its limit by
  // the storage driver; this refuses a body that announces more at once.
  {
    path: /^\/(api\/)?cases\/[^/]+\/evidence\/?$/,
    type: "multipart/form-data",
    bytes: () => evidenceMaxBytes() + 1 * MiB,
  },
  // Reports to import (the API and the visit's import page), and the preview's confirmation,
  // which carries every corrected row (a long report: a few hundred recommendations' text).
  {
    path: /^\/(api\/imports|assessments\/[^/]+\/import)\/?$/,
    type: "multipart/form-data",
    bytes: () => IMPORT_MAX_BYTES + 1 * MiB,
  },
  { path: /^\/(api\/)?imports\/[^/]+(\/confirm)?\/?$/, type: "application/json", bytes: () => 16 * MiB },
  {
    path: /^\/(api\/)?imports\/[^/]+(\/confirm)?\/?$/,
    type: "application/x-www-form-urlencoded",
    bytes: () => 16 * MiB,
  },
];

export function bodyLimitFor(path: string, contentType: string | undefined): number {
  if (path.startsWith("/socket.io/")) return BODY_LIMITS.socket;
  const type = (contentType ?? "").toLowerCase();
  const route = ROUTE_LIMITS.find((r) => r.path.test(path) && type.startsWith(r.type));
  if (route) return route.bytes();
  if (type.includes("json")) return BODY_LIMITS.json;
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"))
    return BODY_LIMITS.form;
  return BODY_LIMITS.other;
}

/** A limit in the unit it is set in: 256 KiB, 16 MiB. */
export const describeBytes = (bytes: number): { size: number; unit: "KiB" | "MiB" } =>
  bytes >= MiB ? { size: bytes / MiB, unit: "MiB" } : { size: bytes / KiB, unit: "KiB" };

type Tree = { [key: string]: string | Tree };
const EDGE: Record<string, Tree> = { en, fr, ru, ar };

/**
 * A sentence of the errors namespace ("request.tooLargeKiB", "edge.crossOrigin") in the language
 * the request arrived in (its cookie or Accept-Language, server/app.ts), for the HTTP edge: the
 * answers given before the app (Express, the socket server), which do not load i18next.
 */
export function edgeMessage(key: string, values: Record<string, string | number> = {}): string {
  const language = currentRequest()?.language ?? "en";
  const find = (tree: Tree | undefined) => {
    const found = key
      .split(".")
      .reduce<Tree | string | undefined>(
        (node, part) => (typeof node === "object" ? node[part] : undefined),
        tree,
      );
    return typeof found === "string" ? found : undefined;
  };
  const text = find(EDGE[language]) ?? find(EDGE.en) ?? key;
  const shown = EDGE[language] ? language : "en";
  return text.replace(/\{\{\s*(\w+)(,\s*number)?\s*\}\}/g, (_, name: string, number?: string) => {
    const value = values[name] ?? "";
    return number && typeof value === "number" ? new Intl.NumberFormat(shown).format(value) : String(value);
  });
}

/** The refusal of a body past `limit` bytes, as the edge says it (errors:request.tooLarge*). */
export const tooLargeMessage = (limit: number) => {
  const { size, unit } = describeBytes(limit);
  return edgeMessage(`request.tooLarge${unit}`, { size });
};

/** A body read past its limit; `status` lets code bundled apart (the Remix build) recognise it. */
export class PayloadTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(tooLargeMessage(limit));
    this.name = "PayloadTooLargeError";
  }
}

export const isPayloadTooLarge = (error: unknown) => (error as { status?: unknown } | null)?.status === 413;

const wantsJson = (path: string) => path.startsWith("/api/") || path.startsWith("/socket.io/");

/**
 * Answers 413 and closes the connection, so that the rest of the body is never read. The API (and
 * Socket.IO) get the usual JSON error; pages a plain sentence.
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  if (res.headersSent) return;
  const path = (req.url ?? "/").split("?")[0]!;
  const message = tooLargeMessage(limit);
  const [type, body] = wantsJson(path)
    ? ["application/json; charset=utf-8", JSON.stringify({ error: message, code: "too_large" })]
    : ["text/plain; charset=utf-8", `${message}.\n`];
  res.writeHead(413, {
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
    Connection: "close",
  });
  res.end(body);
}

/** Connect-style middleware (Express and the Socket.IO engine): refuses by Content-Length. */
export function refuseOversizedBodies(
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const declared = req.headers["content-length"];
  if (declared !== undefined) {
    const limit = bodyLimitFor((req.url ?? "/").split("?")[0]!, req.headers["content-type"]);
    if (Number(declared) > limit) return refuseTooLarge(req, res, limit);
  }
  next();
}

/**
 * The request's body as a web stream that counts bytes as they arrive: past the limit it answers
 * 413 (and closes the connection) and fails the stream, so whoever reads it stops there.
 */
export function limitedBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): ReadableStream<Uint8Array> {
  let received = 0;
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (error: Error) => {
          if (settled) return;
          settled = true;
          controller.error(error);
        };
        req.on("data", (chunk: Buffer) => {
          if (settled) return;
          received += chunk.length;
          if (received > limit) {
            req.pause();
            refuseTooLarge(req, res, limit);
            return fail(new PayloadTooLargeError(limit));
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          // Back-pressure: stop reading from the socket until the reader asks for more.
          if ((controller.desiredSize ?? 1) <= 0) req.pause();
        });
        req.once("end", () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        req.once("error", fail);
        req.once("close", () => {
          if (!req.complete)
            fail(new Error("The client closed the connection before sending the whole body"));
        });
        // Answered without reading all of it (a redirect to sign in, a 405): discard the rest, or a
        // paused request would stall the keep-alive connection it arrived on.
        res.once("finish", () => {
          if (req.complete) return;
          settled = true;
          req.resume();
        });
      },
      pull() {
        if (!settled) req.resume();
      },
      cancel() {
        settled = true;
        req.resume();
      },
    },
    { highWaterMark: 4 },
  );
}

/**
 * Reads a Fetch Request's body with the same limit: for routes called without the servers in
 * front (tests, other callers), and as a second guard behind limitedBody.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("Content-Length") ?? NaN);
  if (declared > limit) throw new PayloadTooLargeError(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
