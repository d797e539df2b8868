// The form endpoint for moving a task on, wherever the task is shown (case page, My work). With
// JavaScript the form is a fetcher: the answer is data, shown beside the task, and the page's
// data reloads. Without it, a success goes back to the page the form was on.
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { TaskEventInput } from "../domain/task-input.ts";
import { applyTaskEvent } from "../domain/tasks.server.ts";
import { formAction, safeRedirectPath } from "../http/forms.server.ts";
import { requireUser } from "../http/session.server.ts";

export const loader = () => redirect("/me/work");

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = Object.fromEntries(await request.formData());
  const fromScript = new URL(request.url).searchParams.has("_data");
  return formAction(async () => {
    const input = TaskEventInput.parse({ type: form.type, version: form.version, reason: form.reason });
    const task = await applyTaskEvent(user, params.id!, input);
    return fromScript ? json({ ok: true as const, state: task.state }) : redirect(safeRedirectPath(form.redirectTo ?? null, `/cases/${task.case.id}#tasks`));
  });
}
