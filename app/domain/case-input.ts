// Input schemas for cases, shared by the JSON API and the HTML forms (one validation, one set of
// messages). Text fields start from text() (no NUL, no broken characters), versions are whole
// numbers (forms convert their text with numberFromForm first), due dates are calendar days.
import { z } from "zod";

import { AREA_SLUG_PATTERN } from "~/lib/areas.ts";
import { calendarDate } from "~/lib/input-date.ts";
import { version } from "~/lib/input-number.ts";
import { id, text } from "~/lib/input-text.ts";
import {
  CASE_EVENT_TYPES,
  type CaseEventType,
  EVENT_LABELS,
  STATE_LABELS,
  TOP_STATES,
} from "~workflows/recommendation-labels.ts";

export const CASE_SORTS = [
  "ref",
  "-ref",
  "dueAt",
  "-dueAt",
  "updatedAt",
  "-updatedAt",
  "priority",
  "state",
] as const;
export const PRIORITIES = ["HIGH", "MEDIUM", "LOW"] as const;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const oneOf = (values: readonly string[]) => ({
  errorMap: () => ({ message: `must be one of ${values.join(", ")}` }),
});
/** A whole sentence for an enum's refusal, for the list's filters that people read on the page. */
const sentence = (message: string) => ({ errorMap: () => ({ message }) });
/** "a, b or c" */
const choices = (items: readonly string[]) =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;

/**
 * The list's sort orders in words, with the value to send where it differs from them (the page's
 * "Sort by" offers the same ones, cases._index.tsx).
 */
export const SORT_MESSAGE =
  "Sort by one of: reference (ref), due date (dueAt), last change (updatedAt), priority or state; " +
  "a - before ref, dueAt or updatedAt reverses the order.";
/** The state filter's choices in words, with the value to send where it differs from them. */
export const STATE_FILTER_MESSAGE = `Filter by one of the states: ${choices(
  TOP_STATES.map((s) => {
    const label = (STATE_LABELS[s] ?? s).toLowerCase();
    return label === s ? s : `${label} (${s})`;
  }),
)}.`;
const TRUE_OR_FALSE = sentence("must be true or false");

/**
 * The refusal of a workflow event sent without the reason it needs, naming the action as people
 * know it: "Give a reason to request changes."
 */
export function reasonRequiredMessage(type: CaseEventType): string {
  const label = EVENT_LABELS[type];
  return label ? `Give a reason to ${label.charAt(0).toLowerCase()}${label.slice(1)}.` : "Give a reason.";
}
/**
 * A thematic area's slug. The areas are data CTED administers: that it is one (and, for a new
 * case or a change of area, one in use) is the domain's to check (thematic-areas.server.ts).
 */
const areaSlug = () =>
  text()
    .max(80, "must be one of the thematic areas")
    .regex(AREA_SLUG_PATTERN, "must be one of the thematic areas");

export const CaseListQuery = z.object({
  country: z
    .preprocess(
      blankToUndefined,
      text()
        .regex(/^[A-Za-z]{3}$/, "must be an ISO 3166 alpha-3 code such as TJK")
        .optional(),
    )
    .transform((v) => v?.toUpperCase()),
  state: z.preprocess(blankToUndefined, z.enum(TOP_STATES, sentence(STATE_FILTER_MESSAGE)).optional()),
  area: z.preprocess(blankToUndefined, areaSlug().optional()),
  owner: z.preprocess(blankToUndefined, id().optional()),
  /** An assessment visit's id: its cases only. */
  assessment: z.preprocess(blankToUndefined, id().optional()),
  overdue: z
    .preprocess(blankToUndefined, z.enum(["true", "false"], TRUE_OR_FALSE).optional())
    .transform((v) => v === "true"),
  dueSoon: z
    .preprocess(blankToUndefined, z.enum(["true", "false"], TRUE_OR_FALSE).optional())
    .transform((v) => v === "true"),
  q: z.preprocess(blankToUndefined, text().max(200, "must be at most 200 characters").optional()),
  sort: z.preprocess(blankToUndefined, z.enum(CASE_SORTS, sentence(SORT_MESSAGE)).default("ref")),
  // Query parameters are text: these two are converted, as numbers written in digits.
  page: z.coerce
    .number({ invalid_type_error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be 1 or more")
    .max(100_000, "must be at most 100,000")
    .default(1),
  pageSize: z.coerce
    .number({ invalid_type_error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 100")
    .max(100, "must be between 1 and 100")
    .default(50),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export function parseListQuery(params: URLSearchParams): CaseListQuery {
  return CaseListQuery.parse(Object.fromEntries(params));
}

export const CaseEventInput = z.object({
  type: z.enum(CASE_EVENT_TYPES, oneOf(CASE_EVENT_TYPES)),
  version: version(),
  reason: text().max(2000, "must be at most 2000 characters").optional(),
});
export type CaseEventInput = z.infer<typeof CaseEventInput>;

export const CaseFields = z.object({
  // Messages complete a sentence that starts with the field's name ("Title must be ...").
  // The form starts on no visit: its empty choice asks for one.
  assessmentId: z.preprocess(
    blankToUndefined,
    z
      .string({
        required_error: "is required: choose the visit whose report makes this recommendation",
        invalid_type_error: "must be text",
      })
      .pipe(id()),
  ),
  area: areaSlug(),
  title: text().trim().min(3, "must be at least 3 characters").max(300, "must be at most 300 characters"),
  text: text().trim().min(1, "is required").max(20_000, "must be at most 20,000 characters"),
  priority: z.enum(PRIORITIES, oneOf(PRIORITIES)),
  ownerId: id(),
  dueAt: z.preprocess((v) => (v === null ? undefined : blankToUndefined(v)), calendarDate().optional()),
});
export type CaseFields = z.infer<typeof CaseFields>;

/** The edit form: its version comes as text, see numberFromForm. */
export const CaseUpdate = CaseFields.omit({ assessmentId: true }).extend({
  version: version(),
});
export type CaseUpdate = z.infer<typeof CaseUpdate>;
