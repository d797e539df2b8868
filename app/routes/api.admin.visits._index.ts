// GET /api/admin/visits; POST /api/admin/visits {countryCode, countryName?, title, visitStart, visitEnd,
// resolutions, reportSentAt?, reportAdoptedAt?, partnerIds?} (CTED administrators). See docs/api.md.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";

import { VisitInput } from "~/domain/admin-input.ts";
import { requireAdministrator } from "~/domain/admin-organizations.server.ts";
import { createVisit, listAdminVisits } from "~/domain/admin-visits.server.ts";
import { apiHandler, methodNotAllowed, readJson } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const admin = await requireApiUser(request);
    return json({ items: await listAdminVisits(admin) });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") throw methodNotAllowed("GET, POST");
    const admin = await requireApiUser(request);
    // Who may do this comes before what was sent: 403 for anyone else, whatever the body.
    requireAdministrator(admin);
    const input = VisitInput.parse(await readJson(request));
    return json({ visit: await createVisit(admin, input) }, { status: 201 });
  });
}
