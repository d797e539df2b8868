// Cases: reading within the actor's scope, moving through the workflow, creating and editing.
// Every write checks the workflow and the actor, then commits the change and its history entry
// at once, guarded by the row version (optimistic concurrency). Rows are read and written through
// app/models/; the rules (who sees and may do what, what the workflow allows, who is told) are here.
import { may, type Person, rolesWith, stateActedFor } from "~/access/capabilities.ts";
import {
  assessmentScope,
  caseScope,
  caseScopeSql,
  historyScope,
  tallyScopeSql,
} from "~/access/scopes.server.ts";
import { isPartner, type SessionUser, workflowActor } from "~/access/visibility.ts";
import { t } from "~/i18n/i18n.server.ts";
import {
  defaultDueDateFrom,
  dueSoonBefore,
  dueStatus,
  isOverdue,
  observationsDueDate,
  overdueBefore,
} from "~/lib/deadlines.ts";
import { assessmentById, assessmentOptions } from "~/models/assessments.server.ts";
import {
  type CaseDeadlines,
  type CaseDetailRow,
  caseDetailRow,
  caseExistsWithin,
  type CaseListRow,
  caseRefsStartingWith,
  caseRow,
  casesInStates,
  casesPage,
  insertCase,
} from "~/models/cases.server.ts";
import { appendHistory, historyOfCase } from "~/models/history.server.ts";
import { caseCounts } from "~/models/tallies.server.ts";
import { type Db, inTransaction, isUniqueViolation } from "~/models/transaction.server.ts";
import { enabledActorsFor, enabledUsersWithRoles, userRoleAndStatus } from "~/models/users.server.ts";
import { type CaseChanges, commitCaseChange } from "~/models/versioned-writes.server.ts";
import { caseRuntime, parseCaseSnapshot } from "~workflows/case-runtime.ts";
import { isCaseHistoryType, TOP_STATES } from "~workflows/recommendation-labels.ts";
import { snapshotJson } from "~workflows/runtime.ts";
import { caseStateHas, caseStatesWith, caseStateValuesWith } from "~workflows/state-tags.ts";

import { audit, auditRecord } from "./audit.server.ts";
import { publishEvents } from "./case-feed.server.ts";
import {
  type CaseEventInput,
  type CaseFields,
  type CaseListQuery,
  type CaseUpdate,
  reasonRequiredMessage,
} from "./case-input.ts";
import { savedResponseText } from "./documents.server.ts";
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotAllowedInStateError,
  NotFoundError,
} from "./errors.server.ts";
import { notify } from "./notifications.server.ts";
import {
  assertEvidenceToSubmit,
  assertNoOpenTasks,
  type Submission,
  submissionOfCase,
} from "./submission.server.ts";
import { areaCodeFor, areasForUser, assertAreaExists, assertAreaOpen } from "./thematic-areas.server.ts";

function listItem(row: CaseListRow, now = new Date()) {
  const { countryCode, ...rest } = row;
  return {
    ...rest,
    country: countryCode,
    overdue: isOverdue(row.dueAt, row.state, now),
    due: dueStatus(row.dueAt, caseStateHas(row.state, "locked"), now),
  };
}
export type CaseListItem = ReturnType<typeof listItem>;

// The database's side of app/lib/deadlines.ts, at one moment: the same rule.
const deadlinesAt = (now: Date): CaseDeadlines => ({
  overdueBefore: overdueBefore(now),
  dueSoonBefore: dueSoonBefore(now),
  lockedStates: caseStatesWith("locked"),
});

