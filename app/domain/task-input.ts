// Input schemas for follow-up tasks, shared by the JSON API and the HTML forms. Text fields start
// from text() (no NUL, no broken characters), versions are whole numbers (the form routes convert
// their text with numberFromForm first), due dates are calendar days.
import { z } from "zod";

import { calendarDate } from "~/lib/input-date.ts";
import { version } from "~/lib/input-number.ts";
import { id, text } from "~/lib/input-text.ts";
import { TASK_EVENT_LABELS, TASK_EVENT_TYPES, type TaskEventType } from "~workflows/task-labels.ts";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const TaskInput = z
  .object({
    title: text().trim().min(3, "must be at least 3 characters").max(200, "must be at most 200 characters"),
    description: z.preprocess(
      blankToUndefined,
      text().trim().max(4000, "must be at most 4,000 characters").optional(),
    ),
    assigneeUserId: z.preprocess(blankToUndefined, id().optional()),
    assigneeOrgId: z.preprocess(blankToUndefined, id().optional()),
    dueAt: z.preprocess(blankToUndefined, calendarDate()),
  })
  .strict()
  .refine((t) => Boolean(t.assigneeUserId) !== Boolean(t.assigneeOrgId), {
    path: ["assignee"],
    message: "give either a person (assigneeUserId) or an organisation (assigneeOrgId)",
  });
export type TaskInput = z.infer<typeof TaskInput>;

/**
 * The refusal of a task event sent without the reason it needs, naming the action as people know
 * it: "Give a reason to decline this task."
 */
export function taskReasonRequiredMessage(type: TaskEventType): string {
  const label = TASK_EVENT_LABELS[type];
  if (!label) return "Give a reason.";
  const action = `${label.charAt(0).toLowerCase()}${label.slice(1)}`.replace(/ task$/, "");
  return `Give a reason to ${action} this task.`;
}

export const TaskEventInput = z.object({
  type: z.enum(TASK_EVENT_TYPES, {
    errorMap: () => ({ message: `must be one of ${TASK_EVENT_TYPES.join(", ")}` }),
  }),
  version: version(),
  reason: z.preprocess(blankToUndefined, text().max(2000, "must be at most 2000 characters").optional()),
});
export type TaskEventInput = z.infer<typeof TaskEventInput>;

export const TaskCommentInput = z.object({
  body: text().trim().min(1, "is required").max(4000, "must be at most 4,000 characters"),
});
