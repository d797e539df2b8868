// The case list as a file (CSV or XLSX): every case this user may see that matches the list's
// filters, not one page of it. Cases are read through listCases (the list's own scope, filters,
// sort and overdue rule) in pages, and each page is written out before the next is read, so that
// an export of 100,000 cases never holds them all in memory. See docs/api.md.
import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";

import { createReadableStreamFromReadable } from "@remix-run/node";
import ExcelJS from "exceljs";

import type { SessionUser } from "~/access/visibility.ts";
import { env } from "~/config/env.server.ts";
import { type CaseListQuery, parseListQuery } from "~/domain/case-input.ts";
import { type CaseListItem, listCases } from "~/domain/cases.server.ts";
import { thematicAreas } from "~/domain/thematic-areas.server.ts";
import { requestLanguage } from "~/i18n/detect.server.ts";
import { translatorFor } from "~/i18n/i18n.server.ts";
import { directionOf, type Translate } from "~/i18n/languages.ts";
import { areaLabel, type ThematicArea } from "~/lib/areas.ts";

import { csvRecord, isoDay, isoMinute, neutraliseFormula } from "./cells.ts";
import { stateText } from "./report-text.ts";

/** Cases read per query: enough to keep the queries few, few enough to keep memory flat. */
export const EXPORT_PAGE_SIZE = 500;

interface Column {
  /** Its head's key (reports:export.columns). */
  header: string;
  /** Width in characters, for XLSX. */
  width: number;
  /**
   * The cell's value, written in the language of `t`; `areas` name the thematic areas (their
   * labels as CTED keeps them, the standard ones translated).
   */
  value: (c: CaseListItem, areas: readonly ThematicArea[], t: Translate) => string | Date | null;
  /** How a date shows: a calendar day, or a moment to the minute (UTC). */
  date?: "day" | "minute";
}

// Dates stay as ISO 8601 in every language: a spreadsheet's data, sorted and read by programs.
const COLUMNS: Column[] = [
  { header: "ref", width: 18, value: (c) => c.ref },
  { header: "country", width: 9, value: (c) => c.country },
  { header: "area", width: 34, value: (c, areas, t) => areaLabel(areas, c.area, t) },
  { header: "title", width: 60, value: (c) => c.title },
  { header: "state", width: 26, value: (c, _, t) => stateText(t, c.state, c.stateValue) },
  { header: "priority", width: 9, value: (c, _, t) => t(`workflow:priorities.${c.priority}`) },
  { header: "owner", width: 24, value: (c) => c.owner.name },
  { header: "dueDate", width: 12, value: (c) => c.dueAt, date: "day" },
  {
    header: "overdue",
    width: 9,
    value: (c, _, t) => t(c.overdue ? "reports:export.yes" : "reports:export.no"),
  },
  { header: "updated", width: 20, value: (c) => c.updatedAt, date: "minute" },
  { header: "link", width: 50, value: (c) => caseLink(c.id) },
];

/** The columns' heads in the language of `t`. */
const headers = (t: Translate) => COLUMNS.map((c) => t(`reports:export.columns.${c.header}`));

/** The list's query (the same filters, sort and refusals as GET /api/cases), without its page. */
export function exportQuery(params: URLSearchParams): CaseListQuery {
  const filters = new URLSearchParams(params);
  filters.delete("page");
  filters.delete("pageSize");
  return parseListQuery(filters);
}

const caseLink = (id: string) => new URL(`/cases/${id}`, env().APP_URL).href;

/**
 * The matching cases, page after page. The first page is read before anything is sent, so that a
 * failure there is still an error answer rather than a file cut short.
 */
async function casePages(user: SessionUser, query: CaseListQuery) {
  const pageOf = (page: number) => listCases(user, { ...query, page, pageSize: EXPORT_PAGE_SIZE });
  const first = await pageOf(1);
  async function* pages() {
    yield first.items;
    for (let page = 2; (page - 1) * EXPORT_PAGE_SIZE < first.total; page++) {
      // Other requests' turn between pages: reading one need not have given them any (the
      // embedded database answers without yielding to the event loop).
      await nextTurn();
      const { items } = await pageOf(page);
      if (items.length === 0) return;
      yield items;
    }
  }
  return pages();
}

const cellText = (column: Column, c: CaseListItem, areas: readonly ThematicArea[], t: Translate): string => {
  const value = column.value(c, areas, t);
  if (value instanceof Date) return column.date === "minute" ? isoMinute(value) : isoDay(value);
  return value ?? "";
};

/**
 * The export as CSV: UTF-8 with a byte order mark (so that Excel reads it as UTF-8), CRLF lines. A
 * page is read only once the client has taken the previous one.
 */
export async function caseListCsv(
  user: SessionUser,
  query: CaseListQuery,
): Promise<ReadableStream<Uint8Array>> {
  // In the request's language, fixed now: the pages are written after the request's turn.
  const t = translatorFor(requestLanguage());
  const [pages, areas] = await Promise.all([casePages(user, query), thematicAreas()]);
  async function* text() {
    yield `\uFEFF${csvRecord(headers(t))}`;
    for await (const items of pages) {
      yield items.map((c) => csvRecord(COLUMNS.map((col) => cellText(col, c, areas, t)))).join("");
    }
  }
  return createReadableStreamFromReadable(Readable.from(text()));
}

/**
 * The export as XLSX, written as it is read (exceljs's streaming writer). Text goes in as plain
 * strings, never formulas, neutralised as in the CSV; dates are real dates, shown as in the CSV.
 */
export async function caseListXlsx(
  user: SessionUser,
  query: CaseListQuery,
): Promise<ReadableStream<Uint8Array>> {
  const language = requestLanguage();
  const t = translatorFor(language);
  const [pages, areas] = await Promise.all([casePages(user, query), thematicAreas()]);
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(t("reports:export.sheet"), {
    views: [{ state: "frozen", ySplit: 1, rightToLeft: directionOf(language) === "rtl" }],
  });
  const heads = headers(t);
  sheet.columns = COLUMNS.map((c, i) => ({
    header: heads[i],
    key: c.header,
    width: c.width,
    style: c.date ? { numFmt: c.date === "day" ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm" } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  const write = async () => {
    for await (const items of pages) {
      // The client went away: stop reading.
      if (out.destroyed) return;
      for (const c of items) {
        sheet
          .addRow(
            COLUMNS.map((col) => {
              const value = col.value(c, areas, t);
              return typeof value === "string" ? neutraliseFormula(value) : value;
            }),
          )
          .commit();
      }
      // Let the client take what is written before reading more.
      if (out.writableNeedDrain) await Promise.race([once(out, "drain"), once(out, "close")]);
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return createReadableStreamFromReadable(out);
}
