// The follow-up report of one assessment, as data: what the Word, HTML and PDF renderers show
// (report-docx.server.ts, report-html.server.tsx, report-pdf.server.ts), built once from a few
// queries for the whole assessment. It holds only what its reader may see: the cases, tasks and
// history entries within their scopes, and for a partner no response and no reasons but its own
// tasks' (the rules of caseHistory in app/domain/cases.server.ts). See docs/reports.md.
import { setImmediate as nextTurn } from "node:timers/promises";

import * as Y from "yjs";

import { may } from "~/access/capabilities.ts";
import { assessmentScope, caseScope, historyScope, taskScope } from "~/access/scopes.server.ts";
import { isPartner, type SessionUser } from "~/access/visibility.ts";
import { caseDocName, fragmentText } from "~/domain/documents.server.ts";
import { NotFoundError } from "~/domain/errors.server.ts";
import { thematicAreas } from "~/domain/thematic-areas.server.ts";
import { requestLanguage } from "~/i18n/detect.server.ts";
import { formatsFor } from "~/i18n/format.ts";
import { translatorFor } from "~/i18n/i18n.server.ts";
import type { Translate } from "~/i18n/languages.ts";
import { stateName } from "~/i18n/workflow-names.ts";
import { areaLabel, type ThematicArea } from "~/lib/areas.ts";
import { dueStatus, isOverdue } from "~/lib/deadlines.ts";
import {
  casesWithVisit,
  reportAssessment,
  reportCases,
  reportHistory,
  reportTasks,
  storedDocumentParts,
} from "~/models/follow-up-report.server.ts";
import { CASE_EVENT_TYPES, TOP_STATES, type TopState } from "~workflows/recommendation-labels.ts";
import { taskStateHas } from "~workflows/state-tags.ts";
import { TASK_HISTORY_TYPES } from "~workflows/task-labels.ts";

import { type ReportText, reportText, stateText } from "./report-text.ts";

/** The history entries the report lists: the case's and its tasks' steps, and its lineage (not edits or comments). */
const TRANSITIONS = [
  "CREATED",
  "IMPORTED",
  "REITERATED",
  ...CASE_EVENT_TYPES,
  ...TASK_HISTORY_TYPES.filter((t) => t !== "TASK_COMMENTED"),
];

const CASE_EVENTS = new Set<string>(CASE_EVENT_TYPES);

/** What a history entry records, as the case page's history names it. */
const historyLabel = (t: Translate, type: string) =>
  t(CASE_EVENTS.has(type) ? `workflow:events.${type}` : `workflow:history.${type}`, { defaultValue: type });

/** Cases handled between two turns of the event loop, so that a long report does not hold up other requests. */
export const CASES_PER_TURN = 50;

export interface ReportTask {
  title: string;
  assignee: string;
  state: string;
  dueAt: Date;
  overdue: boolean;
}

export interface ReportHistoryEntry {
  at: Date;
  who: string;
  /** What happened, with the task's title for a task's entry. */
  what: string;
  /** "Drafted → Agreed", when the state changed. */
  change: string | null;
  reason: string | null;
}

/**
 * The response to the recommendation: as agreed (the latest AGREE entry's text); not yet agreed,
 * with the draft as saved for those who may read the response document; or not for this reader.
 */
export type ReportResponse =
  | { kind: "agreed"; at: Date; text: string | null }
  | { kind: "not_agreed"; draft: string | null }
  | { kind: "withheld" };

export interface ReportRecommendation {
  ref: string;
  area: string;
  areaLabel: string;
  title: string;
  text: string;
  state: TopState;
  stateLabel: string;
  priority: string;
  owner: string;
  dueAt: Date | null;
  overdue: boolean;
  response: ReportResponse;
  tasks: ReportTask[];
  history: ReportHistoryEntry[];
  /** The earlier visit's recommendation this one reiterates, when its reader may see that one too. */
  reiteratedFrom: { ref: string; year: number } | null;
}

