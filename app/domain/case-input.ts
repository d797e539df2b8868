// Input schemas for cases, shared by the JSON API and the HTML forms (one validation, one set of
// messages). Text fields start from text() (no NUL, no broken characters), versions are whole
// numbers (forms convert their text with numberFromForm first), due dates are calendar days.
import { z } from "zod";

import { AREA_SLUG_PATTERN } from "~/lib/areas.ts";
import { calendarDate } from "~/lib/input-date.ts";
import { keyed } from "~/lib/input-messages.ts";
import { version } from "~/lib/input-number.ts";
import { id, text } from "~/lib/input-text.ts";
import { CASE_EVENT_TYPES, type CaseEventType, TOP_STATES } from "~workflows/recommendation-labels.ts";

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
// Messages are translation keys (errors:input.*, errors:list.*), said in the request's language.
const oneOf = (values: readonly string[]) => ({
  errorMap: () => ({ message: keyed("errors:input.oneOf", { values: values.join(", ") }) }),
});
/** A whole sentence for an enum's refusal, for the list's filters that people read on the page. */
const sentence = (message: string) => ({ errorMap: () => ({ message }) });

/**
 * The list's sort orders in words, with the value to send where it differs from them (the page's
 * "Sort by" offers the same ones, cases._index.tsx): a key, errors:list.sort.
 */
export const SORT_MESSAGE = "errors:list.sort";
/**
 * The state filter's choices in words, with the value to send where it differs from them (one per
 * top state of TOP_STATES): a key, errors:list.state.
 */
export const STATE_FILTER_MESSAGE = "errors:list.state";
const TRUE_OR_FALSE = sentence("errors:input.trueOrFalse");

/**
 * The refusal of a workflow event sent without the reason it needs, naming the action as people
 * know it: "Give a reason to request changes." (a key, errors:reasonRequired.case.<type>).
 */
export function reasonRequiredMessage(type: CaseEventType): string {
  return (CASE_EVENT_TYPES as readonly string[]).includes(type)
    ? `errors:reasonRequired.case.${type}`
    : "errors:reasonRequired.any";
}
/**
 * A thematic area's slug. The areas are data CTED administers: that it is one (and, for a new
 * case or a change of area, one in use) is the domain's to check (thematic-areas.server.ts).
 */
const areaSlug = () => text().max(80, "errors:input.area").regex(AREA_SLUG_PATTERN, "errors:input.area");

export const CaseListQuery = z.object({
  country: z
    .preprocess(
      blankToUndefined,
      text()
        .regex(/^[A-Za-z]{3}$/, "errors:input.countryCode")
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
  q: z.preprocess(blankToUndefined, text().max(200).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(CASE_SORTS, sentence(SORT_MESSAGE)).default("ref")),
  // Query parameters are text: these two are converted, as numbers written in digits.
  page: z.coerce
    .number({ invalid_type_error: "errors:input.number" })
    .int("errors:input.wholeNumber")
    .min(1, keyed("errors:input.orMore", { value: 1 }))
    .max(100_000, keyed("errors:input.max", { value: 100_000 }))
    .default(1),
  pageSize: z.coerce
    .number({ invalid_type_error: "errors:input.number" })
    .int("errors:input.wholeNumber")
    .min(1, keyed("errors:input.between", { min: 1, max: 100 }))
    .max(100, keyed("errors:input.between", { min: 1, max: 100 }))
    .default(50),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export function parseListQuery(params: URLSearchParams): CaseListQuery {
  return CaseListQuery.parse(Object.fromEntries(params));
}

export const CaseEventInput = z.object({
  // Each step named in words beside the value a client sends (errors:input.caseEventType).
  type: z.enum(CASE_EVENT_TYPES, sentence("errors:input.caseEventType")),
  version: version(),
  reason: text().max(2000).optional(),
});
export type CaseEventInput = z.infer<typeof CaseEventInput>;

export const CaseFields = z.object({
  // Messages complete a sentence that starts with the field's name ("Title must be ...").
  // The form starts on no visit: its empty choice asks for one.
  assessmentId: z.preprocess(
    blankToUndefined,
    z
      .string({
        required_error: "errors:input.visitRequired",
        invalid_type_error: "errors:input.text",
      })
      .pipe(id()),
  ),
  area: areaSlug(),
  title: text().trim().min(3).max(300),
  text: text().trim().min(1).max(20_000),
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
