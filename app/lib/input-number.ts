// Whole numbers in input: versions, and the like. JSON must send a number (true is not 1); forms
// send text, which the form routes turn into a number with numberFromForm before validating.
import { z } from "zod";

import { keyed } from "./input-messages.ts";

// The database stores versions as PostgreSQL integers; a larger number would fail there.
const LARGEST = 2_147_483_647;

export function wholeNumber(min = 1) {
  return z
    .number({ required_error: "errors:input.required", invalid_type_error: "errors:input.number" })
    .int("errors:input.wholeNumber")
    .min(min, keyed("errors:input.orMore", { value: min }))
    .max(LARGEST, "errors:input.farTooLarge");
}

/** A record's version, as last read by the client (optimistic locking). */
export const version = () => wholeNumber(1);

/** Form fields are text: "3" becomes 3; anything else is left as it is for the schema to refuse. */
export function numberFromForm(value: unknown): unknown {
  return typeof value === "string" && /^\s*\d{1,10}\s*$/.test(value) ? Number(value) : value;
}
