// zod's own messages ("Expected number, received boolean", "Unrecognized key(s) in object") are
// written for programmers. Schemas give their own messages where they can; for every other
// problem this gives one a person can act on. Like the schemas' messages, each completes a sentence
// that starts with the field's name ("version must be a number"), and each is a translation key
// (errors:input.*) with its values, which the server translates in the request's language
// (app/http/errors.server.ts fieldsFromZod). No translator here: schemas are shared with the
// browser's code.
import { defaultErrorMap, type ZodIssue } from "zod";

/** A translation key and its values (app/i18n/i18n.server.ts Message). */
export interface KeyedMessage {
  key: string;
  values?: Record<string, unknown>;
}

const SEPARATOR = "|";
const KEYED = /^([a-zA-Z]+:[\w.]+)\|(\{.*\})$/s;

/**
 * A translation key with values, as a zod message (a string) carries it: ".max(200, keyed(
 * "errors:input.maxChars", { count: 200 }))". plainMessage reads it back as a KeyedMessage.
 */
export const keyed = (key: string, values?: Record<string, unknown>): string =>
  values ? `${key}${SEPARATOR}${JSON.stringify(values)}` : key;

/** A schema's message as it was given: a key with its values, else the key or text itself. */
export function unkeyed(message: string): string | KeyedMessage {
  const found = KEYED.exec(message);
  if (!found) return message;
  try {
    return { key: found[1]!, values: JSON.parse(found[2]!) as Record<string, unknown> };
  } catch {
    return message;
  }
}

const list = (values: readonly unknown[]) =>
  values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
const n = (value: number | bigint) => Number(value);
const m = (key: string, values?: Record<string, unknown>): KeyedMessage =>
  values ? { key: `errors:input.${key}`, values } : { key: `errors:input.${key}` };

/** The schema's own message when it set one, else a plain sentence for the kind of problem. */
export function plainMessage(issue: ZodIssue): string | KeyedMessage {
  const generated = defaultErrorMap(issue, { defaultError: issue.message, data: undefined }).message;
  if (issue.message !== generated) return unkeyed(issue.message);
  switch (issue.code) {
    case "invalid_type":
      if (issue.received === "undefined") return m("required");
      switch (issue.expected) {
        case "string":
          return m("text");
        case "number":
        case "integer":
          return m("number");
        case "boolean":
          return m("trueOrFalse");
        case "array":
          return m("list");
        case "object":
          return m("object");
        case "date":
          return m("dateFormat");
        default:
          return m("wrongType");
      }
    case "invalid_literal":
      return m("literal", { value: JSON.stringify(issue.expected) });
    case "unrecognized_keys":
      return m("unrecognizedKeys", { keys: list(issue.keys) });
    case "invalid_union_discriminator":
      return m("oneOf", { values: list(issue.options) });
    case "invalid_enum_value":
      return m("oneOf", { values: list(issue.options) });
    case "invalid_string":
      return issue.validation === "email" ? m("email") : m("format");
    case "too_small":
      if (issue.type === "string")
        return n(issue.minimum) <= 1 ? m("required") : m("minChars", { count: n(issue.minimum) });
      if (issue.type === "array") return m("minItems", { count: n(issue.minimum) });
      return m("min", { value: n(issue.minimum) });
    case "too_big":
      if (issue.type === "string") return m("maxChars", { count: n(issue.maximum) });
      if (issue.type === "array") return m("maxItems", { count: n(issue.maximum) });
      return m("max", { value: n(issue.maximum) });
    case "invalid_date":
      return m("realDate");
    case "not_finite":
      return m("number");
    case "not_multiple_of":
      return m("multipleOf", { value: n(issue.multipleOf) });
    default:
      return m("invalid");
  }
}
