// POST /api/admin/users/:id/link -> 200 {link, expiresAt, emailed}: a new invitation link for an
// account that has not set its password (earlier links stop working). See docs/api.md.
import { type ActionFunctionArgs, json } from "@remix-run/node";

import { env } from "~/config/env.server.ts";
import { mailSettings } from "~/domain/account-mail.server.ts";
import { reinvite } from "~/domain/accounts.server.ts";
import { apiHandler, methodNotAllowed } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { t } from "~/i18n/i18n.server.ts";

export const loader = () =>
  json({ error: t("admin:api.useMethod", { method: "POST" }) }, { status: 405, headers: { Allow: "POST" } });

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    const admin = await requireApiUser(request);
    return json(await reinvite(admin, idParam(params, "User"), mailSettings(), env().APP_URL));
  });
}
