// The follow-up report's wording, in its reader's language, shared by its renderers so that the
// Word and PDF files say the same things in the same words. It is written once, on the main
// thread, while the request that asked for the report is at hand (its language, the reader's time
// zone): the Word report is packed on a thread of its own (docx-worker.ts), which has neither, and
// takes these sentences as they are.
import type { Formats } from "~/i18n/format.ts";
import { directionOf, type Translate } from "~/i18n/languages.ts";
import { stateName } from "~/i18n/workflow-names.ts";
import { TOP_STATES, type TopState } from "~workflows/recommendation-labels.ts";

import type {
  AreaStatus,
  FollowUpReport,
  ReportHistoryEntry,
  ReportRecommendation,
  ReportResponse,
} from "./follow-up-report.server.ts";

/** The report's headings and labels that take no value (reports:report.words). */
const WORDS = [
  "reportKind",
  "summaryHeading",
  "statusHeading",
  "chartHeading",
  "chartExplained",
  "reiteratedHeading",
  "noneReiterated",
  "recommendationsHeading",
  "noRecommendations",
  "recommendationHeading",
  "responseHeading",
  "tasksHeading",
  "noTasks",
  "historyHeading",
  "area",
  "state",
  "priority",
  "owner",
  "dueDate",
  "total",
  "overdue",
  "none",
  "task",
  "assignedTo",
  "date",
  "by",
  "what",
  "reason",
] as const;
export type ReportWord = (typeof WORDS)[number];

/** A piece of the page footer: text, or the page's number or the number of pages. */
export type FooterPart = { text: string } | { field: "page" | "pages" };

export interface RecommendationText {
  /** "Reiterated from TJK-2017-BC-02 (2017 visit)", when it is. */
  reiteratedFrom: string | null;
  /** Its facts, label and value. */
  facts: [string, string][];
  /** The response as paragraphs; `note` marks what the report says about it rather than its text. */
  response: { text: string; note: boolean }[];
  /** Each task's due date, "(overdue)" when it is. */
  taskDue: string[];
  /** Each history entry's day and what happened. */
  history: { date: string; what: string }[];
}

/** Everything the renderers write that is not data typed by people, in the reader's language. */
export interface ReportText {
  /** The language (BCP 47) and its writing direction. */
  language: string;
  dir: "ltr" | "rtl";
  words: Record<ReportWord, string>;
  /** The top states' names, in the workflow's order. */
  states: Record<TopState, string>;
  /** "Follow-up report: Tajikistan, visit of 2017". */
  title: string;
  /** "Generated 30 Nov 2026, 10:00 UTC by Name (Organisation)". */
  generated: string;
  /** The title page's facts, label and value. */
  cover: [string, string][];
  footer: FooterPart[];
  /** Per reiterated recommendation (report.reiterated), where it comes from. */
  reiterated: string[];
  /** Per area of the status (report.status.areas), its bar in words: "Drafted 3, Agreed 5, ...". */
  bars: string[];
  /** Per recommendation (report.recommendations), its sentences. */
  recommendations: RecommendationText[];
  /** A count as the language writes it. */
  counts: Record<number, string>;
}

/** A state's name from its value ("in_progress.under_review": the last segment's). */

/** "In progress · Under review", as the state badge reads. */
export function stateText(t: Translate, state: string, stateValue: string): string {
  const top = stateName(t, state);
  return stateValue !== state
    ? t("reports:report.subState", { state: top, sub: stateName(t, stateValue) })
    : top;
}

type ReportData = Omit<FollowUpReport, "text" | "language">;

// Stand-ins for the page number and count while the footer sentence is translated (private use).
const PAGE = "\uE000";
const PAGES = "\uE001";

