// Text typed by people (sign-in, titles, descriptions, comments, reasons, searches, ids in
// bodies) ends up in PostgreSQL, which cannot store the NUL character, and back on pages, where
// half of a UTF-16 surrogate pair is a broken character. Every text field of every input schema
// starts from `text()`, so both are refused with a sentence instead of failing in the database.
import { z } from "zod";

// Whole-string patterns (rather than a refine) so that callers can keep chaining .trim().min().max().
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const WITHOUT_NUL = /^[^\u0000]*$/;
// Every high surrogate followed by a low one, and no low surrogate on its own.
const WELL_FORMED = /^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

export const NUL_MESSAGE = "errors:input.nul";
export const BROKEN_CHARACTER_MESSAGE = "errors:input.brokenCharacter";

/** A string field; messages (keys, errors:input.*) complete a sentence that starts with the field's name. */
export function text() {
  return z
    .string({ required_error: "errors:input.required", invalid_type_error: "errors:input.text" })
    .regex(WITHOUT_NUL, NUL_MESSAGE)
    .regex(WELL_FORMED, BROKEN_CHARACTER_MESSAGE);
}

/** Record ids (cuid): letters, digits, "-" and "_". Nothing else can name a record. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** An id sent in a body or a query: anything that cannot be an id is refused before the database. */
export function id() {
  return text().regex(ID_PATTERN, "errors:input.id");
}
