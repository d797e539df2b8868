// How the exports and reports are answered: as attachments named for what they hold and the day
// they were made, never kept by a cache (they hold what one person may see), and recorded in the
// audit log: who took which file out of the system.
import type { SessionUser } from "~/access/visibility.ts";
import { audit } from "~/domain/audit.server.ts";
import { contentDisposition } from "~/domain/evidence-files.server.ts";

import { isoDay } from "./cells.ts";
import type { FollowUpReport } from "./follow-up-report.server.ts";

export const CONTENT_TYPES = {
  // header=present: the first line names the columns (RFC 4180).
  csv: "text/csv; charset=utf-8; header=present",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
} as const;

/** cases-2026-11-30.csv */
export const datedFileName = (stem: string, extension: keyof typeof CONTENT_TYPES, at = new Date()) =>
  `${stem}-${isoDay(at)}.${extension}`;

/** follow-up-TJK-2017-2026-11-30.docx: the State, the visit's year and the day it was made. */
export const reportFileName = ({ assessment, generatedAt }: FollowUpReport, extension: "docx" | "pdf") =>
  datedFileName(
    `follow-up-${assessment.countryCode}-${assessment.visitStart.getUTCFullYear()}`,
    extension,
    generatedAt,
  );

/** The headers of a file to download, named `fileName`. */
export function downloadHeaders(fileName: string): Headers {
  const extension = fileName.slice(fileName.lastIndexOf(".") + 1) as keyof typeof CONTENT_TYPES;
  return new Headers({
    "Content-Type": CONTENT_TYPES[extension],
    "Content-Disposition": contentDisposition("attachment", fileName),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
  });
}

/**
 * The file as the answer to its download, recorded in the audit log first (the file's name, the
 * visit for a report, which filters were set for a list; never what was searched for).
 */
export async function auditedDownload(
  user: SessionUser,
  fileName: string,
  body: BodyInit,
  about: { assessmentId?: string; filters?: URLSearchParams },
): Promise<Response> {
  const filters = about.filters ? [...new Set(about.filters.keys())].filter((k) => k !== "q") : undefined;
  await audit({
    actor: user,
    action: "export.downloaded",
    ...(about.assessmentId ? { subject: { type: "assessment", id: about.assessmentId } } : {}),
    details: { file: fileName, ...(filters ? { filters } : {}) },
  });
  return new Response(body, { headers: downloadHeaders(fileName) });
}
