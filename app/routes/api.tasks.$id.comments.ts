// GET /api/tasks/:id/comments; POST /api/tasks/:id/comments {body}. See docs/api.md.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";

import { TaskCommentInput } from "~/domain/task-input.ts";
import { addTaskComment, getTask } from "~/domain/tasks.server.ts";
import { apiHandler, readJson } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { t } from "~/i18n/i18n.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(async () =>
    json({ items: (await getTask(await requireApiUser(request), idParam(params, "Task"))).comments }),
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST")
      return json(
        { error: t("errors:api.methodNotAllowed"), code: "method_not_allowed" },
        { status: 405, headers: { Allow: "GET, POST" } },
      );
    const user = await requireApiUser(request);
    const { body } = TaskCommentInput.parse(await readJson(request));
    return json({ comment: await addTaskComment(user, idParam(params, "Task"), body) }, { status: 201 });
  });
}