/** The report's wording, for `report`, in the language of `t` and `f`. */
export function reportText(report: ReportData, t: Translate, f: Formats, language: string): ReportText {
  const r = (key: string, values?: Record<string, unknown>) => t(`reports:report.${key}`, values);
  const list = (items: string[]) => items.join(r("listSeparator"));
  const a = report.assessment;
  const title = r("title", { country: a.countryName, year: a.visitStart.getUTCFullYear() });
  const generatedBy = r("generatedBy", {
    when: f.time(report.generatedAt),
    name: report.generatedBy.name,
    organization: report.generatedBy.organization,
  });
  const reiteratedFrom = (from: { ref: string; year: number }) =>
    r("reiteratedFrom", { ref: from.ref, year: from.year });
  const dueText = (at: Date, overdue: boolean) =>
    overdue ? r("dueOverdue", { date: f.day(at) }) : f.day(at);
  const states = Object.fromEntries(TOP_STATES.map((s) => [s, stateName(t, s)])) as Record<TopState, string>;
  const barInWords = (row: AreaStatus) =>
    list(TOP_STATES.map((s) => r("barPart", { state: states[s], n: f.count(row.states[s]) })));
  const notYet = r("cover.notYet");
  const none = r("words.none");
  const cover: [string, string][] = [
    [r("cover.country"), r("cover.countryValue", { name: a.countryName, code: a.countryCode })],
    [r("cover.visit"), r("cover.visitDates", { start: f.day(a.visitStart), end: f.day(a.visitEnd) })],
    [r("cover.resolutions"), list(a.resolutions) || none],
    [r("cover.sent"), a.reportSentAt ? f.day(a.reportSentAt) : notYet],
    [r("cover.adopted"), a.reportAdoptedAt ? f.day(a.reportAdoptedAt) : notYet],
    [r("cover.partners"), list(a.partners) || none],
    [r("cover.generated"), generatedBy],
    ...(a.isDemo ? ([[r("cover.note"), r("cover.demo")]] as [string, string][]) : []),
  ];
  const footer: FooterPart[] = r("footer", { title, page: PAGE, pages: PAGES })
    .split(/([\uE000\uE001])/)
    .filter(Boolean)
    .map((part) =>
      part === PAGE ? { field: "page" } : part === PAGES ? { field: "pages" } : { text: part },
    );
  const recommendationFacts = (rec: ReportRecommendation): [string, string][] => [
    [r("words.area"), rec.areaLabel],
    [r("words.state"), rec.stateLabel],
    [r("words.priority"), rec.priority],
    [r("words.owner"), rec.owner],
    [r("words.dueDate"), rec.dueAt ? dueText(rec.dueAt, rec.overdue) : none],
  ];
  const numbers = new Set<number>();
  for (const row of [...report.status.areas, report.status.total]) {
    for (const n of [...Object.values(row.states), row.total, row.overdue]) numbers.add(n);
  }
  return {
    language,
    dir: directionOf(language),
    words: Object.fromEntries(WORDS.map((w) => [w, r(`words.${w}`)])) as Record<ReportWord, string>,
    states,
    title,
    generated: r("generated", { generated: generatedBy }),
    cover,
    footer,
    reiterated: report.reiterated.map((x) => reiteratedFrom(x.from)),
    bars: report.status.areas.map(barInWords),
    recommendations: report.recommendations.map((rec) => ({
      reiteratedFrom: rec.reiteratedFrom ? reiteratedFrom(rec.reiteratedFrom) : null,
      facts: recommendationFacts(rec),
      response: responseParagraphs(rec.response, r, f),
      taskDue: rec.tasks.map((task) => dueText(task.dueAt, task.overdue)),
      history: rec.history.map((h) => ({ date: f.day(h.at), what: historyWhat(h, r) })),
    })),
    counts: Object.fromEntries([...numbers].map((n) => [n, f.count(n)])),
  };
}

/** A count as the report writes it (its figures are all in `text.counts`). */
export const countText = (text: ReportText, n: number) => text.counts[n] ?? String(n);

/** What a history entry says happened: "Agree (Drafted → Agreed)". */
const historyWhat = (entry: ReportHistoryEntry, r: Translate) =>
  entry.change ? r("historyChange", { what: entry.what, change: entry.change }) : entry.what;

/** The response as paragraphs; `note` marks what the report says about it rather than its text. */
function responseParagraphs(
  response: ReportResponse,
  r: Translate,
  f: Formats,
): { text: string; note: boolean }[] {
  switch (response.kind) {
    case "agreed":
      return [
        { text: r("response.agreedOn", { date: f.day(response.at) }), note: true },
        response.text
          ? { text: response.text, note: false }
          : { text: r("response.emptyWhenAgreed"), note: true },
      ];
    case "not_agreed":
      return [
        { text: r("response.notAgreed"), note: true },
        ...(response.draft
          ? [
              { text: r("response.currentDraft"), note: true },
              { text: response.draft, note: false },
            ]
          : [{ text: r("response.noDraft"), note: true }]),
      ];
    case "withheld":
      return [{ text: r("response.withheld"), note: true }];
  }
}
