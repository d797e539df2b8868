// GET /api/cases/export.csv: every case this user may see that matches the list's filters, as CSV.
// See docs/api.md.
import type { LoaderFunctionArgs } from "@remix-run/node";

import { apiHandler } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { caseListCsv, exportQuery } from "~/reports/case-export.server.ts";
import { auditedDownload, datedFileName } from "~/reports/downloads.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const user = await requireApiUser(request);
    const filters = new URL(request.url).searchParams;
    const body = await caseListCsv(user, exportQuery(filters));
    return auditedDownload(user, datedFileName("cases", "csv"), body, { filters });
  });
}
