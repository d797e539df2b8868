// Commenting on a task from whichever page shows it: see fetcherAction.
import { type ActionFunctionArgs, redirect } from "@remix-run/node";

import { TaskCommentInput } from "~/domain/task-input.ts";
import { addTaskComment } from "~/domain/tasks.server.ts";
import { fetcherAction } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireUser } from "~/http/session.server.ts";

export const loader = () => redirect("/me/work");

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params, "Task");
  return fetcherAction(request, "/me/work", (form) =>
    addTaskComment(user, id, TaskCommentInput.parse({ body: form.body }).body),
  );
}
