// Moving a task on from whichever page shows it (case page, My work): see fetcherAction.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { TaskEventInput } from "../domain/task-input.ts";
import { applyTaskEvent } from "../domain/tasks.server.ts";
import { fetcherAction } from "../http/forms.server.ts";
import { requireUser } from "../http/session.server.ts";

export const loader = () => redirect("/me/work");

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = Object.fromEntries(await request.formData());
  return fetcherAction(request, form, "/me/work", () =>
    applyTaskEvent(user, params.id!, TaskEventInput.parse({ type: form.type, version: form.version, reason: form.reason })),
  );
}
