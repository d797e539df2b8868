// DELETE /api/evidence/:id. See docs/api.md.
import { type ActionFunctionArgs, json } from "@remix-run/node";

import { deleteEvidence } from "~/domain/evidence.server.ts";
import { apiHandler, methodNotAllowed } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { t } from "~/i18n/i18n.server.ts";

export const loader = () =>
  json(
    { error: t("errors:api.use", { allow: "DELETE" }), code: "method_not_allowed" },
    { status: 405, headers: { Allow: "DELETE" } },
  );

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "DELETE") throw methodNotAllowed("DELETE");
    const user = await requireApiUser(request);
    await deleteEvidence(user, idParam(params, "Evidence"));
    return new Response(null, { status: 204 });
  });
}
