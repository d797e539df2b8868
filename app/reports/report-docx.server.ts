// The follow-up report as a Word document (the `docx` package): a title page, the summary (status
// table, chart of status by area, reiterated recommendations), then a section per recommendation.
// Packing it is one long synchronous step: the server runs this on a thread of its own
// (docx-off-thread.server.ts), where it holds up no one.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";

import { intlLocale } from "~/i18n/format.ts";
import { TOP_STATES, type TopState } from "~workflows/recommendation-labels.ts";

import { barSegments, STATE_FILLS, STATE_PATTERNS } from "./chart.ts";
import type { AreaStatus, FollowUpReport, ReportRecommendation } from "./follow-up-report.server.ts";
import { countText, type RecommendationText, type ReportText } from "./report-text.ts";

// A4 with 2 cm margins, in twips (twentieths of a point).
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const CHART_LABEL_WIDTH = 3000;
const CHART_MIN_SEGMENT = 500;

const SHADING_PATTERN = {
  none: ShadingType.CLEAR,
  diagonal: ShadingType.THIN_DIAGONAL_STRIPE,
  horizontal: ShadingType.HORIZONTAL_STRIPE,
  vertical: ShadingType.THIN_VERTICAL_STRIPE,
} as const;

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const WHITE_BORDER = { style: BorderStyle.SINGLE, size: 12, color: "FFFFFF" };

// Whether the document being written reads right to left (Arabic): its paragraphs and tables
// then run from the right. Set by renderReportDocx before it builds the document, which is done
// in one synchronous step: no other report's is built meanwhile.
let rtl = false;

const paragraph = (options: ConstructorParameters<typeof Paragraph>[0] & object) =>
  new Paragraph({ ...options, bidirectional: rtl });

const run = (options: ConstructorParameters<typeof TextRun>[0] & object) =>
  new TextRun({ ...options, rightToLeft: rtl });

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  paragraph({ text, heading: level, keepNext: true });

/** Text that may hold line breaks: a paragraph per line. */
const paragraphs = (text: string, options: { italics?: boolean } = {}) =>
  text.split("\n").map((line) => paragraph({ children: [run({ text: line, ...options })] }));

/** "Label: value", the label in bold. */
const fact = ([label, value]: [string, string]) =>
  paragraph({
    children: [run({ text: `${label}: `, bold: true }), run({ text: value })],
  });

const cell = (text: string, options: { bold?: boolean; width?: number; align?: "end" } = {}) =>
  new TableCell({
    width: options.width ? { size: options.width, type: WidthType.DXA } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [
      paragraph({
        alignment: options.align === "end" ? AlignmentType.END : AlignmentType.START,
        children: [run({ text, bold: options.bold })],
      }),
    ],
  });

/**
 * A table with a header row repeated on each page it spans; `numeric` columns are aligned right,
 * and the last row is in bold when it is a total.
 */
function table(
  headers: string[],
  rows: string[][],
  widths: number[],
  { numeric = [], totalRow = false }: { numeric?: number[]; totalRow?: boolean } = {},
) {
  const align = (i: number) => (numeric.includes(i) ? ("end" as const) : undefined);
  return new Table({
    visuallyRightToLeft: rtl,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({
        tableHeader: true,
        children: headers.map((h, i) => cell(h, { bold: true, width: widths[i], align: align(i) })),
      }),
      ...rows.map(
        (row, r) =>
          new TableRow({
            cantSplit: true,
            children: row.map((text, i) =>
              cell(text, { width: widths[i], align: align(i), bold: totalRow && r === rows.length - 1 }),
            ),
          }),
      ),
    ],
  });
}

function statusTable(report: FollowUpReport) {
  const { text } = report;
  const row = (r: AreaStatus) => [
    r.label,
    ...TOP_STATES.map((s) => countText(text, r.states[s])),
    countText(text, r.total),
    countText(text, r.overdue),
  ];
  const numberWidth = 900;
  return table(
    [text.words.area, ...TOP_STATES.map((s) => text.states[s]), text.words.total, text.words.overdue],
    [...report.status.areas.map(row), row(report.status.total)],
    [TEXT_WIDTH - 6 * numberWidth, ...Array<number>(6).fill(numberWidth)],
    { numeric: [1, 2, 3, 4, 5, 6], totalRow: true },
  );
}

/**
 * The chart: per area, its name and a one-row table whose shaded cells are the bar's segments,
 * each as wide as its share and holding its number; a legend names the states, with the same
 * fills and patterns.
 */