export interface AreaStatus {
  /** The area's label; "All areas" (in the reader's language) for the total. */
  label: string;
  states: Record<TopState, number>;
  total: number;
  overdue: number;
}

export interface FollowUpReport {
  /** The reader's language, in which the report is written. */
  language: string;
  assessment: {
    id: string;
    title: string;
    countryCode: string;
    countryName: string;
    visitStart: Date;
    visitEnd: Date;
    resolutions: string[];
    reportSentAt: Date | null;
    reportAdoptedAt: Date | null;
    isDemo: boolean;
    partners: string[];
  };
  generatedAt: Date;
  generatedBy: { name: string; organization: string };
  /** Said at the start when the reader sees only part of the assessment's recommendations. */
  scopeNote: string | null;
  status: { areas: AreaStatus[]; total: AreaStatus };
  reiterated: { ref: string; title: string; from: { ref: string; year: number } }[];
  recommendations: ReportRecommendation[];
  /** Its wording in the reader's language, for the renderers (report-text.ts). */
  text: ReportText;
}

/**
 * The report for `user`, written in `language` (the request's, by default) with its moments in
 * `timeZone` (the user's own, by default; UTC without one).
 */
export async function followUpReport(
  user: SessionUser,
  assessmentId: string,
  { language = requestLanguage(), timeZone }: { language?: string; timeZone?: string | null } = {},
): Promise<FollowUpReport> {
  const t = translatorFor(language);
  const now = new Date();
  const assessment = await reportAssessment(assessmentId, assessmentScope(user));
  if (!assessment) throw new NotFoundError("Assessment");
  const partner = isPartner(user);
  // One after the other, with other requests' turn in between: the embedded database answers each
  // without yielding to the event loop, and together they would hold it for their whole time.
  const cases = await reportCases(assessment.id, caseScope(user));
  await nextTurn();
  const tasks = await reportTasks(assessment.id, taskScope(user));
  await nextTurn();
  const history = await reportHistory(assessment.id, TRANSITIONS, historyScope(user));
  await nextTurn();
  // The areas' labels and order as CTED keeps them now (a retired area's cases keep its label).
  const areas = await thematicAreas();
  const earlier = new Map(
    (await casesWithVisit([...new Set(cases.flatMap((c) => c.followsCaseId ?? []))], caseScope(user))).map(
      (c) => [c.id, { ref: c.ref, year: c.assessment.visitStart.getUTCFullYear() }],
    ),
  );
  const agreed = new Map<string, { at: Date; text: string | null }>();
  for (const e of history) if (e.type === "AGREE") agreed.set(e.caseId, { at: e.at, text: e.responseText });
  // The response is for those who open its document (not partners), as on the case page.
  const readsResponses = may(user, "readDocuments");
  const drafts = readsResponses
    ? await draftResponses(cases.filter((c) => !agreed.has(c.id)).map((c) => c.id))
    : new Map<string, string | null>();

  const tasksOf = groupBy(tasks, (t) => t.caseId);
  const historyOf = groupBy(history, (e) => e.caseId);
  const recommendations: ReportRecommendation[] = [];
  for (const [i, c] of cases.entries()) {
    if (i > 0 && i % CASES_PER_TURN === 0) await nextTurn();
    const agreement = agreed.get(c.id);
    recommendations.push({
      ref: c.ref,
      area: c.area,
      areaLabel: areaLabel(areas, c.area, t),
      title: c.title,
      text: c.text,
      state: c.state as TopState,
      stateLabel: stateText(t, c.state, c.stateValue),
      priority: t(`workflow:priorities.${c.priority}`),
      owner: c.owner.name,
      dueAt: c.dueAt,
      overdue: isOverdue(c.dueAt, c.state, now),
      response: !readsResponses
        ? { kind: "withheld" }
        : agreement
          ? { kind: "agreed", ...agreement }
          : { kind: "not_agreed", draft: drafts.get(c.id) ?? null },
      tasks: (tasksOf.get(c.id) ?? []).map((task) => ({
        title: task.title,
        assignee: task.assigneeUser
          ? `${task.assigneeUser.name} (${task.assigneeOrg.shortName})`
          : task.assigneeOrg.name,
        state: t(`workflow:taskStates.${task.state}`, { defaultValue: task.state }),
        dueAt: task.dueAt,
        overdue: dueStatus(task.dueAt, taskStateHas(task.state, "finished"), now) === "overdue",
      })),
      history: (historyOf.get(c.id) ?? []).map((e) => ({
        at: e.at,
        who: e.actor.name,
        what: e.task
          ? t("reports:report.taskWhat", { what: historyLabel(t, e.type), task: e.task.title })
          : historyLabel(t, e.type),
        change:
          e.fromState && e.fromState !== e.toState
            ? t("reports:report.stateChange", {
                from: stateName(t, e.fromState),
                to: e.toState ? stateName(t, e.toState) : "",
              })
            : null,
        // What the State and CTED said to each other is not a partner's to read (caseHistory).
        reason: partner && !e.taskId ? null : e.reason,
      })),
      reiteratedFrom: c.followsCaseId ? (earlier.get(c.followsCaseId) ?? null) : null,
    });
  }

  const report = {
    assessment: {
      id: assessment.id,
      title: assessment.title,
      countryCode: assessment.countryCode,
      countryName: assessment.countryName,
      visitStart: assessment.visitStart,
      visitEnd: assessment.visitEnd,
      resolutions: assessment.resolutions,
      reportSentAt: assessment.reportSentAt,
      reportAdoptedAt: assessment.reportAdoptedAt,
      isDemo: assessment.isDemo,
      partners: assessment.partners.map((p) => p.organization.shortName).sort(),
    },
    generatedAt: now,
    generatedBy: { name: user.name, organization: user.organization.name },
    scopeNote: partner ? t("reports:report.scopeNote", { organization: user.organization.shortName }) : null,
    status: statusByArea(recommendations, areas, t("reports:report.allAreas")),
    reiterated: recommendations.flatMap((r) =>
      r.reiteratedFrom ? [{ ref: r.ref, title: r.title, from: r.reiteratedFrom }] : [],
    ),
    recommendations,
  };
  const formats = formatsFor(language, timeZone ?? user.timeZone);
  return { ...report, language, text: reportText(report, t, formats, language) };
}

