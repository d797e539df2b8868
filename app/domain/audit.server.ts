// The audit log: what was done, by whom, when (UTC), from which address and in which request:
// sign-ins and their failures, workflow transitions, task changes, evidence, imports, exports and
// every administrative change. Each entry is written in the transaction of the change it records
// (pass its `tx`), so one exists exactly when the other does; the request's id and address come
// from the request being handled (app/lib/log.server.ts). Details are identifiers and short
// values (states, roles, counts, formats), never secrets or text a person wrote.
import { z } from "zod";

import { may } from "~/access/capabilities.ts";
import type { SessionUser } from "~/access/visibility.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { calendarDate } from "~/lib/input-date.ts";
import { text } from "~/lib/input-text.ts";
import { currentRequest } from "~/lib/log.server.ts";
import {
  accountIdByEmail,
  appendAudit,
  auditEntries,
  type AuditFilter,
  type AuditRecord,
  caseByRef,
  caseRefsByIds,
  organizationNamesByIds,
  peopleByIds,
  visitTitlesByIds,
} from "~/models/audit.server.ts";
import type { Db } from "~/models/transaction.server.ts";

import { ForbiddenError, NotFoundError } from "./errors.server.ts";
import { type ChainCheck, verifyAuditChain, verifyHistoryChain } from "./hash-chains.server.ts";

/** Every action the log records, with how the audit page names it. */
export const AUDIT_ACTIONS = {
  sign_in: "Signed in",
  sign_in_failed: "Sign-in refused",
  second_factor_failed: "Second-factor code refused",
  sign_out: "Signed out",
  signed_out_everywhere: "Signed out everywhere",
  password_changed: "Password changed",
  password_reset: "Password reset by link",
  password_reset_requested: "Password reset requested",
  invitation_accepted: "Invitation accepted",
  second_factor_enabled: "Second factor set up",
  second_factor_disabled: "Second factor removed",
  recovery_code_used: "Recovery code used",
  recovery_codes_renewed: "Recovery codes renewed",
  "case.created": "Case drafted",
  "case.edited": "Case edited",
  "case.transition": "Case moved",
  "task.created": "Task created",
  "task.transition": "Task moved",
  "evidence.added": "Evidence added",
  "evidence.deleted": "Evidence deleted",
  "import.read": "Report read for import",
  "import.confirmed": "Import confirmed",
  "export.downloaded": "Export downloaded",
  "admin.user.invited": "Account invited",
  "admin.user.changed": "Account changed",
  "admin.user.disabled": "Account disabled",
  "admin.user.enabled": "Account re-enabled",
  "admin.user.link_sent": "Account link sent again",
  "admin.user.second_factor_reset": "Second factor reset by an administrator",
  "admin.organization.created": "Organisation created",
  "admin.organization.changed": "Organisation changed",
  "admin.visit.created": "Visit created",
  "admin.visit.changed": "Visit changed",
  "admin.area.created": "Thematic area created",
  "admin.area.changed": "Thematic area changed",
  "admin.created": "Administrator created from the command line",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface AuditEvent {
  /** Who did it: a person (a typed email alone for a sign-in to an unknown account), or null for the system. */
  actor: { id: string | null; email: string } | null;
  action: AuditAction;
  subject?: { type: string; id: string };
  caseId?: string;
  details?: Prisma.InputJsonObject;
}

/** Records what was done: in the change's transaction when given `tx`, on its own otherwise. */
export async function audit(event: AuditEvent, tx?: Db): Promise<void> {
  await appendAudit(auditRecord(event), tx);
}

/** The row an event becomes, for a model that writes it in the change's own statement. */
export function auditRecord(event: AuditEvent): AuditRecord {
  const request = currentRequest();
  return {
    actorId: event.actor?.id ?? null,
    // An email typed at the sign-in page is cut short: whatever is typed there is never a secret
    // the log should keep whole (someone may type their password into the wrong field).
    actorEmail: event.actor?.email.slice(0, 254) ?? null,
    action: event.action,
    subjectType: event.subject?.type ?? null,
    subjectId: event.subject?.id ?? null,
    caseId: event.caseId ?? null,
    details: event.details ?? null,
    address: request?.address ?? null,
    requestId: request?.requestId ?? null,
  };
}

/** These fields of a row, for an entry's "before" (JSON values only: dates as ISO text). */
export function pick(row: object, keys: string[]): Prisma.InputJsonObject {
  const values = row as Record<string, unknown>;
  return Object.fromEntries(
    keys.map((k) => [k, values[k] instanceof Date ? (values[k] as Date).toISOString() : (values[k] ?? null)]),
  ) as Prisma.InputJsonObject;
}

const PAGE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;
/** PostgreSQL's largest bigint: an entry's number past it is not a number the log can hold. */
const LAST_POSSIBLE_ID = 9_223_372_036_854_775_807n;
const ACTION_KEYS = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * The audit log's filters, as the page's form and the API's query parameters send them (text; an
 * empty field is no filter). Messages complete a sentence that starts with the field's name.
 */
