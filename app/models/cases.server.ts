// Cases as stored: the reads of the case pages, the dashboard, My work and the reminders job, the
// reads of the modules that follow cases without serving them (who may hear of a case:
// notifications, mentions), and the insert of a new case. Changes to an existing case go through
// versioned-writes.server.ts. Who may see which cases (caseScope, app/access/scopes.server.ts),
// what "overdue" means (app/lib/deadlines.ts) and which states are locked (workflows/state-tags.ts)
// are decided by the callers and come in as arguments.
import { ownerPrisma, prisma } from "~/db/client.server.ts";
import { type Priority, Prisma } from "~/generated/prisma/client.ts";

import { ASSESSMENT_FACTS } from "./assessments.server.ts";
import type { Db } from "./transaction.server.ts";

// What access/visibility.ts maySee needs to decide about anyone at once (its CaseAudience), with the id.
const AUDIENCE_SELECT = {
  id: true,
  countryCode: true,
  tasks: { select: { id: true, assigneeOrgId: true, state: true } },
} satisfies Prisma.CaseSelect;

export type CaseAudienceRow = Prisma.CaseGetPayload<{ select: typeof AUDIENCE_SELECT }>;

// Whom to tell about a case is decided over all its tasks, whoever's request it happens in: as
// the owner, not within the requester's row-security scope.

/** The case's State and tasks, or null when there is no such case. */
export async function caseAudience(caseId: string): Promise<CaseAudienceRow | null> {
  return ownerPrisma().case.findUnique({ where: { id: caseId }, select: AUDIENCE_SELECT });
}

/** The State and tasks of each of these cases that exists. */
export async function caseAudiences(caseIds: string[]): Promise<CaseAudienceRow[]> {
  return ownerPrisma().case.findMany({ where: { id: { in: caseIds } }, select: AUDIENCE_SELECT });
}

/** The case's reference and top-level state, or null when there is no such case. */
export async function caseRefStateAndCountry(
  caseId: string,
): Promise<{ ref: string; stateValue: string; countryCode: string } | null> {
  return prisma().case.findUnique({
    where: { id: caseId },
    select: { ref: true, stateValue: true, countryCode: true },
  });
}

// A case as the list shows it.
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

export type CaseListRow = Prisma.CaseGetPayload<{ select: typeof LIST_SELECT }>;

// A case as its page shows it, with what the workflow needs (snapshot) and its assessment.
const DETAIL_SELECT = {
  ...LIST_SELECT,
  text: true,
  snapshot: true,
  workflowVersion: true,
  createdAt: true,
  assessment: { select: ASSESSMENT_FACTS },
} satisfies Prisma.CaseSelect;

export type CaseDetailRow = Prisma.CaseGetPayload<{ select: typeof DETAIL_SELECT }>;

/**
 * What "overdue" and "due soon" mean at one moment (app/lib/deadlines.ts overdueBefore,
 * dueSoonBefore), and the states in which a case has no deadline (locked).
 */
export interface CaseDeadlines {
  overdueBefore: Date;
  dueSoonBefore: Date;
  lockedStates: string[];
}

/** The list's filters, each optional (app/domain/case-input.ts CaseListQuery). */
export interface CaseFilters {
  country?: string;
  state?: string;
  area?: string;
  owner?: string;
  /** An assessment visit's id. */
  assessment?: string;
  overdue?: boolean;
  dueSoon?: boolean;
  /** Within the reference, title or text, ignoring case. */
  q?: string;
}

// The list's orders: every order ends on the unique reference, so pages never overlap.
const SORT_SQL = {
  ref: Prisma.sql`c.ref ASC`,
  "-ref": Prisma.sql`c.ref DESC`,
  dueAt: Prisma.sql`c."dueAt" ASC NULLS LAST, c.ref ASC`,
  "-dueAt": Prisma.sql`c."dueAt" DESC NULLS LAST, c.ref ASC`,
  updatedAt: Prisma.sql`c."updatedAt" ASC, c.ref ASC`,
  "-updatedAt": Prisma.sql`c."updatedAt" DESC, c.ref ASC`,
  priority: Prisma.sql`c.priority ASC, c.ref ASC`,
  state: Prisma.sql`c.state ASC, c.ref ASC`,
} satisfies Record<string, Prisma.Sql>;

