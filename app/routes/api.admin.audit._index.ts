// GET /api/admin/audit?action=&person=&case=&from=&to=&before= (CTED administrators): the audit
// log's entries, newest first, 50 at a time, with `next` (the `before` of the next page) and
// `notices` (a person or case reference not found). See docs/api.md.
import { json, type LoaderFunctionArgs } from "@remix-run/node";

import { auditLog, parseAuditQuery, requireAuditReader } from "~/domain/audit.server.ts";
import { apiHandler, methodNotAllowed } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const user = await requireApiUser(request);
    // Who may read it comes before what was asked: 403 for anyone else, whatever the filters.
    requireAuditReader(user);
    return json(await auditLog(user, parseAuditQuery(new URL(request.url).searchParams)));
  });
}

export async function action() {
  return apiHandler(async () => {
    throw methodNotAllowed("GET");
  });
}