export const AuditQuery = z
  .object({
    action: z.preprocess(
      blankToUndefined,
      z
        .enum(ACTION_KEYS, { errorMap: () => ({ message: "is not one of the actions the log records" }) })
        .optional(),
    ),
    /** An account's email, or an address typed at the sign-in page for which there is no account. */
    person: z.preprocess(
      blankToUndefined,
      text().trim().max(254, "must be at most 254 characters").optional(),
    ),
    /** A case's reference, such as TJK-2017-BC-03. */
    case: z.preprocess(blankToUndefined, text().trim().max(64, "must be at most 64 characters").optional()),
    /** From this day on (UTC). */
    from: z.preprocess(blankToUndefined, calendarDate().optional()),
    /** Up to and including this day (UTC). */
    to: z.preprocess(blankToUndefined, calendarDate().optional()),
    /** Entries older than this one (the next page). */
    before: z.preprocess(
      blankToUndefined,
      text()
        .regex(/^[1-9][0-9]{0,18}$/, "must be the number of an entry, such as 120")
        .transform((v) => BigInt(v))
        .refine((v) => v <= LAST_POSSIBLE_ID, "is past the last possible entry")
        .optional(),
    ),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ["to"],
    message: "must be on or after the from date",
  });
export type AuditQuery = z.infer<typeof AuditQuery>;

/** Reads the filters from a query string: a ZodError (400, with a sentence per field) for bad ones. */
export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  return AuditQuery.parse(Object.fromEntries(params));
}

/** The API's refusal for anyone but an administrator (403); the pages answer 404 before. */
export function requireAuditReader(user: SessionUser): void {
  if (!may(user, "administer")) throw new ForbiddenError("Only CTED administrators read the audit log");
}

/** One entry as the page and the API show it: names looked up, numbers as text. */
export interface AuditItem {
  id: string;
  /** ISO 8601, UTC. */
  at: string;
  action: string;
  actionLabel: string;
  /** Null for the system. `id` is null for an address typed at sign-in for which there is no account. */
  actor: { id: string | null; name: string | null; email: string | null } | null;
  /** What it was done to; `name` is looked up for cases, accounts, organisations and visits. */
  subject: { type: string; id: string; name: string | null } | null;
  case: { id: string; ref: string | null } | null;
  details: Prisma.JsonValue | null;
  address: string | null;
  requestId: string | null;
  hash: string | null;
}

const ACCOUNT_SUBJECTS = new Set(["user", "account"]);
const VISIT_SUBJECTS = new Set(["assessment", "visit"]);

type AuditRow = Awaited<ReturnType<typeof auditEntries>>[number];

