// GET /api/admin/visits/:id; PUT /api/admin/visits/:id {countryCode, countryName?, title, visitStart, visitEnd,
// resolutions, reportSentAt?, reportAdoptedAt?, partnerIds?} (CTED administrators). See docs/api.md.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";

import { VisitInput } from "~/domain/admin-input.ts";
import { requireAdministrator } from "~/domain/admin-organizations.server.ts";
import { getAdminVisit, updateVisit } from "~/domain/admin-visits.server.ts";
import { apiHandler, methodNotAllowed, readJson } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const admin = await requireApiUser(request);
    return json({ visit: await getAdminVisit(admin, params.id ?? "") });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "PUT") throw methodNotAllowed("GET, PUT");
    const admin = await requireApiUser(request);
    // Who may do this comes before what was sent: 403 for anyone else, whatever the body.
    requireAdministrator(admin);
    // Then whether it exists (404), then what was sent (400).
    await getAdminVisit(admin, params.id ?? "");
    const input = VisitInput.parse(await readJson(request));
    return json({ visit: await updateVisit(admin, params.id ?? "", input) });
  });
}
