// Cases: reading within the actor's scope, moving through the workflow, creating and editing.
// Every write checks the workflow and the actor, then commits the change and its history entry
// in one transaction, guarded by the row version (optimistic concurrency).
import { may, rolesWith } from "~/access/capabilities.ts";
import { assessmentScope, caseScope, historyScope } from "~/access/scopes.server.ts";
import { isPartner, type SessionUser, workflowActor } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { Prisma } from "~/generated/prisma/client.ts";
import { areaCode } from "~/lib/areas.ts";
import {
  defaultDueDate,
  dueSoonBefore,
  dueStatus,
  isOverdue,
  observationsDueDate,
  overdueBefore,
} from "~/lib/deadlines.ts";
import { caseRuntime, parseCaseSnapshot } from "~workflows/case-runtime.ts";
import { EVENT_PAST, TOP_STATES } from "~workflows/recommendation-labels.ts";
import { snapshotJson } from "~workflows/runtime.ts";
import { caseStateHas, caseStatesWith } from "~workflows/state-tags.ts";

import { publishEvents } from "./case-feed.server.ts";
import type { CaseEventInput, CaseFields, CaseListQuery, CaseUpdate } from "./case-input.ts";
import { type CaseChanges, commitCaseChange } from "./case-writes.server.ts";
import { savedResponseText } from "./documents.server.ts";
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotAllowedInStateError,
  NotFoundError,
} from "./errors.server.ts";
import { notify } from "./notifications.server.ts";

const LIST_SELECT = {
  id: true,
  ref: true,
  title: true,
  countryCode: true,
  area: true,
  priority: true,
  state: true,
  stateValue: true,
  version: true,
  dueAt: true,
  updatedAt: true,
  owner: { select: { id: true, name: true } },
} satisfies Prisma.CaseSelect;

type ListRow = Prisma.CaseGetPayload<{ select: typeof LIST_SELECT }>;

function listItem(row: ListRow, now = new Date()) {
  const { countryCode, ...rest } = row;
  return {
    ...rest,
    country: countryCode,
    overdue: isOverdue(row.dueAt, row.state, now),
    due: dueStatus(row.dueAt, caseStateHas(row.state, "locked"), now),
  };
}
export type CaseListItem = ReturnType<typeof listItem>;

// The database's side of app/lib/deadlines.ts: the same rule.
const overdueWhere = (now: Date): Prisma.CaseWhereInput => ({
  dueAt: { lt: overdueBefore(now) },
  state: { notIn: caseStatesWith("locked") },
});
const dueSoonWhere = (now: Date): Prisma.CaseWhereInput => ({
  dueAt: { gte: overdueBefore(now), lt: dueSoonBefore(now) },
  state: { notIn: caseStatesWith("locked") },
});

function listWhere(user: SessionUser, query: CaseListQuery, now: Date): Prisma.CaseWhereInput {
  const and: Prisma.CaseWhereInput[] = [caseScope(user)];
  if (query.country) and.push({ countryCode: query.country });
  if (query.state) and.push({ state: query.state });
  if (query.area) and.push({ area: query.area });
  if (query.owner) and.push({ ownerId: query.owner });
  if (query.overdue) and.push(overdueWhere(now));
  if (query.dueSoon) and.push(dueSoonWhere(now));
  if (query.q) {
    const contains = { contains: query.q, mode: "insensitive" as const };
    and.push({ OR: [{ ref: contains }, { title: contains }, { text: contains }] });
  }
  return { AND: and };
}

const SORTS: Record<CaseListQuery["sort"], Prisma.CaseOrderByWithRelationInput[]> = {
  ref: [{ ref: "asc" }],
  "-ref": [{ ref: "desc" }],
  dueAt: [{ dueAt: { sort: "asc", nulls: "last" } }, { ref: "asc" }],
  "-dueAt": [{ dueAt: { sort: "desc", nulls: "last" } }, { ref: "asc" }],
  updatedAt: [{ updatedAt: "asc" }, { ref: "asc" }],
  "-updatedAt": [{ updatedAt: "desc" }, { ref: "asc" }],
  priority: [{ priority: "asc" }, { ref: "asc" }],
  state: [{ state: "asc" }, { ref: "asc" }],
};

