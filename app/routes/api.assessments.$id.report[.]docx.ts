// GET /api/assessments/:id/report.docx: the assessment's follow-up report as a Word document,
// holding what this user may see. See docs/api.md and docs/reports.md.
import type { LoaderFunctionArgs } from "@remix-run/node";

import { apiHandler } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { browserTimeZone } from "~/i18n/time-zone.ts";
import { renderReportDocxOffThread } from "~/reports/docx-off-thread.server.ts";
import { auditedDownload, reportFileName } from "~/reports/downloads.server.ts";
import { followUpReport } from "~/reports/follow-up-report.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const user = await requireApiUser(request);
    // In the request's language; times in the reader's zone, as the pages show them.
    const report = await followUpReport(user, idParam(params, "Assessment"), {
      timeZone: user.timeZone ?? browserTimeZone(request),
    });
    return auditedDownload(user, reportFileName(report, "docx"), await renderReportDocxOffThread(report), {
      assessmentId: report.assessment.id,
    });
  });
}
