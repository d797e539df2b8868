// The follow-up report's wording, shared by its renderers so that the Word and PDF files say the
// same things in the same words.
import { isoDay } from "./cells.ts";
import type {
  FollowUpReport,
  ReportHistoryEntry,
  ReportRecommendation,
  ReportResponse,
} from "./follow-up-report.server.ts";

/** 19 February 2017 (UTC: dates are calendar days). */
export const longDate = (value: Date): string =>
  value.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

const longMoment = (value: Date): string =>
  `${value.toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" })} UTC`;

export const TEXT = {
  reportKind: "Follow-up report",
  summaryHeading: "Summary",
  statusHeading: "Status by thematic area",
  chartHeading: "Chart: status by thematic area",
  chartExplained:
    "One bar per thematic area, its length the number of recommendations; each part is a state, in the order of the workflow, with its number written in it.",
  reiteratedHeading: "Reiterated recommendations",
  noneReiterated: "None of these recommendations reiterates one from an earlier visit.",
  recommendationsHeading: "Recommendations",
  noRecommendations: "There are no recommendations to report.",
  recommendationHeading: "Recommendation",
  responseHeading: "Response",
  tasksHeading: "Tasks",
  noTasks: "No tasks.",
  historyHeading: "History",
  area: "Thematic area",
  state: "State",
  priority: "Priority",
  owner: "Owner",
  dueDate: "Due date",
  total: "Total",
  overdue: "Overdue",
  none: "None",
  task: "Task",
  assignedTo: "Assigned to",
  date: "Date",
  by: "By",
  what: "What",
  reason: "Reason",
  reiteratedFrom: (from: { ref: string; year: number }) => `Reiterated from ${from.ref} (${from.year} visit)`,
};

/** "30 November 2026 at 10:00 UTC by Name (Organisation)". */
export const generatedBy = (report: FollowUpReport) =>
  `${longMoment(report.generatedAt)} by ${report.generatedBy.name} (${report.generatedBy.organization})`;

/** "2017-12-15 (overdue)". */
export const dueText = (at: Date, overdue: boolean) => `${isoDay(at)}${overdue ? " (overdue)" : ""}`;

/** What a history entry says happened: "Agree (Drafted → Agreed)". */
export const historyWhat = (entry: ReportHistoryEntry) =>
  entry.change ? `${entry.what} (${entry.change})` : entry.what;

/** A recommendation's facts, label and value. */
export const recommendationFacts = (r: ReportRecommendation): [string, string][] => [
  [TEXT.area, r.areaLabel],
  [TEXT.state, r.stateLabel],
  [TEXT.priority, r.priority],
  [TEXT.owner, r.owner],
  [TEXT.dueDate, r.dueAt ? dueText(r.dueAt, r.overdue) : TEXT.none],
];

/** "Follow-up report: Tajikistan, visit of 2017". */
export const reportTitle = (report: FollowUpReport) =>
  `${TEXT.reportKind}: ${report.assessment.countryName}, visit of ${report.assessment.visitStart.getUTCFullYear()}`;

/** The title page's facts, label and value. */
export function coverFacts(report: FollowUpReport): [string, string][] {
  const a = report.assessment;
  const notYet = "Not yet";
  return [
    ["Country", `${a.countryName} (${a.countryCode})`],
    ["Visit", `${longDate(a.visitStart)} to ${longDate(a.visitEnd)}`],
    ["Resolutions", a.resolutions.join(", ") || TEXT.none],
    ["Report sent to the State", a.reportSentAt ? longDate(a.reportSentAt) : notYet],
    ["Report adopted", a.reportAdoptedAt ? longDate(a.reportAdoptedAt) : notYet],
    ["Partners", a.partners.join(", ") || TEXT.none],
    ["Generated", generatedBy(report)],
    ...(a.isDemo
      ? ([["Note", "Demo data: the recommendations and people are invented."]] as [string, string][])
      : []),
  ];
}

/** The response as paragraphs; `note` marks what the report says about it rather than its text. */
export function responseParagraphs(response: ReportResponse): { text: string; note: boolean }[] {
  switch (response.kind) {
    case "agreed":
      return [
        { text: `Agreed on ${longDate(response.at)}.`, note: true },
        response.text
          ? { text: response.text, note: false }
          : { text: "The response was empty when it was agreed.", note: true },
      ];
    case "not_agreed":
      return [
        { text: "Not yet agreed.", note: true },
        ...(response.draft
          ? [
              { text: "Current draft:", note: true },
              { text: response.draft, note: false },
            ]
          : [{ text: "No draft response has been written yet.", note: true }]),
      ];
    case "withheld":
      return [{ text: "The response is between the State and CTED and is not included here.", note: true }];
  }
}
