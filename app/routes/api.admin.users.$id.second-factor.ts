// DELETE /api/admin/users/:id/second-factor -> 204: an administrator removes the second factor of
// someone who lost both their authenticator and their recovery codes; their sessions end. See
// docs/api.md.
import { type ActionFunctionArgs, json } from "@remix-run/node";

import { resetSecondFactor } from "~/domain/accounts.server.ts";
import { apiHandler, methodNotAllowed } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { t } from "~/i18n/i18n.server.ts";

export const loader = () =>
  json(
    { error: t("admin:api.useMethod", { method: "DELETE" }) },
    { status: 405, headers: { Allow: "DELETE" } },
  );

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "DELETE") throw methodNotAllowed("DELETE");
    const admin = await requireApiUser(request);
    await resetSecondFactor(admin, idParam(params, "User"));
    return new Response(null, { status: 204 });
  });
}