export async function listCases(user: SessionUser, query: CaseListQuery) {
  const now = new Date();
  const where = listWhere(user, query, now);
  const [rows, total] = await Promise.all([
    prisma().case.findMany({
      where,
      select: LIST_SELECT,
      orderBy: SORTS[query.sort],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma().case.count({ where }),
  ]);
  return { items: rows.map((r) => listItem(r, now)), total, page: query.page, pageSize: query.pageSize };
}

const DETAIL_SELECT = {
  ...LIST_SELECT,
  text: true,
  snapshot: true,
  workflowVersion: true,
  createdAt: true,
  assessment: {
    select: {
      id: true,
      title: true,
      countryCode: true,
      countryName: true,
      visitStart: true,
      visitEnd: true,
      resolutions: true,
      reportSentAt: true,
      reportAdoptedAt: true,
      isDemo: true,
    },
  },
} satisfies Prisma.CaseSelect;

type DetailRow = Prisma.CaseGetPayload<{ select: typeof DETAIL_SELECT }>;

function caseDetail(user: SessionUser, row: DetailRow) {
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
  };
}
export type CaseDetail = ReturnType<typeof caseDetail>;

/** The case, or NotFound when it does not exist or this user may not see it. */
export async function getCase(user: SessionUser, id: string): Promise<CaseDetail> {
  const row = await prisma().case.findFirst({
    where: { AND: [{ id }, caseScope(user)] },
    select: DETAIL_SELECT,
  });
  if (!row) throw new NotFoundError();
  return caseDetail(user, row);
}

export async function caseHistory(user: SessionUser, id: string) {
  const visible = await prisma().case.findFirst({
    where: { AND: [{ id }, caseScope(user)] },
    select: { id: true },
  });
  if (!visible) throw new NotFoundError();
  // A partner reads only their own tasks' entries.
  const events = await prisma().caseEvent.findMany({
    where: { AND: [{ caseId: id }, historyScope(user)] },
    orderBy: { id: "asc" },
    select: {
      id: true,
      at: true,
      type: true,
      fromState: true,
      toState: true,
      reason: true,
      responseText: true,
      taskId: true,
      actor: { select: { id: true, name: true, role: true } },
    },
  });
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
 * the user saw (409), the workflow (422 / 400 for a missing reason / 403). A refusal writes nothing.
 */
export async function applyCaseEvent(
  user: SessionUser,
  id: string,
  input: CaseEventInput,
): Promise<CaseDetail> {
  const current = await prisma().case.findFirst({
    where: { AND: [{ id }, caseScope(user)] },
    select: DETAIL_SELECT,
  });
  if (!current) throw new NotFoundError();
  if (current.version !== input.version) throw new ConflictError(current.version);
  const reason = input.reason?.trim() || undefined;
  const persisted = parseCaseSnapshot(current.snapshot);
  const decision = caseRuntime.decide(persisted, { type: input.type, actor: workflowActor(user), reason });
  if (!decision.ok) {
    if (decision.refusal === "not_in_this_state")
      throw new NotAllowedInStateError(input.type, current.stateValue);
    if (decision.refusal === "reason_required")
      throw new InvalidInputError({ reason: `is required for ${input.type}` });
    throw new ForbiddenError(`You may not ${input.type} this case now`);
  }
  const { next } = decision;
  const written = await commitCaseChange(
    id,
    input.version,
    {
      state: next.state,
      stateValue: next.stateValue,
      snapshot: JSON.stringify(next.persisted),
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
  );
  await publishEvents([written.eventId]);
  await notifyWhoActsNext({ ...current, snapshot: snapshotJson(next.persisted) }, user, input.type);
  // The row as written, without reading it again.
  const snapshot = snapshotJson(next.persisted);
  return caseDetail(user, {
    ...current,
    version: written.version,
    updatedAt: written.updatedAt,
    state: next.state,
    stateValue: next.stateValue,
    snapshot,
  });
}

/** After a transition: tell the people who can now move the case on (its owner, the State's focal points). */
async function notifyWhoActsNext(
  c: Pick<DetailRow, "id" | "ref" | "countryCode" | "snapshot"> & { owner: { id: string } },
  actor: SessionUser,
  type: string,
) {
  const candidates = await prisma().user.findMany({
    where: {
      disabledAt: null,
      OR: [
        { id: c.owner.id },
        { role: { in: rolesWith("actForState") }, organization: { countryCode: c.countryCode } },
      ],
    },
    select: { id: true, role: true, organization: { select: { id: true, countryCode: true } } },
  });
  const persisted = parseCaseSnapshot(c.snapshot);
  const next = candidates.filter((u) => caseRuntime.allowedEvents(persisted, workflowActor(u)).length > 0);
  const did = EVENT_PAST[type as keyof typeof EVENT_PAST]?.replace("{ref}", c.ref) ?? `moved ${c.ref} on`;
  await notify(
    next.map((u) => u.id),
    { kind: "action_needed", text: `${actor.name} ${did}: your action is needed`, caseId: c.id },
    actor.id,
  );
}

/** The cases waiting for this user's action, most urgent first: for CTED, those they own. */
export async function casesAwaitingAction(user: SessionUser) {
  const now = new Date();
  const rows = await prisma().case.findMany({
    where: {
      AND: [
        caseScope(user),
        { state: { notIn: caseStatesWith("locked") } },
        may(user, "ownCases") ? { ownerId: user.id } : {},
      ],
    },
    orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { ref: "asc" }],
    select: { ...LIST_SELECT, snapshot: true },
    take: 500,
  });
  const actor = workflowActor(user);
  return rows
    .map(({ snapshot, ...row }) => ({
      ...listItem(row, now),
      allowedEvents: caseRuntime.allowedEvents(parseCaseSnapshot(snapshot), actor).map((e) => e.type),
    }))
    .filter((c) => c.allowedEvents.length > 0);
}

async function assertOwnerIsCted(ownerId: string) {
  const owner = await prisma().user.findUnique({
    where: { id: ownerId },
    select: { role: true, disabledAt: true, organization: { select: { id: true, countryCode: true } } },
  });
  if (!owner || owner.disabledAt || !may(owner, "ownCases")) {
    throw new InvalidInputError({ ownerId: "must be an active CTED expert" });
  }
}

async function nextRef(tx: Prisma.TransactionClient, countryCode: string, year: number, area: string) {
  const prefix = `${countryCode}-${year}-${areaCode(area)}-`;
  const existing = await tx.case.findMany({ where: { ref: { startsWith: prefix } }, select: { ref: true } });
  const highest = existing.reduce((max, c) => Math.max(max, Number(c.ref.slice(prefix.length)) || 0), 0);
  return `${prefix}${String(highest + 1).padStart(2, "0")}`;
}

export async function createCase(user: SessionUser, fields: CaseFields): Promise<CaseDetail> {
  if (!may(user, "editCases")) throw new ForbiddenError("Only CTED drafts recommendations");
  const assessment = await prisma().assessment.findUnique({ where: { id: fields.assessmentId } });
  if (!assessment) throw new InvalidInputError({ assessmentId: "does not exist" });
  await assertOwnerIsCted(fields.ownerId);
  const initial = caseRuntime.initial({ country: assessment.countryCode });
  // Two CTED users creating in the same area at once can compute the same reference: retry.
  for (let attempt = 0; ; attempt++) {
    try {
      const { created, event } = await prisma().$transaction(async (tx) => {
        const created = await tx.case.create({
          data: {
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
            dueAt: fields.dueAt ?? defaultDueDate(assessment.reportAdoptedAt),
            state: initial.state,
            stateValue: initial.stateValue,
            snapshot: snapshotJson(initial.persisted),
            workflowVersion: initial.workflowVersion,
          },
          select: { id: true, ref: true, countryCode: true, area: true },
        });
        const event = await tx.caseEvent.create({
          data: {
            caseId: created.id,
            actorId: user.id,
            type: "CREATED",
            toState: initial.stateValue,
            caseVersion: 1,
          },
          select: { id: true, at: true },
        });
        return { created, event };
      });
      await publishEvents([event.id]);
      return getCase(user, created.id);
    } catch (error) {
      const unique = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!unique || attempt >= 3) throw error;
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
  const current = await prisma().case.findFirst({ where: { AND: [{ id }, caseScope(user)] } });
  if (!current) throw new NotFoundError();
  if (!may(user, "editCases")) throw new ForbiddenError("Only CTED edits recommendations");
  if (current.version !== input.version) throw new ConflictError(current.version);
  if (caseStateHas(current.state, "locked")) throw new NotAllowedInStateError("EDIT", current.stateValue);
  if (input.ownerId !== current.ownerId) await assertOwnerIsCted(input.ownerId);
  const changes: CaseChanges = {};
  for (const key of Object.keys(EDITABLE_LABELS) as (keyof typeof EDITABLE_LABELS)[]) {
    const before = current[key] instanceof Date ? (current[key] as Date).getTime() : current[key];
    const after = input[key] instanceof Date ? (input[key] as Date).getTime() : (input[key] ?? null);
    if (before !== after) changes[key] = input[key] ?? null;
  }
  // Once the State has agreed the text, changing it would change what was agreed.
  const textChanged = "title" in changes || "text" in changes || "area" in changes;
  if (textChanged && !caseStateHas(current.state, "textEditable")) {
    throw new InvalidInputError({ text: "can only change while the recommendation is drafted" });
  }
  if (Object.keys(changes).length === 0) return getCase(user, id);
  const written = await commitCaseChange(id, input.version, changes, {
    actorId: user.id,
    type: "EDITED",
    fromState: current.stateValue,
    toState: current.stateValue,
    reason: `Changed ${Object.keys(changes)
      .map((k) => EDITABLE_LABELS[k as keyof typeof EDITABLE_LABELS])
      .join(", ")}`,
  });
  await publishEvents([written.eventId]);
  return getCase(user, id);
}

/** Counts by state x thematic area within the user's scope, with overdue counts. */
export async function dashboard(user: SessionUser) {
  const now = new Date();
  const scope = caseScope(user);
  const [counts, overdue, dueSoon] = await Promise.all([
    prisma().case.groupBy({ by: ["area", "state"], where: scope, _count: { _all: true } }),
    prisma().case.groupBy({
      by: ["area"],
      where: { AND: [scope, overdueWhere(now)] },
      _count: { _all: true },
    }),
    prisma().case.groupBy({
      by: ["area"],
      where: { AND: [scope, dueSoonWhere(now)] },
      _count: { _all: true },
    }),
  ]);
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
  for (const c of counts) {
    const r = row(c.area);
    r.states[c.state as keyof typeof r.states] += c._count._all;
    r.total += c._count._all;
    totals.states[c.state as keyof typeof totals.states] += c._count._all;
    totals.total += c._count._all;
  }
  for (const o of overdue) {
    row(o.area).overdue += o._count._all;
    totals.overdue += o._count._all;
  }
  for (const d of dueSoon) {
    row(d.area).dueSoon += d._count._all;
    totals.dueSoon += d._count._all;
  }
  return { areas: [...byArea.values()], totals };
}

/** Choices for filters and forms, within the user's scope. */
export async function caseFormOptions(user: SessionUser) {
  const [owners, assessments] = await Promise.all([
    prisma().user.findMany({
      where: { role: { in: rolesWith("ownCases") }, disabledAt: null },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    prisma().assessment.findMany({
      where: assessmentScope(user),
      select: { id: true, title: true, countryCode: true, countryName: true },
      orderBy: [{ countryName: "asc" }, { visitStart: "desc" }],
    }),
  ]);
  const countries = [...new Map(assessments.map((a) => [a.countryCode, a.countryName])).entries()]
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return { owners, assessments, countries };
}
