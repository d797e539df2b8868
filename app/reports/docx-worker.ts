// The Word reports' thread (docx-off-thread.server.ts starts it): the file's bytes are handed
// over, not copied.
import { serveRequests } from "~/lib/worker-thread.server.ts";

import { renderReportDocx } from "./report-docx.server.ts";

serveRequests(renderReportDocx, (bytes) => [bytes.buffer]);
