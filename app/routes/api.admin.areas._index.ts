// GET /api/admin/areas; POST /api/admin/areas {label, code, position?} (CTED administrators). See
// docs/api.md.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";

import { AreaInput } from "~/domain/admin-input.ts";
import { createArea, listAdminAreas, requireAreaAdministrator } from "~/domain/thematic-areas.server.ts";
import { apiHandler, methodNotAllowed, readJson } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const admin = await requireApiUser(request);
    return json({ items: await listAdminAreas(admin) });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") throw methodNotAllowed("GET, POST");
    const admin = await requireApiUser(request);
    // Who may do this comes before what was sent: 403 for anyone else, whatever the body.
    requireAreaAdministrator(admin);
    const input = AreaInput.parse(await readJson(request));
    return json({ area: await createArea(admin, input) }, { status: 201 });
  });
}
