// Word reports are written on a thread of their own (docx-worker.ts): the `docx` package packs a
// document in one synchronous step (about 4 ms per recommendation, seconds for a large visit),
// during which the main thread would answer no other request.
import { WorkerThread } from "~/lib/worker-thread.server.ts";

import type { FollowUpReport } from "./follow-up-report.server.ts";

const writer = new WorkerThread<FollowUpReport, Uint8Array<ArrayBuffer>>(
  "app/reports/docx-worker.ts",
  "writing the Word report",
  120_000,
);

/** The report as a .docx file's bytes, written on the thread. */
export const renderReportDocxOffThread = (report: FollowUpReport) => writer.run(report);
