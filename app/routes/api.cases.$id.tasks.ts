// GET /api/cases/:id/tasks; POST /api/cases/:id/tasks {title, description?, assigneeUserId? | assigneeOrgId?, dueAt}. See docs/api.md.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";

import { TaskInput } from "~/domain/task-input.ts";
import { createTask, listTasks } from "~/domain/tasks.server.ts";
import { apiHandler, readJson } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { t } from "~/i18n/i18n.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const user = await requireApiUser(request);
    return json({ items: await listTasks(user, idParam(params)) });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST")
      return json(
        { error: t("errors:api.methodNotAllowed"), code: "method_not_allowed" },
        { status: 405, headers: { Allow: "GET, POST" } },
      );
    const user = await requireApiUser(request);
    const input = TaskInput.parse(await readJson(request));
    return json({ task: await createTask(user, idParam(params), input) }, { status: 201 });
  });
}
