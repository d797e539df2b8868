// POST /api/cases/:id/events {type, version, reason?}. See docs/api.md.
import { type ActionFunctionArgs, json } from "@remix-run/node";

import { CaseEventInput } from "~/domain/case-input.ts";
import { applyCaseEvent } from "~/domain/cases.server.ts";
import { apiHandler, readJson } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { t } from "~/i18n/i18n.server.ts";

export const loader = () =>
  json(
    { error: t("errors:api.use", { allow: "POST" }), code: "method_not_allowed" },
    { status: 405, headers: { Allow: "POST" } },
  );

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST")
      return json(
        { error: t("errors:api.methodNotAllowed"), code: "method_not_allowed" },
        { status: 405, headers: { Allow: "POST" } },
      );
    const user = await requireApiUser(request);
    const input = CaseEventInput.parse(await readJson(request));
    return json({ case: await applyCaseEvent(user, idParam(params), input) });
  });
}
