// Ids taken from the address (/cases/:id, /api/tasks/:id, ...). Anything that cannot be an id
// (a NUL, a slash, a 10,000-character string) names nothing: it is answered 404 here, the same
// answer as for an id that does not exist, instead of reaching the database.
import { json, type LoaderFunctionArgs } from "@remix-run/node";

import { notFoundMessage, type NotFoundSubject } from "~/domain/errors.server.ts";
import { ID_PATTERN } from "~/lib/input-text.ts";

/**
 * The route's `:id`, or a thrown 404: the API's JSON error ({"error": "Case not found", "code":
 * "not_found"}, as a NotFoundError answers), which pages show through their error boundary.
 */
export function idParam(
  params: LoaderFunctionArgs["params"],
  what: Extract<NotFoundSubject, "Case" | "Task" | "User" | "Evidence" | "Import" | "Assessment"> = "Case",
): string {
  const value = params.id;
  if (typeof value !== "string" || !ID_PATTERN.test(value))
    throw json({ error: notFoundMessage(what), code: "not_found" }, { status: 404 });
  return value;
}