/** Names for the page's entries: one query for accounts, cases, organisations and visits each. */
async function withNames(rows: AuditRow[]): Promise<AuditItem[]> {
  const ofType = (types: Set<string>) =>
    rows.flatMap((r) => (r.subjectType && r.subjectId && types.has(r.subjectType) ? [r.subjectId] : []));
  const unique = (ids: (string | null)[]) => [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const [people, cases, organizations, visits] = await Promise.all([
    peopleByIds(unique([...rows.map((r) => r.actorId), ...ofType(ACCOUNT_SUBJECTS)])),
    caseRefsByIds(unique([...rows.map((r) => r.caseId), ...ofType(new Set(["case"]))])),
    organizationNamesByIds(unique(ofType(new Set(["organization"])))),
    visitTitlesByIds(unique(ofType(VISIT_SUBJECTS))),
  ]);
  const person = new Map(people.map((p) => [p.id, p]));
  const caseRef = new Map(cases.map((c) => [c.id, c.ref]));
  const organization = new Map(organizations.map((o) => [o.id, o.shortName]));
  const visit = new Map(visits.map((v) => [v.id, v.title]));
  const subjectName = (type: string, id: string) =>
    (ACCOUNT_SUBJECTS.has(type)
      ? person.get(id)?.name
      : type === "case"
        ? caseRef.get(id)
        : type === "organization"
          ? organization.get(id)
          : VISIT_SUBJECTS.has(type)
            ? visit.get(id)
            : undefined) ?? null;
  return rows.map((row) => {
    const known = row.actorId ? person.get(row.actorId) : undefined;
    return {
      id: row.id.toString(),
      at: row.at.toISOString(),
      action: row.action,
      actionLabel: AUDIT_ACTIONS[row.action as AuditAction] ?? row.action,
      actor:
        row.actorId || row.actorEmail
          ? { id: row.actorId, name: known?.name ?? null, email: known?.email ?? row.actorEmail }
          : null,
      subject:
        row.subjectType && row.subjectId
          ? { type: row.subjectType, id: row.subjectId, name: subjectName(row.subjectType, row.subjectId) }
          : null,
      case: row.caseId ? { id: row.caseId, ref: caseRef.get(row.caseId) ?? null } : null,
      details: row.details,
      address: row.address,
      requestId: row.requestId,
      hash: row.hash,
    };
  });
}

/**
 * The audit page's entries, newest first, 50 at a time: administrators only (404 for anyone else).
 * A person is found by their account's email; an email of no account finds the entries where it
 * was typed (refused sign-ins). A case by its reference. Each is said in a notice when not found.
 */
export async function auditLog(user: SessionUser, query: AuditQuery) {
  if (!may(user, "administer")) throw new NotFoundError("Page");
  const filter: AuditFilter = {
    action: query.action,
    from: query.from,
    to: query.to ? new Date(query.to.getTime() + DAY_MS) : undefined,
    before: query.before,
  };
  const notices: string[] = [];
  if (query.person) {
    const email = query.person.toLowerCase();
    const accountId = await accountIdByEmail(email);
    if (accountId) filter.actorId = accountId;
    else {
      filter.actorEmails = [...new Set([query.person, email])];
      notices.push(
        `No account has the email ${query.person}: shown are the entries where it was typed, such as refused sign-ins.`,
      );
    }
  }
  if (query.case) {
    const found = await caseByRef(query.case);
    if (!found) {
      notices.push(`No case has the reference ${query.case}.`);
      return { entries: [] as AuditItem[], next: null, notices };
    }
    filter.caseId = found.id;
  }
  const rows = await auditEntries(filter, PAGE + 1);
  return {
    entries: await withNames(rows.slice(0, PAGE)),
    /** The id to pass as `before` for the next page, when there is one. */
    next: rows.length > PAGE ? rows[PAGE - 1]!.id.toString() : null,
    notices,
  };
}

/** A chain's check as the page and the API give it: the first broken entry's number as text. */
export type ChainReport =
  | { ok: true; entries: number; lastHash: string | null }
  | { ok: false; entries: number; firstBroken: string; reason: string };

const report = (check: ChainCheck): ChainReport =>
  check.ok ? check : { ...check, firstBroken: check.firstBroken.toString() };

/** "Verify now": the check `npm run audit:verify` runs, on both chains. */
export async function verifyChains(user: SessionUser) {
  if (!may(user, "administer")) throw new NotFoundError("Page");
  const [history, auditLog] = await Promise.all([verifyHistoryChain(), verifyAuditChain()]);
  return { history: report(history), auditLog: report(auditLog), checkedAt: new Date().toISOString() };
}
