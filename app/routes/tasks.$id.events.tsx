// Moving a task on from whichever page shows it (case page, My work): see fetcherAction.
import { type ActionFunctionArgs, redirect } from "@remix-run/node";

import { TaskEventInput } from "~/domain/task-input.ts";
import { applyTaskEvent } from "~/domain/tasks.server.ts";
import { fetcherAction } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { numberFromForm } from "~/lib/input-number.ts";

export const loader = () => redirect("/me/work");

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params, "Task");
  return fetcherAction(request, "/me/work", (form) =>
    applyTaskEvent(
      user,
      id,
      TaskEventInput.parse({ type: form.type, version: numberFromForm(form.version), reason: form.reason }),
    ),
  );
}
