// Domain errors to HTTP responses, one mapping for pages and the API. Unexpected errors are
// logged with context and answered without internals.
import { json } from "@remix-run/node";
import { ZodError } from "zod";

import { DomainError, InvalidInputError } from "~/domain/errors.server.ts";
import { type Message, t, translateMessage } from "~/i18n/i18n.server.ts";
import { plainMessage } from "~/lib/input-messages.ts";
import { log } from "~/lib/log.server.ts";

import { bodyLimitFor, describeBytes, isPayloadTooLarge, readBodyBytes } from "./body-limits.server.ts";

/** One message per field, untranslated: a key and its values, or the schema's own text. */
function fieldMessagesFromZod(error: ZodError): Record<string, string | Message> {
  const fields: Record<string, string | Message> = {};
  for (const issue of error.issues) {
    const name = issue.path.join(".") || "body";
    fields[name] ??= plainMessage(issue);
  }
  return fields;
}

/** One message per field, each a sentence a person can act on (never zod's own wording). */
export function fieldsFromZod(error: ZodError): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fieldMessagesFromZod(error)).map(([name, message]) => [name, translateMessage(message)]),
  );
}

/** Zod's refusal as the domain's: InvalidInputError, with its sentence in the request's language. */
export const invalidInputFromZod = (error: ZodError) => new InvalidInputError(fieldMessagesFromZod(error));

const REFUSED_CODES = { 405: "method_not_allowed", 413: "too_large", 415: "unsupported_type" } as const;

/**
 * A request refused for its form rather than its content: wrong method (405), a body too large
 * (413) or of a type the route does not read (415). Pages and the API answer it as any other
 * expected failure, with the headers HTTP asks for (Allow).
 */
export class RequestRefusedError extends DomainError {
  constructor(
    status: 405 | 413 | 415,
    message: string | Message,
    readonly headers: Record<string, string> = {},
  ) {
    super(status, message, {}, REFUSED_CODES[status]);
  }
}

export const methodNotAllowed = (allow: string) =>
  new RequestRefusedError(
    405,
    { key: "errors:request.methodNotAllowed", values: { allow } },
    { Allow: allow },
  );

/** The 413 of a body past `limit` bytes, in the request's language. */
export function bodyTooLarge(limit: number): RequestRefusedError {
  const { size, unit } = describeBytes(limit);
  return new RequestRefusedError(413, { key: `errors:request.tooLarge${unit}`, values: { size } });
}

/** The request's body within `limit` bytes: 413 past it, 400 for a body cut off on the way. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await readBodyBytes(request, limit);
  } catch (error) {
    if (isPayloadTooLarge(error)) throw bodyTooLarge(limit);
    throw new InvalidInputError({ body: "errors:input.bodyIncomplete" });
  }
}

/** Runs an API handler and turns expected failures into JSON error responses. */
export async function apiHandler<T>(fn: () => Promise<T>): Promise<T | Response> {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    const error = thrown instanceof ZodError ? invalidInputFromZod(thrown) : thrown;
    if (error instanceof DomainError) {
      const headers: Record<string, string> =
        error instanceof RequestRefusedError ? { ...error.headers } : {};
      const retry = error.details.retryAfterSeconds;
      if (typeof retry === "number") headers["Retry-After"] = String(retry);
      return json(
        { error: error.message, code: error.code, ...error.details },
        { status: error.status, headers },
      );
    }
    log.error("api request failed", { error: String((error as Error)?.stack ?? error) });
    return json({ error: t("errors:internal"), code: "internal_error" }, { status: 500 });
  }
}

/** Reads a JSON body: 415 for another type, 413 past the limit, 400 for a body that is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.toLowerCase().includes("application/json")) {
    throw new RequestRefusedError(415, "errors:request.jsonOnly");
  }
  const bytes = await readBody(request, bodyLimitFor(new URL(request.url).pathname, contentType));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidInputError({ body: "errors:input.notUtf8" });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInputError({ body: "errors:input.notJson" });
  }
}
