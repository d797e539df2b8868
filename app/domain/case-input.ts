// Input schemas for cases, shared by the JSON API and the HTML forms (one validation, one set of
// messages).
import { z } from "zod";
import { AREA_SLUGS } from "../lib/areas.ts";
import { CASE_EVENT_TYPES, TOP_STATES } from "../../workflows/recommendation.ts";

export const CASE_SORTS = ["ref", "-ref", "dueAt", "-dueAt", "updatedAt", "-updatedAt", "priority", "state"] as const;
export const PRIORITIES = ["HIGH", "MEDIUM", "LOW"] as const;

const optionalText = (schema: z.ZodString) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

export const CaseListQuery = z.object({
  country: optionalText(z.string().regex(/^[A-Za-z]{3}$/, "must be an ISO 3166 alpha-3 code such as TJK")).transform(
    (v) => v?.toUpperCase(),
  ),
  state: z.preprocess((v) => (v === "" ? undefined : v), z.enum(TOP_STATES).optional()),
  area: z.preprocess((v) => (v === "" ? undefined : v), z.enum(AREA_SLUGS).optional()),
  owner: optionalText(z.string().max(64)),
  overdue: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["true", "false"]).optional()).transform((v) => v === "true"),
  dueSoon: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["true", "false"]).optional()).transform((v) => v === "true"),
  q: optionalText(z.string().max(200, "must be at most 200 characters")),
  sort: z.preprocess((v) => (v === "" ? undefined : v), z.enum(CASE_SORTS).default("ref")),
  page: z.coerce.number({ invalid_type_error: "must be a number" }).int("must be a whole number").min(1).max(100_000).default(1),
  pageSize: z.coerce.number({ invalid_type_error: "must be a number" }).int("must be a whole number").min(1).max(100).default(50),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export function parseListQuery(params: URLSearchParams): CaseListQuery {
  return CaseListQuery.parse(Object.fromEntries(params));
}

export const CaseEventInput = z.object({
  type: z.enum(CASE_EVENT_TYPES, { errorMap: () => ({ message: `must be one of ${CASE_EVENT_TYPES.join(", ")}` }) }),
  version: z.number({ required_error: "is required", invalid_type_error: "must be a number" }).int().min(1),
  reason: z.string({ invalid_type_error: "must be a string" }).max(2000, "must be at most 2000 characters").optional(),
});
export type CaseEventInput = z.infer<typeof CaseEventInput>;

export const CaseFields = z.object({
  // Messages complete a sentence that starts with the field's name ("Title must be ...").
  assessmentId: z.string({ required_error: "is required" }).min(1, "is required"),
  area: z.enum(AREA_SLUGS, { errorMap: () => ({ message: "must be one of the thematic areas" }) }),
  title: z.string({ required_error: "is required" }).trim().min(3, "must be at least 3 characters").max(300, "must be at most 300 characters"),
  text: z.string({ required_error: "is required" }).trim().min(1, "is required").max(20_000, "must be at most 20,000 characters"),
  priority: z.enum(PRIORITIES, { errorMap: () => ({ message: `must be one of ${PRIORITIES.join(", ")}` }) }),
  ownerId: z.string({ required_error: "is required" }).min(1, "is required"),
  dueAt: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.coerce.date({ invalid_type_error: "must be a date (YYYY-MM-DD)" }).optional(),
  ),
});
export type CaseFields = z.infer<typeof CaseFields>;

export const CaseUpdate = CaseFields.omit({ assessmentId: true }).extend({
  version: z.coerce.number({ invalid_type_error: "must be a number" }).int().min(1),
});
export type CaseUpdate = z.infer<typeof CaseUpdate>;
