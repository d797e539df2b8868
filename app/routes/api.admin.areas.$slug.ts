// GET /api/admin/areas/:slug; PATCH /api/admin/areas/:slug {label?, code?, position?, retired?}
// (CTED administrators). See docs/api.md.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";

import { AreaChange } from "~/domain/admin-input.ts";
import { getAdminArea, requireAreaAdministrator, updateArea } from "~/domain/thematic-areas.server.ts";
import { apiHandler, methodNotAllowed, readJson } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const admin = await requireApiUser(request);
    const { area } = await getAdminArea(admin, params.slug ?? "");
    return json({ area });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "PATCH") throw methodNotAllowed("GET, PATCH");
    const admin = await requireApiUser(request);
    // Who may do this comes before what was sent: 403 for anyone else, whatever the body.
    requireAreaAdministrator(admin);
    // Then whether it exists (404), then what was sent (400).
    await getAdminArea(admin, params.slug ?? "");
    const change = AreaChange.parse(await readJson(request));
    return json({ area: await updateArea(admin, params.slug ?? "", change) });
  });
}
