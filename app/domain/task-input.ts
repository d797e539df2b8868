// Input schemas for follow-up tasks, shared by the JSON API and the HTML forms.
import { z } from "zod";
import { TASK_EVENT_TYPES } from "../../workflows/task.ts";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const TaskInput = z
  .object({
    title: z.string({ required_error: "is required" }).trim().min(3, "must be at least 3 characters").max(200, "must be at most 200 characters"),
    description: z.preprocess(blankToUndefined, z.string().trim().max(4000, "must be at most 4,000 characters").optional()),
    assigneeUserId: z.preprocess(blankToUndefined, z.string().max(64).optional()),
    assigneeOrgId: z.preprocess(blankToUndefined, z.string().max(64).optional()),
    dueAt: z.preprocess(blankToUndefined, z.coerce.date({ required_error: "is required", invalid_type_error: "must be a date (YYYY-MM-DD)" })),
  })
  .strict()
  .refine((t) => Boolean(t.assigneeUserId) !== Boolean(t.assigneeOrgId), {
    path: ["assignee"],
    message: "give either a person (assigneeUserId) or an organisation (assigneeOrgId)",
  });
export type TaskInput = z.infer<typeof TaskInput>;

export const TaskEventInput = z.object({
  type: z.enum(TASK_EVENT_TYPES, { errorMap: () => ({ message: `must be one of ${TASK_EVENT_TYPES.join(", ")}` }) }),
  version: z.coerce.number({ required_error: "is required", invalid_type_error: "must be a number" }).int().min(1),
  reason: z.preprocess(blankToUndefined, z.string({ invalid_type_error: "must be a string" }).max(2000, "must be at most 2000 characters").optional()),
});
export type TaskEventInput = z.infer<typeof TaskEventInput>;

export const TaskCommentInput = z.object({
  body: z.string({ required_error: "is required", invalid_type_error: "must be text" }).trim().min(1, "is required").max(4000, "must be at most 4,000 characters"),
});
