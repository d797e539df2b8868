// POST /api/admin/audit/verify (CTED administrators): checks the hash chains of the case history
// and of the audit log, as `npm run audit:verify` does: for each, {ok: true, entries, lastHash} or
// {ok: false, entries, firstBroken, reason} (entry numbers as text). See docs/api.md.
import { type ActionFunctionArgs, json } from "@remix-run/node";

import { requireAuditReader, verifyChains } from "~/domain/audit.server.ts";
import { apiHandler, methodNotAllowed } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { t } from "~/i18n/i18n.server.ts";

export async function action({ request }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    const user = await requireApiUser(request);
    requireAuditReader(user);
    return json(await verifyChains(user));
  });
}

export const loader = () =>
  json({ error: t("admin:api.useMethod", { method: "POST" }) }, { status: 405, headers: { Allow: "POST" } });
