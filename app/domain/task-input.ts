// Input schemas for follow-up tasks, shared by the JSON API and the HTML forms. Text fields start
// from text() (no NUL, no broken characters), versions are whole numbers (the form routes convert
// their text with numberFromForm first), due dates are calendar days.
import { z } from "zod";

import { calendarDate } from "~/lib/input-date.ts";
import { version } from "~/lib/input-number.ts";
import { id, text } from "~/lib/input-text.ts";
import { TASK_EVENT_TYPES, type TaskEventType } from "~workflows/task-labels.ts";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const TaskInput = z
  .object({
    // Lengths are said by plainMessage (errors:input.minChars, maxChars); other messages are keys.
    title: text().trim().min(3).max(200),
    description: z.preprocess(blankToUndefined, text().trim().max(4000).optional()),
    assigneeUserId: z.preprocess(blankToUndefined, id().optional()),
    assigneeOrgId: z.preprocess(blankToUndefined, id().optional()),
    dueAt: z.preprocess(blankToUndefined, calendarDate()),
  })
  .strict()
  .refine((t) => Boolean(t.assigneeUserId) !== Boolean(t.assigneeOrgId), {
    path: ["assignee"],
    message: "errors:input.assignee",
  });
export type TaskInput = z.infer<typeof TaskInput>;

/**
 * The refusal of a task event sent without the reason it needs, naming the action as people know
 * it: "Give a reason to decline this task." (a key, errors:reasonRequired.task.<type>).
 */
export function taskReasonRequiredMessage(type: TaskEventType): string {
  return (TASK_EVENT_TYPES as readonly string[]).includes(type)
    ? `errors:reasonRequired.task.${type}`
    : "errors:reasonRequired.any";
}

export const TaskEventInput = z.object({
  // Each step named in words beside the value a client sends (errors:input.taskEventType).
  type: z.enum(TASK_EVENT_TYPES, { errorMap: () => ({ message: "errors:input.taskEventType" }) }),
  version: version(),
  reason: z.preprocess(blankToUndefined, text().max(2000).optional()),
});
export type TaskEventInput = z.infer<typeof TaskEventInput>;

export const TaskCommentInput = z.object({
  body: text().trim().min(1).max(4000),
});
