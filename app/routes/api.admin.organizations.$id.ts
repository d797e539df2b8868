// GET /api/admin/organizations/:id; PUT /api/admin/organizations/:id {kind, name, shortName, countryCode?, governmentId?}
// (CTED administrators). See docs/api.md.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";

import { OrganizationInput } from "~/domain/admin-input.ts";
import {
  getOrganization,
  requireAdministrator,
  updateOrganization,
} from "~/domain/admin-organizations.server.ts";
import { apiHandler, methodNotAllowed, readJson } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const admin = await requireApiUser(request);
    const { organization } = await getOrganization(admin, params.id ?? "");
    return json({ organization });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "PUT") throw methodNotAllowed("GET, PUT");
    const admin = await requireApiUser(request);
    // Who may do this comes before what was sent: 403 for anyone else, whatever the body.
    requireAdministrator(admin);
    // Then whether it exists (404), then what was sent (400).
    await getOrganization(admin, params.id ?? "");
    const input = OrganizationInput.parse(await readJson(request));
    return json({ organization: await updateOrganization(admin, params.id ?? "", input) });
  });
}
