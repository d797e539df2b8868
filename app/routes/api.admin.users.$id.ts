// PUT /api/admin/users/:id {name, role, organizationId} -> 200 (a change of access ends the
// person's sessions). CTED administrators only. See docs/api.md.
import { type ActionFunctionArgs, json } from "@remix-run/node";

import { changeAccount } from "~/domain/accounts.server.ts";
import { apiHandler, methodNotAllowed, readJson } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { t } from "~/i18n/i18n.server.ts";

export const loader = () =>
  json({ error: t("admin:api.useMethod", { method: "PUT" }) }, { status: 405, headers: { Allow: "PUT" } });

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "PUT") throw methodNotAllowed("PUT");
    const admin = await requireApiUser(request);
    await changeAccount(admin, idParam(params, "User"), await readJson(request));
    return json({ ok: true });
  });
}