/** Counts by state, per thematic area (in the report's order of areas) and in all, with the overdue. */
function statusByArea(recommendations: ReportRecommendation[], areaOrder: ThematicArea[], allAreas: string) {
  const empty = (label: string): AreaStatus => ({
    label,
    states: Object.fromEntries(TOP_STATES.map((s) => [s, 0])) as Record<TopState, number>,
    total: 0,
    overdue: 0,
  });
  const byArea = new Map<string, AreaStatus>();
  const total = empty(allAreas);
  for (const r of recommendations) {
    let area = byArea.get(r.area);
    if (!area) byArea.set(r.area, (area = empty(r.areaLabel)));
    for (const row of [area, total]) {
      row.states[r.state] += 1;
      row.total += 1;
      if (r.overdue) row.overdue += 1;
    }
  }
  const order = (slug: string) => areaOrder.findIndex((a) => a.slug === slug);
  const areas = [...byArea.entries()].sort(([a], [b]) => order(a) - order(b)).map(([, row]) => row);
  return { areas, total };
}

/**
 * The saved response of each of these cases, read from the stored documents in one query (as
 * app/domain/documents.server.ts savedResponseText reads one).
 */
async function draftResponses(caseIds: string[]): Promise<Map<string, string | null>> {
  const stored = await storedDocumentParts(caseIds.map(caseDocName));
  const drafts = new Map<string, string | null>();
  for (const [i, caseId] of caseIds.entries()) {
    if (i > 0 && i % CASES_PER_TURN === 0) await nextTurn();
    const parts = stored.get(caseDocName(caseId));
    if (!parts) continue;
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, Y.mergeUpdates(parts));
      drafts.set(caseId, fragmentText(doc.getXmlFragment("response")) || null);
    } finally {
      doc.destroy();
    }
  }
  return drafts;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
