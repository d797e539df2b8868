// GET /api/cases/export.xlsx: every case this user may see that matches the list's filters, as an
// Excel workbook. See docs/api.md.
import type { LoaderFunctionArgs } from "@remix-run/node";

import { apiHandler } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { caseListXlsx, exportQuery } from "~/reports/case-export.server.ts";
import { auditedDownload, datedFileName } from "~/reports/downloads.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const user = await requireApiUser(request);
    const filters = new URL(request.url).searchParams;
    const body = await caseListXlsx(user, exportQuery(filters));
    return auditedDownload(user, datedFileName("cases", "xlsx"), body, { filters });
  });
}
