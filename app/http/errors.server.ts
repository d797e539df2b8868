// Domain errors to HTTP responses, one mapping for pages and the API. Unexpected errors are
// logged with context and answered without internals.
import { json } from "@remix-run/node";
import { ZodError } from "zod";
import { DomainError, InvalidInputError } from "../domain/errors.server.ts";

export function fieldsFromZod(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const name = issue.path.join(".") || "body";
    fields[name] ??= issue.message;
  }
  return fields;
}

/** Runs an API handler and turns expected failures into JSON error responses. */
export async function apiHandler<T>(fn: () => Promise<T>): Promise<T | Response> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Response) return error;
    if (error instanceof ZodError) error = new InvalidInputError(fieldsFromZod(error));
    if (error instanceof DomainError) {
      const headers: HeadersInit = {};
      const retry = error.details.retryAfterSeconds;
      if (typeof retry === "number") headers["Retry-After"] = String(retry);
      return json({ error: error.message, ...error.details }, { status: error.status, headers });
    }
    console.error(JSON.stringify({ level: "error", msg: "api request failed", error: String((error as Error)?.stack ?? error) }));
    return json({ error: "Something went wrong on our side" }, { status: 500 });
  }
}

/** Reads a JSON body, answering 400 for a body that is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.includes("application/json")) {
    throw new InvalidInputError({ body: "must be JSON (Content-Type: application/json)" });
  }
  const text = await request.text();
  if (text.length > 256 * 1024) throw new InvalidInputError({ body: "is larger than 256 KiB" });
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInputError({ body: "is not valid JSON" });
  }
}