export async function listCases(user: SessionUser, query: CaseListQuery) {
  const now = new Date();
  const { sort, page, pageSize, ...filters } = query;
  if (filters.area) await assertAreaExists(filters.area);
  const { rows, total } = await casesPage(caseScopeSql(user), filters, deadlinesAt(now), {
    sort,
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  return { items: rows.map((r) => listItem(r, now)), total, page, pageSize };
}

function caseDetail(user: SessionUser, row: CaseDetailRow, submission: Submission | null) {
  const { snapshot, workflowVersion: _v, ...rest } = row;
  const allowed = caseRuntime.allowedEvents(parseCaseSnapshot(snapshot), workflowActor(user));
  return {
    ...listItem(rest),
    text: row.text,
    createdAt: row.createdAt,
    assessment: {
      ...row.assessment,
      // The State's factual observations on the draft report: finished once the report is adopted.
      observationsDueAt: observationsDueDate(row.assessment.reportSentAt),
      observationsDue: dueStatus(
        observationsDueDate(row.assessment.reportSentAt),
        row.assessment.reportAdoptedAt !== null,
      ),
    },
    allowedEvents: allowed.map((e) => e.type),
    reasonRequiredFor: allowed.filter((e) => e.needsReason).map((e) => e.type),
    canEdit: may(user, "editCases") && !caseStateHas(row.state, "locked"),
    canEditText: may(user, "editCases") && caseStateHas(row.state, "textEditable"),
    /** Under review or verified: what was submitted (submission.server.ts), else null. */
    submission,
  };
}
export type CaseDetail = ReturnType<typeof caseDetail>;

/** The case, or NotFound when it does not exist or this user may not see it. */
export async function getCase(user: SessionUser, id: string): Promise<CaseDetail> {
  const row = await caseDetailRow(id, caseScope(user));
  if (!row) throw new NotFoundError();
  return caseDetail(user, row, await submissionOfCase(user, row));
}

export async function caseHistory(user: SessionUser, id: string) {
  if (!(await caseExistsWithin(id, caseScope(user)))) throw new NotFoundError();
  // A partner reads only their own tasks' entries.
  const events = await historyOfCase(id, historyScope(user));
  // What the State and CTED said to each other, and the response, are not a partner's to read.
  const partner = isPartner(user);
  return events.map((e) => ({
    id: e.id.toString(),
    at: e.at,
    actor: e.actor,
    type: e.type,
    from: e.fromState,
    to: e.toState,
    reason: partner && !e.taskId ? null : e.reason,
    responseText: partner ? null : e.responseText,
  }));
}
export type CaseHistoryItem = Awaited<ReturnType<typeof caseHistory>>[number];

/**
 * Sends a workflow event on behalf of the user. Checks, in order: visibility (404), the version
 * the user saw (409), the workflow (422 / 400 for a missing reason / 403), then what the case must
 * hold for it (422: evidence to submit; no open tasks to verify, unless a reason is given). A
 * refusal writes nothing. A submission records its evidence package in the same write.
 */
export async function applyCaseEvent(
  user: SessionUser,
  id: string,
  input: CaseEventInput,
): Promise<CaseDetail> {
  const current = await caseDetailRow(id, caseScope(user));
  if (!current) throw new NotFoundError();
  if (current.version !== input.version) throw new ConflictError(current.version);
  const reason = input.reason?.trim() || undefined;
  const persisted = parseCaseSnapshot(current.snapshot);
  const decision = caseRuntime.decide(persisted, { type: input.type, actor: workflowActor(user), reason });
  if (!decision.ok) {
    if (decision.refusal === "not_in_this_state")
      throw new NotAllowedInStateError(input.type, current.stateValue);
    if (decision.refusal === "reason_required")
      throw new InvalidInputError({ reason: reasonRequiredMessage(input.type) });
    throw new ForbiddenError({
      key: "errors:forbidden.caseEvent",
      values: { event: t(`workflow:events.${input.type}`) },
    });
  }
  const { next } = decision;
  const submitting = input.type === "SUBMIT_EVIDENCE";
  if (submitting) await assertEvidenceToSubmit(id);
  // The reason is the verifier's word that the open tasks need not hold the case back.
  if (input.type === "VERIFY" && !reason) await assertNoOpenTasks(id);
  const written = await commitCaseChange(
    id,
    input.version,
    {
      state: next.state,
      stateValue: next.stateValue,
      snapshot: JSON.stringify(snapshotJson(next.persisted)),
      workflowVersion: next.workflowVersion,
    },
    {
      actorId: user.id,
      type: input.type,
      fromState: decision.from,
      toState: decision.to,
      reason,
      responseText: await savedResponseText(id),
    },
    {
      packageEvidence: submitting,
      audit: auditRecord({
        actor: user,
        action: "case.transition",
        subject: { type: "case", id },
        caseId: id,
        details: { event: input.type, from: decision.from, to: decision.to },
      }),
    },
  );
  await publishEvents([written.eventId]);
  await notifyWhoActsNext(
    { ...current, stateValue: next.stateValue, snapshot: snapshotJson(next.persisted) },
    user,
    input.type,
  );
  // The row as written, without reading it again.
  const snapshot = snapshotJson(next.persisted);
  const row = {
    ...current,
    version: written.version,
    updatedAt: written.updatedAt,
    state: next.state,
    stateValue: next.stateValue,
    snapshot,
  };
  return caseDetail(user, row, await submissionOfCase(user, row));
}

/**
 * Whether the case is waiting for this person now: while it is with the State (drafted, agreed,
 * implementing), for the State's focal points; while under review, for the CTED staff who may
 * verify it (not whoever submitted it: the four-eyes rule). CTED may also act on a case that is
 * with the State (recording evidence it received, say), but the case is not waiting for them.
 */
function waitsFor(
  person: Person & { id: string },
  c: { countryCode: string; stateValue: string; snapshot: unknown },
) {
  const allowed = caseRuntime.allowedEvents(parseCaseSnapshot(c.snapshot), workflowActor(person));
  if (caseStateHas(c.stateValue, "awaitingState")) return may(person, "actForState", c) && allowed.length > 0;
  if (caseStateHas(c.stateValue, "underReview")) return allowed.some((e) => e.type === "VERIFY");
  return false;
}

/**
 * Tells those the case now waits for (waitsFor: each holds an allowed next event) that their
 * action is needed. A finished case (locked: verified) waits for nobody, though CTED may still
 * reopen it: no one is told their action is needed.
 */
async function notifyWhoActsNext(
  c: { id: string; ref: string; countryCode: string; stateValue: string; snapshot: unknown },
  actor: SessionUser,
  type: string,
) {
  if (caseStateHas(c.stateValue, "locked")) return;
  const candidates = await enabledActorsFor(c.countryCode, rolesWith("actForCted"), rolesWith("actForState"));
  const values = { name: actor.name, ref: c.ref };
  await notify(
    candidates.filter((u) => waitsFor(u, c)).map((u) => u.id),
    {
      kind: "action_needed",
      text: (t) =>
        t("notifications:text.actionNeeded", {
          change: isCaseHistoryType(type)
            ? t(`workflow:eventPast.${type}`, values)
            : t("notifications:text.movedOn", values),
        }),
      caseId: c.id,
    },
    actor.id,
  );
}

/**
 * The cases waiting for this user (waitsFor): for a State's focal point, those with the State, by
 * due date; for CTED staff, the cases under review they may verify, longest waiting first.
 */
export async function casesAwaitingAction(user: SessionUser) {
  const now = new Date();
  const stateValues = [
    ...(stateActedFor(user) ? caseStateValuesWith("awaitingState") : []),
    ...(may(user, "actForCted") ? caseStateValuesWith("underReview") : []),
  ];
  if (stateValues.length === 0) return [];
  const rows = await casesInStates(caseScope(user), stateValues, 500);
  const actor = workflowActor(user);
  return rows
    .filter((row) => waitsFor(user, row))
    .map(({ snapshot, submittedAt, ...row }) => ({
      ...listItem(row, now),
      allowedEvents: caseRuntime.allowedEvents(parseCaseSnapshot(snapshot), actor).map((e) => e.type),
      /** Under review: since when, and for how many whole days, it has waited for a verifier. */
      waitingSince: caseStateHas(row.stateValue, "underReview") ? submittedAt : null,
      daysWaiting:
        caseStateHas(row.stateValue, "underReview") && submittedAt
          ? Math.floor((now.getTime() - submittedAt.getTime()) / 86_400_000)
          : null,
    }))
    .sort((a, b) => (a.waitingSince?.getTime() ?? Infinity) - (b.waitingSince?.getTime() ?? Infinity));
}

/** A case's owner is an active CTED expert (400 otherwise). */
export async function assertOwnerIsCted(ownerId: string) {
  const owner = await userRoleAndStatus(ownerId);
  if (!owner || owner.disabledAt || !may(owner, "ownCases")) {
    throw new InvalidInputError({ ownerId: "errors:cases.ownerNotExpert" });
  }
}

async function nextRef(tx: Db, countryCode: string, year: number, area: string) {
  const prefix = `${countryCode}-${year}-${await areaCodeFor(area, tx)}-`;
  const existing = await caseRefsStartingWith(prefix, tx);
  const highest = existing.reduce((max, ref) => Math.max(max, Number(ref.slice(prefix.length)) || 0), 0);
  return `${prefix}${String(highest + 1).padStart(2, "0")}`;
}

export async function createCase(user: SessionUser, fields: CaseFields): Promise<CaseDetail> {
  if (!may(user, "editCases")) throw new ForbiddenError("errors:forbidden.draftCases");
  const assessment = await assessmentById(fields.assessmentId);
  if (!assessment) throw new InvalidInputError({ assessmentId: "errors:cases.noSuchVisit" });
  await assertOwnerIsCted(fields.ownerId);
  // A retired area keeps its cases but takes no new ones.
  await assertAreaOpen(fields.area);
  const initial = caseRuntime.initial({ country: assessment.countryCode });
  // Two CTED users creating in the same area at once can compute the same reference: retry.
  for (let attempt = 0; ; attempt++) {
    try {
      const { created, event } = await inTransaction(async (tx) => {
        const created = await insertCase(
          {
            ref: await nextRef(
              tx,
              assessment.countryCode,
              assessment.visitStart.getUTCFullYear(),
              fields.area,
            ),
            assessmentId: assessment.id,
            countryCode: assessment.countryCode,
            area: fields.area,
            title: fields.title,
            text: fields.text,
            priority: fields.priority,
            ownerId: fields.ownerId,
            // Without one, the default, unless it is past already: then none (defaultDueDateFrom).
            dueAt: fields.dueAt ?? defaultDueDateFrom(assessment.reportAdoptedAt),
            state: initial.state,
            stateValue: initial.stateValue,
            snapshot: snapshotJson(initial.persisted),
            workflowVersion: initial.workflowVersion,
          },
          tx,
        );
        const event = await appendHistory(
          {
            caseId: created.id,
            caseVersion: 1,
            actorId: user.id,
            type: "CREATED",
            toState: initial.stateValue,
          },
          tx,
        );
        await audit(
          {
            actor: user,
            action: "case.created",
            subject: { type: "case", id: created.id },
            caseId: created.id,
            details: { assessmentId: assessment.id },
          },
          tx,
        );
        return { created, event };
      });
      await publishEvents([event.id]);
      return getCase(user, created.id);
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

const EDITABLE_LABELS = {
  title: "title",
  text: "text",
  area: "thematic area",
  priority: "priority",
  ownerId: "owner",
  dueAt: "due date",
} as const;

export async function updateCase(user: SessionUser, id: string, input: CaseUpdate): Promise<CaseDetail> {
  const current = await caseRow(id, caseScope(user));
  if (!current) throw new NotFoundError();
  if (!may(user, "editCases")) throw new ForbiddenError("errors:forbidden.editCases");
  if (current.version !== input.version) throw new ConflictError(current.version);
  if (caseStateHas(current.state, "locked")) throw new NotAllowedInStateError("EDIT", current.stateValue);
  if (input.ownerId !== current.ownerId) await assertOwnerIsCted(input.ownerId);
  if (input.area !== current.area) await assertAreaOpen(input.area);
  const changes: CaseChanges = {};
  for (const key of Object.keys(EDITABLE_LABELS) as (keyof typeof EDITABLE_LABELS)[]) {
    const before = current[key] instanceof Date ? (current[key] as Date).getTime() : current[key];
    const after = input[key] instanceof Date ? (input[key] as Date).getTime() : (input[key] ?? null);
    if (before !== after) changes[key] = input[key] ?? null;
  }
  // Once the State has agreed the text, changing it would change what was agreed.
  const textChanged = "title" in changes || "text" in changes || "area" in changes;
  if (textChanged && !caseStateHas(current.state, "textEditable")) {
    throw new InvalidInputError({ text: "errors:cases.textOnlyWhileDrafted" });
  }
  if (Object.keys(changes).length === 0) return getCase(user, id);
  const written = await commitCaseChange(
    id,
    input.version,
    changes,
    {
      actorId: user.id,
      type: "EDITED",
      fromState: current.stateValue,
      toState: current.stateValue,
      reason: `Changed ${Object.keys(changes)
        .map((k) => EDITABLE_LABELS[k as keyof typeof EDITABLE_LABELS])
        .join(", ")}`,
    },
    {
      // Which fields changed, never their text.
      audit: auditRecord({
        actor: user,
        action: "case.edited",
        subject: { type: "case", id },
        caseId: id,
        details: { fields: Object.keys(changes) },
      }),
    },
  );
  await publishEvents([written.eventId]);
  return getCase(user, id);
}

/** Counts by state x thematic area within the user's scope, with overdue counts. */
export async function dashboard(user: SessionUser) {
  const now = new Date();
  const counts = await caseCounts(caseScopeSql(user), tallyScopeSql(user), deadlinesAt(now));
  const emptyStates = () =>
    Object.fromEntries(TOP_STATES.map((s) => [s, 0])) as Record<(typeof TOP_STATES)[number], number>;
  const byArea = new Map<
    string,
    { area: string; states: ReturnType<typeof emptyStates>; total: number; overdue: number; dueSoon: number }
  >();
  const row = (area: string) => {
    let r = byArea.get(area);
    if (!r) byArea.set(area, (r = { area, states: emptyStates(), total: 0, overdue: 0, dueSoon: 0 }));
    return r;
  };
  const totals = { states: emptyStates(), total: 0, overdue: 0, dueSoon: 0 };
  for (const c of counts.byAreaAndState) {
    const r = row(c.area);
    r.states[c.state as keyof typeof r.states] += c.count;
    r.total += c.count;
    totals.states[c.state as keyof typeof totals.states] += c.count;
    totals.total += c.count;
  }
  for (const o of counts.overdueByArea) {
    row(o.area).overdue += o.count;
    totals.overdue += o.count;
  }
  for (const d of counts.dueSoonByArea) {
    row(d.area).dueSoon += d.count;
    totals.dueSoon += d.count;
  }
  return { areas: [...byArea.values()], totals, overdueByOwner: counts.overdueByOwner };
}

/**
 * For the new case form: when each of these visits' reports was adopted (null: not yet), which
 * decides the due date a case on it gets without one (defaultDueDateFrom).
 */
export async function reportAdoptions(assessmentIds: string[]): Promise<Record<string, Date | null>> {
  const found = await Promise.all(assessmentIds.map((id) => assessmentById(id)));
  return Object.fromEntries(found.flatMap((a) => (a ? [[a.id, a.reportAdoptedAt]] : [])));
}

/** Choices for filters and forms, within the user's scope. */
export async function caseFormOptions(user: SessionUser) {
  const [owners, assessments, areas] = await Promise.all([
    enabledUsersWithRoles(rolesWith("ownCases")),
    assessmentOptions(assessmentScope(user)),
    areasForUser(user),
  ]);
  const countries = [...new Map(assessments.map((a) => [a.countryCode, a.countryName])).entries()]
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return { owners, assessments, countries, areas };
}
