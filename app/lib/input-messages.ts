// zod's own messages ("Expected number, received boolean", "Unrecognized key(s) in object") are
// written for programmers. Schemas give their own sentences where they can; for every other
// problem this gives one a person can act on. Like the schemas' messages, each completes a sentence
// that starts with the field's name ("version must be a number").
import { defaultErrorMap, type ZodIssue } from "zod";

const list = (values: readonly unknown[]) =>
  values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
const count = (n: number | bigint) => Number(n).toLocaleString("en-GB");

/** The schema's own message when it set one, else a plain sentence for the kind of problem. */
export function plainMessage(issue: ZodIssue): string {
  const generated = defaultErrorMap(issue, { defaultError: issue.message, data: undefined }).message;
  if (issue.message !== generated) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      if (issue.received === "undefined") return "is required";
      switch (issue.expected) {
        case "string":
          return "must be text";
        case "number":
        case "integer":
          return "must be a number";
        case "boolean":
          return "must be true or false";
        case "array":
          return "must be a list";
        case "object":
          return "must be a JSON object";
        case "date":
          return "must be a date written YYYY-MM-DD";
        default:
          return "has the wrong type";
      }
    case "invalid_literal":
      return `must be ${JSON.stringify(issue.expected)}`;
    case "unrecognized_keys":
      return `has fields this request does not take: ${list(issue.keys)}`;
    case "invalid_union_discriminator":
      return `must be one of ${list(issue.options)}`;
    case "invalid_enum_value":
      return `must be one of ${list(issue.options)}`;
    case "invalid_string":
      return issue.validation === "email" ? "must be an email address" : "is not in the expected format";
    case "too_small":
      if (issue.type === "string")
        return Number(issue.minimum) <= 1
          ? "is required"
          : `must be at least ${count(issue.minimum)} characters`;
      if (issue.type === "array") return `must list at least ${count(issue.minimum)}`;
      return `must be at least ${count(issue.minimum)}`;
    case "too_big":
      if (issue.type === "string") return `must be at most ${count(issue.maximum)} characters`;
      if (issue.type === "array") return `must list at most ${count(issue.maximum)}`;
      return `must be at most ${count(issue.maximum)}`;
    case "invalid_date":
      return "must be a real date";
    case "not_finite":
      return "must be a number";
    case "not_multiple_of":
      return `must be a multiple of ${count(issue.multipleOf)}`;
    default:
      return "is not valid";
  }
}
