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

import { STATE_LABELS, TOP_STATES, type TopState } from "~workflows/recommendation-labels.ts";

import { isoDay } from "./cells.ts";
import { barInWords, barSegments, STATE_FILLS, STATE_PATTERNS } from "./chart.ts";
import type { AreaStatus, FollowUpReport, ReportRecommendation } from "./follow-up-report.server.ts";
import {
  coverFacts,
  dueText,
  generatedBy,
  historyWhat,
  recommendationFacts,
  reportTitle,
  responseParagraphs,
  TEXT,
} from "./report-text.ts";

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

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text, heading: level, keepNext: true });

/** Text that may hold line breaks: a paragraph per line. */
const paragraphs = (text: string, options: { italics?: boolean } = {}) =>
  text.split("\n").map((line) => new Paragraph({ children: [new TextRun({ text: line, ...options })] }));

/** "Label: value", the label in bold. */
const fact = ([label, value]: [string, string]) =>
  new Paragraph({
    children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun({ text: value })],
  });

const cell = (text: string, options: { bold?: boolean; width?: number; align?: "right" } = {}) =>
  new TableCell({
    width: options.width ? { size: options.width, type: WidthType.DXA } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [
      new Paragraph({
        alignment: options.align === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, bold: options.bold })],
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
  const align = (i: number) => (numeric.includes(i) ? ("right" as const) : undefined);
  return new Table({
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
  const row = (r: AreaStatus) => [
    r.label,
    ...TOP_STATES.map((s) => String(r.states[s])),
    String(r.total),
    String(r.overdue),
  ];
  const numberWidth = 900;
  return table(
    [TEXT.area, ...TOP_STATES.map((s) => STATE_LABELS[s]!), TEXT.total, TEXT.overdue],
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
  const maxTotal = Math.max(0, ...report.status.areas.map((a) => a.total));
  const barWidth = TEXT_WIDTH - CHART_LABEL_WIDTH;
  const segmentCell = (state: TopState, text: string, width: number) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      shading: { fill: STATE_FILLS[state], color: "FFFFFF", type: SHADING_PATTERN[STATE_PATTERNS[state]] },
      borders: { top: WHITE_BORDER, bottom: WHITE_BORDER, left: WHITE_BORDER, right: WHITE_BORDER },
      margins: { top: 60, bottom: 60, left: 40, right: 40 },
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold: true })] }),
      ],
    });
  const labelCell = (text: string) =>
    new TableCell({
      width: { size: CHART_LABEL_WIDTH, type: WidthType.DXA },
      borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
      margins: { top: 60, bottom: 60, left: 0, right: 120 },
      children: [new Paragraph({ children: [new TextRun({ text, size: 18 })] })],
    });
  const bar = (row: AreaStatus) => {
    const segments = barSegments(row, maxTotal, barWidth, CHART_MIN_SEGMENT);
    return new Table({
      columnWidths: [CHART_LABEL_WIDTH, ...segments.map((s) => s.width)],
      layout: TableLayoutType.FIXED,
      borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
      rows: [
        new TableRow({
          cantSplit: true,
          children: [
            labelCell(`${row.label} (${row.total})`),
            ...segments.map((s) => segmentCell(s.state, String(s.count), s.width)),
          ],
        }),
      ],
    });
  };
  const legendWidth = Math.floor(TEXT_WIDTH / TOP_STATES.length);
  const legend = new Table({
    columnWidths: TOP_STATES.map(() => legendWidth),
    layout: TableLayoutType.FIXED,
    borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
    rows: [new TableRow({ children: TOP_STATES.map((s) => segmentCell(s, STATE_LABELS[s]!, legendWidth)) })],
  });
  return [
    heading(TEXT.chartHeading, HeadingLevel.HEADING_2),
    new Paragraph({ text: TEXT.chartExplained }),
    legend,
    new Paragraph({ text: "" }),
    ...report.status.areas.flatMap((row) => [
      bar(row),
      new Paragraph({
        children: [new TextRun({ text: barInWords(row), size: 16 })],
        spacing: { after: 120 },
      }),
    ]),
  ];
}

