// The form endpoint for commenting on a task (a fetcher with JavaScript; without, back to the page).
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { TaskCommentInput } from "../domain/task-input.ts";
import { addTaskComment } from "../domain/tasks.server.ts";
import { formAction, safeRedirectPath } from "../http/forms.server.ts";
import { requireUser } from "../http/session.server.ts";

export const loader = () => redirect("/me/work");

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = Object.fromEntries(await request.formData());
  const fromScript = new URL(request.url).searchParams.has("_data");
  return formAction(async () => {
    const { body } = TaskCommentInput.parse({ body: form.body });
    await addTaskComment(user, params.id!, body);
    return fromScript ? json({ ok: true as const }) : redirect(safeRedirectPath(form.redirectTo ?? null, "/me/work"));
  });
}