function chart(report: FollowUpReport) {
  const { text: words } = report;
  const maxTotal = Math.max(0, ...report.status.areas.map((a) => a.total));
  const barWidth = TEXT_WIDTH - CHART_LABEL_WIDTH;
  const segmentCell = (state: TopState, text: string, width: number) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      shading: { fill: STATE_FILLS[state], color: "FFFFFF", type: SHADING_PATTERN[STATE_PATTERNS[state]] },
      borders: { top: WHITE_BORDER, bottom: WHITE_BORDER, left: WHITE_BORDER, right: WHITE_BORDER },
      margins: { top: 60, bottom: 60, left: 40, right: 40 },
      children: [paragraph({ alignment: AlignmentType.CENTER, children: [run({ text, bold: true })] })],
    });
  const labelCell = (text: string) =>
    new TableCell({
      width: { size: CHART_LABEL_WIDTH, type: WidthType.DXA },
      borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
      margins: { top: 60, bottom: 60, left: 0, right: 120 },
      children: [paragraph({ children: [run({ text, size: 18 })] })],
    });
  const bar = (row: AreaStatus) => {
    const segments = barSegments(row, maxTotal, barWidth, CHART_MIN_SEGMENT);
    return new Table({
      visuallyRightToLeft: rtl,
      columnWidths: [CHART_LABEL_WIDTH, ...segments.map((s) => s.width)],
      layout: TableLayoutType.FIXED,
      borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
      rows: [
        new TableRow({
          cantSplit: true,
          children: [
            labelCell(`${row.label} (${countText(words, row.total)})`),
            ...segments.map((s) => segmentCell(s.state, countText(words, s.count), s.width)),
          ],
        }),
      ],
    });
  };
  const legendWidth = Math.floor(TEXT_WIDTH / TOP_STATES.length);
  const legend = new Table({
    visuallyRightToLeft: rtl,
    columnWidths: TOP_STATES.map(() => legendWidth),
    layout: TableLayoutType.FIXED,
    borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
    rows: [new TableRow({ children: TOP_STATES.map((s) => segmentCell(s, words.states[s], legendWidth)) })],
  });
  return [
    heading(words.words.chartHeading, HeadingLevel.HEADING_2),
    paragraph({ text: words.words.chartExplained }),
    legend,
    paragraph({ text: "" }),
    ...report.status.areas.flatMap((row, i) => [
      bar(row),
      paragraph({
        children: [run({ text: words.bars[i] ?? "", size: 16 })],
        spacing: { after: 120 },
      }),
    ]),
  ];
}

function reiterated(report: FollowUpReport) {
  const { words } = report.text;
  return [
    heading(words.reiteratedHeading, HeadingLevel.HEADING_2),
    ...(report.reiterated.length === 0
      ? [paragraph({ text: words.noneReiterated })]
      : report.reiterated.map((r, i) =>
          paragraph({
            bullet: { level: 0 },
            children: [
              run({ text: `${r.ref} `, bold: true }),
              run({ text: `${r.title}: ${report.text.reiterated[i]}` }),
            ],
          }),
        )),
  ];
}

function recommendation(r: ReportRecommendation, words: ReportText["words"], own: RecommendationText) {
  return [
    heading(`${r.ref}: ${r.title}`, HeadingLevel.HEADING_2),
    ...(own.reiteratedFrom
      ? [paragraph({ children: [run({ text: own.reiteratedFrom, italics: true })] })]
      : []),
    ...own.facts.map(fact),
    heading(words.recommendationHeading, HeadingLevel.HEADING_3),
    ...paragraphs(r.text),
    heading(words.responseHeading, HeadingLevel.HEADING_3),
    ...own.response.flatMap((p) => paragraphs(p.text, { italics: p.note })),
    heading(words.tasksHeading, HeadingLevel.HEADING_3),
    r.tasks.length === 0
      ? paragraph({ text: words.noTasks })
      : table(
          [words.task, words.assignedTo, words.state, words.dueDate],
          r.tasks.map((t, i) => [t.title, t.assignee, t.state, own.taskDue[i] ?? ""]),
          [3800, 2600, 1300, TEXT_WIDTH - 7700],
        ),
    heading(words.historyHeading, HeadingLevel.HEADING_3),
    table(
      [words.date, words.by, words.what, words.reason],
      r.history.map((h, i) => [
        own.history[i]?.date ?? "",
        h.who,
        own.history[i]?.what ?? "",
        h.reason ?? "",
      ]),
      [1300, 2000, 3000, TEXT_WIDTH - 6300],
    ),
  ];
}

/** The report as a .docx file's bytes, in the language its text was written in. */
export async function renderReportDocx(report: FollowUpReport): Promise<Uint8Array<ArrayBuffer>> {
  const { text } = report;
  const { words } = text;
  rtl = text.dir === "rtl";
  const cover = [
    paragraph({ text: words.reportKind, heading: HeadingLevel.TITLE }),
    paragraph({ text: report.assessment.title, heading: HeadingLevel.HEADING_1 }),
    ...text.cover.map(fact),
    ...(report.scopeNote ? [paragraph({ children: [run({ text: report.scopeNote, italics: true })] })] : []),
    paragraph({ children: [new PageBreak()] }),
  ];
  const summary = [
    heading(words.summaryHeading, HeadingLevel.HEADING_1),
    heading(words.statusHeading, HeadingLevel.HEADING_2),
    statusTable(report),
    ...chart(report),
    ...reiterated(report),
    paragraph({ children: [new PageBreak()] }),
  ];
  const sections: (Paragraph | Table)[] = [heading(words.recommendationsHeading, HeadingLevel.HEADING_1)];
  if (report.recommendations.length === 0) sections.push(paragraph({ text: words.noRecommendations }));
  for (const [i, r] of report.recommendations.entries())
    sections.push(...recommendation(r, words, text.recommendations[i]!));
  const footer = paragraph({
    alignment: AlignmentType.CENTER,
    children: text.footer.map((part) =>
      "text" in part
        ? run({ text: part.text, size: 16 })
        : run({ children: [part.field === "page" ? PageNumber.CURRENT : PageNumber.TOTAL_PAGES], size: 16 }),
    ),
  });
  const language = intlLocale(text.language);
  const doc = new Document({
    title: text.title,
    creator: "Follow-up",
    description: text.generated,
    styles: {
      default: {
        document: {
          run: {
            font: "Calibri",
            size: 22,
            language: { value: language, ...(rtl ? { bidirectional: language } : {}) },
          },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        footers: { default: new Footer({ children: [footer] }) },
        children: [...cover, ...summary, ...sections],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}
