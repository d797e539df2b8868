// GET /api/admin/organizations; POST /api/admin/organizations {kind, name, shortName, countryCode?, governmentId?}
// (CTED administrators). See docs/api.md.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";

import { OrganizationInput } from "~/domain/admin-input.ts";
import {
  createOrganization,
  listOrganizations,
  requireAdministrator,
} from "~/domain/admin-organizations.server.ts";
import { apiHandler, methodNotAllowed, readJson } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const admin = await requireApiUser(request);
    return json({ items: await listOrganizations(admin) });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") throw methodNotAllowed("GET, POST");
    const admin = await requireApiUser(request);
    // Who may do this comes before what was sent: 403 for anyone else, whatever the body.
    requireAdministrator(admin);
    const input = OrganizationInput.parse(await readJson(request));
    return json({ organization: await createOrganization(admin, input) }, { status: 201 });
  });
}