export type CaseSort = keyof typeof SORT_SQL;

/**
 * The free-text condition: the reference, title or text holds `q`, ignoring case, with LIKE's
 * wildcards and escape in `q` matching themselves. Written on the one expression that the trigram
 * index of migration 20261208100000_case_search holds, so that the index serves it.
 */
const searchSql = (q: string) =>
  Prisma.sql`(c.ref || ' ' || c.title || ' ' || c.text) ILIKE ${`%${q.replace(/[\\%_]/g, "\\$&")}%`}`;

// A moment as the timestamp-without-time-zone (holding UTC) that Prisma stores dates as: compared
// as such, whatever the database session's time zone.
const utc = (d: Date) => Prisma.sql`${d.toISOString().slice(0, 23).replace("T", " ")}::timestamp`;

function filtersSql(f: CaseFilters, d: CaseDeadlines): Prisma.Sql[] {
  const and: Prisma.Sql[] = [];
  if (f.country) and.push(Prisma.sql`c."countryCode" = ${f.country}`);
  if (f.state) and.push(Prisma.sql`c.state = ${f.state}`);
  if (f.area) and.push(Prisma.sql`c.area = ${f.area}`);
  if (f.owner) and.push(Prisma.sql`c."ownerId" = ${f.owner}`);
  if (f.assessment) and.push(Prisma.sql`c."assessmentId" = ${f.assessment}`);
  const unlocked = Prisma.sql`c.state <> ALL(${d.lockedStates}::text[])`;
  if (f.overdue) and.push(Prisma.sql`c."dueAt" < ${utc(d.overdueBefore)} AND ${unlocked}`);
  if (f.dueSoon)
    and.push(
      Prisma.sql`c."dueAt" >= ${utc(d.overdueBefore)} AND c."dueAt" < ${utc(d.dueSoonBefore)} AND ${unlocked}`,
    );
  if (f.q) and.push(searchSql(f.q));
  return and;
}

interface ListRowSql extends Omit<CaseListRow, "owner"> {
  ownerName: string | null;
  ownerId: string | null;
  total: bigint;
}

/**
 * One page of the cases within `scope` (caseScopeSql) that match the filters, and how many match
 * in all: one statement, whose count is an uncorrelated subquery that the database plans on its
 * own (a count over the whole filter) beside the page (the first rows of an index in the page's
 * order, when one serves it). A window count (count(*) OVER ()) would instead read and sort every
 * match before taking the page: 100 ms for CTED's unfiltered list of 100,000 cases, against 10.
 *
 * It runs as the tables' owner, outside row-level security, because the scope is written into it:
 * under a policy, PostgreSQL evaluates a non-leakproof operator such as the search's ILIKE only
 * after the policy, row by row, so no index could serve the search (0.7 s at 100,000 cases).
 */
export async function casesPage(
  scope: Prisma.Sql,
  filters: CaseFilters,
  deadlines: CaseDeadlines,
  page: { sort: CaseSort; skip: number; take: number },
): Promise<{ rows: CaseListRow[]; total: number }> {
  const where = Prisma.join([scope, ...filtersSql(filters, deadlines)], " AND ");
  const rows = await ownerPrisma().$queryRaw<ListRowSql[]>`
    SELECT n.total, p.*
    FROM (SELECT count(*) AS total FROM "Case" c WHERE ${where}) n
    LEFT JOIN LATERAL (
      SELECT c.id, c.ref, c.title, c."countryCode", c.area, c.priority, c.state, c."stateValue", c.version,
             c."dueAt", c."updatedAt", u.id AS "ownerId", u.name AS "ownerName"
      FROM "Case" c JOIN "User" u ON u.id = c."ownerId"
      WHERE ${where}
      ORDER BY ${SORT_SQL[page.sort]}
      LIMIT ${page.take} OFFSET ${page.skip}
    ) p ON true`;
  const total = Number(rows[0]?.total ?? 0);
  return {
    rows: rows.flatMap(({ total: _, ownerId, ownerName, ...row }) =>
      row.id ? [{ ...row, owner: { id: ownerId!, name: ownerName! } }] : [],
    ),
    total,
  };
}

