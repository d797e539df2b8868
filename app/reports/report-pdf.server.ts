// The follow-up report as PDF: its HTML (report-html.server.tsx) printed by Chromium
// (pdf-browser.server.ts). Each report gets a browser context of its own, with JavaScript off and
// every network request refused (the HTML needs none), closed after use, and a time limit.
import { log } from "~/lib/log.server.ts";

import type { FollowUpReport } from "./follow-up-report.server.ts";
import { assertPdfAvailable, pdfBrowser, PdfUnavailableError, printTurn } from "./pdf-browser.server.ts";
import { renderReportHtml } from "./report-html.server.tsx";

const RENDER_TIMEOUT_MS = 60_000;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** The report as a PDF file's bytes: A4, the page number and count in each page's footer. */
export async function renderReportPdf(report: FollowUpReport): Promise<Uint8Array<ArrayBuffer>> {
  assertPdfAvailable();
  const html = await renderReportHtml(report);
  // "Title · Page 1 of 3": Chromium fills in the spans.
  const footer = report.text.footer
    .map((part) =>
      "text" in part
        ? escapeHtml(part.text)
        : `<span class="${part.field === "page" ? "pageNumber" : "totalPages"}"></span>`,
    )
    .join("");
  const release = await printTurn();
  try {
    const context = await (await pdfBrowser()).newContext({ javaScriptEnabled: false });
    let timedOut = false;
    // page.pdf takes no time limit: closing the context ends whatever it is doing.
    const timer = setTimeout(() => {
      timedOut = true;
      void context.close();
    }, RENDER_TIMEOUT_MS);
    try {
      const page = await context.newPage();
      await page.route("**", (route) => route.abort());
      await page.setContent(html, { waitUntil: "load", timeout: RENDER_TIMEOUT_MS });
      const pdf = await page.pdf({
        format: "A4",
        printBackground: true,
        tagged: true,
        outline: true,
        margin: { top: "18mm", bottom: "20mm", left: "18mm", right: "18mm" },
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate: `<div lang="${report.text.language}" dir="${report.text.dir}" style="width:100%;font:8pt sans-serif;color:#4a5563;text-align:center">${footer}</div>`,
      });
      return new Uint8Array(pdf);
    } catch (error) {
      if (!timedOut) throw error;
      log.warn("pdf report timed out", { ms: RENDER_TIMEOUT_MS, cases: report.recommendations.length });
      throw new PdfUnavailableError("reports:pdf.tooLong");
    } finally {
      clearTimeout(timer);
      await context.close();
    }
  } finally {
    release();
  }
}