function reiterated(report: FollowUpReport) {
  return [
    heading(TEXT.reiteratedHeading, HeadingLevel.HEADING_2),
    ...(report.reiterated.length === 0
      ? [new Paragraph({ text: TEXT.noneReiterated })]
      : report.reiterated.map(
          (r) =>
            new Paragraph({
              bullet: { level: 0 },
              children: [
                new TextRun({ text: `${r.ref} `, bold: true }),
                new TextRun({ text: `${r.title}: ${TEXT.reiteratedFrom(r.from)}` }),
              ],
            }),
        )),
  ];
}

function recommendation(r: ReportRecommendation) {
  return [
    heading(`${r.ref}: ${r.title}`, HeadingLevel.HEADING_2),
    ...(r.reiteratedFrom
      ? [
          new Paragraph({
            children: [new TextRun({ text: TEXT.reiteratedFrom(r.reiteratedFrom), italics: true })],
          }),
        ]
      : []),
    ...recommendationFacts(r).map(fact),
    heading(TEXT.recommendationHeading, HeadingLevel.HEADING_3),
    ...paragraphs(r.text),
    heading(TEXT.responseHeading, HeadingLevel.HEADING_3),
    ...responseParagraphs(r.response).flatMap((p) => paragraphs(p.text, { italics: p.note })),
    heading(TEXT.tasksHeading, HeadingLevel.HEADING_3),
    r.tasks.length === 0
      ? new Paragraph({ text: TEXT.noTasks })
      : table(
          [TEXT.task, TEXT.assignedTo, TEXT.state, TEXT.dueDate],
          r.tasks.map((t) => [t.title, t.assignee, t.state, dueText(t.dueAt, t.overdue)]),
          [3800, 2600, 1300, TEXT_WIDTH - 7700],
        ),
    heading(TEXT.historyHeading, HeadingLevel.HEADING_3),
    table(
      [TEXT.date, TEXT.by, TEXT.what, TEXT.reason],
      r.history.map((h) => [isoDay(h.at), h.who, historyWhat(h), h.reason ?? ""]),
      [1300, 2000, 3000, TEXT_WIDTH - 6300],
    ),
  ];
}

/** The report as a .docx file's bytes. */
export async function renderReportDocx(report: FollowUpReport): Promise<Uint8Array<ArrayBuffer>> {
  const title = reportTitle(report);
  const cover = [
    new Paragraph({ text: TEXT.reportKind, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: report.assessment.title, heading: HeadingLevel.HEADING_1 }),
    ...coverFacts(report).map(fact),
    ...(report.scopeNote
      ? [new Paragraph({ children: [new TextRun({ text: report.scopeNote, italics: true })] })]
      : []),
    new Paragraph({ children: [new PageBreak()] }),
  ];
  const summary = [
    heading(TEXT.summaryHeading, HeadingLevel.HEADING_1),
    heading(TEXT.statusHeading, HeadingLevel.HEADING_2),
    statusTable(report),
    ...chart(report),
    ...reiterated(report),
    new Paragraph({ children: [new PageBreak()] }),
  ];
  const sections: (Paragraph | Table)[] = [heading(TEXT.recommendationsHeading, HeadingLevel.HEADING_1)];
  if (report.recommendations.length === 0) sections.push(new Paragraph({ text: TEXT.noRecommendations }));
  for (const r of report.recommendations) sections.push(...recommendation(r));
  const doc = new Document({
    title,
    creator: "Follow-up",
    description: `Generated ${generatedBy(report)}`,
    styles: { default: { document: { run: { font: "Calibri", size: 22, language: { value: "en-GB" } } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ text: `${title} · Page `, size: 16 }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 16 }),
                  new TextRun({ text: " of ", size: 16 }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 16 }),
                ],
              }),
            ],
          }),
        },
        children: [...cover, ...summary, ...sections],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}