/** The case as its page shows it, or null when there is none with this id within `scope`. */
export async function caseDetailRow(id: string, scope: Prisma.CaseWhereInput): Promise<CaseDetailRow | null> {
  return prisma().case.findFirst({ where: { AND: [{ id }, scope] }, select: DETAIL_SELECT });
}

/** The case's whole row, for a write that compares it with the input; null when not within `scope`. */
export async function caseRow(id: string, scope: Prisma.CaseWhereInput) {
  return prisma().case.findFirst({ where: { AND: [{ id }, scope] } });
}

/** Whether there is a case with this id within `scope`. */
export async function caseExistsWithin(id: string, scope: Prisma.CaseWhereInput): Promise<boolean> {
  return (await prisma().case.findFirst({ where: { AND: [{ id }, scope] }, select: { id: true } })) !== null;
}

/**
 * Up to `limit` cases within `scope` not in `lockedStates`, only those of `ownerId` when given,
 * soonest due first (no due date last), with their snapshot for asking the workflow who acts.
 */
/**
 * The cases within `scope` in one of these (dotted) states, with their snapshot and when they
 * were last submitted for review (the latest SUBMIT_EVIDENCE entry), by due date.
 */
export async function casesInStates(scope: Prisma.CaseWhereInput, stateValues: string[], limit: number) {
  const rows = await prisma().case.findMany({
    where: { AND: [scope, { stateValue: { in: stateValues } }] },
    orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { ref: "asc" }],
    select: {
      ...LIST_SELECT,
      snapshot: true,
      events: { where: { type: "SUBMIT_EVIDENCE" }, orderBy: { id: "desc" }, take: 1, select: { at: true } },
    },
    take: limit,
  });
  return rows.map(({ events, ...row }) => ({ ...row, submittedAt: events[0]?.at ?? null }));
}

/** The case's row version and state value, for a history entry that does not change the row. */
export async function caseVersionAndState(id: string, db: Db = prisma()) {
  return db.case.findUnique({ where: { id }, select: { version: true, stateValue: true } });
}

/** The references that start with `prefix` (to number the next one). */
export async function caseRefsStartingWith(prefix: string, db: Db = prisma()): Promise<string[]> {
  const rows = await db.case.findMany({ where: { ref: { startsWith: prefix } }, select: { ref: true } });
  return rows.map((r) => r.ref);
}

export interface NewCase {
  ref: string;
  assessmentId: string;
  countryCode: string;
  area: string;
  title: string;
  text: string;
  priority: Priority;
  ownerId: string;
  dueAt: Date | null;
  state: string;
  stateValue: string;
  snapshot: Prisma.InputJsonObject;
  workflowVersion: number;
  /** An imported case: its import, and the earlier visit's case it follows (lineage). */
  importId?: string | null;
  followsCaseId?: string | null;
}

/** Inserts a case (at version 1); a reference already taken fails with a unique violation (isUniqueViolation). */
export async function insertCase(data: NewCase, db: Db = prisma()): Promise<{ id: string }> {
  return db.case.create({ data, select: { id: true } });
}

/**
 * Up to `limit` cases with an id above `after`, in id order, not in `lockedStates` and due before
 * `dueBefore`: a page of the reminders job's walk.
 */
export async function dueCasesPage(after: string, dueBefore: Date, limit: number, lockedStates: string[]) {
  return prisma().case.findMany({
    where: { id: { gt: after }, state: { notIn: lockedStates }, dueAt: { lt: dueBefore } },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, ref: true, dueAt: true, ownerId: true, countryCode: true },
  });
}
