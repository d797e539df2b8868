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
import { t } from "~/i18n/i18n.server.ts";
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

/** Every action the log records; the audit page names each as admin:audit.actions.<action> says. */
export const AUDIT_ACTIONS = [
  "sign_in",
  "sign_in_failed",
  "second_factor_failed",
  "sign_out",
  "signed_out_everywhere",
  "password_changed",
  "password_reset",
  "password_reset_requested",
  "invitation_accepted",
  "second_factor_enabled",
  "second_factor_disabled",
  "recovery_code_used",
  "recovery_codes_renewed",
  "case.created",
  "case.edited",
  "case.transition",
  "task.created",
  "task.transition",
  "evidence.added",
  "evidence.deleted",
  "import.read",
  "import.confirmed",
  "export.downloaded",
  "admin.user.invited",
  "admin.user.changed",
  "admin.user.disabled",
  "admin.user.enabled",
  "admin.user.link_sent",
  "admin.user.second_factor_reset",
  "admin.organization.created",
  "admin.organization.changed",
  "admin.visit.created",
  "admin.visit.changed",
  "admin.area.created",
  "admin.area.changed",
  "admin.created",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const isAuditAction = (action: string): action is AuditAction =>
  (AUDIT_ACTIONS as readonly string[]).includes(action);

/** How the audit page names an action, in the request's language; an unknown one as stored. */
export const auditActionLabel = (action: string): string =>
  isAuditAction(action) ? t(`admin:audit.actions.${action}`) : action;

/** The action filter's choices: each action and its name. */
export const auditActionChoices = (): [AuditAction, string][] =>
  AUDIT_ACTIONS.map((action) => [action, auditActionLabel(action)]);

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
const ACTION_KEYS = AUDIT_ACTIONS;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * The audit log's filters, as the page's form and the API's query parameters send them (text; an
 * empty field is no filter). Messages complete a sentence that starts with the field's name.
 */
export const AuditQuery = z
  .object({
    action: z.preprocess(
      blankToUndefined,
      z.enum(ACTION_KEYS, { errorMap: () => ({ message: "admin:audit.query.action" }) }).optional(),
    ),
    /** An account's email, or an address typed at the sign-in page for which there is no account. */
    person: z.preprocess(blankToUndefined, text().trim().max(254).optional()),
    /** A case's reference, such as TJK-2017-BC-03. */
    case: z.preprocess(blankToUndefined, text().trim().max(64).optional()),
    /** From this day on (UTC). */
    from: z.preprocess(blankToUndefined, calendarDate().optional()),
    /** Up to and including this day (UTC). */
    to: z.preprocess(blankToUndefined, calendarDate().optional()),
    /** Entries older than this one (the next page). */
    before: z.preprocess(
      blankToUndefined,
      text()
        .regex(/^[1-9][0-9]{0,18}$/, "admin:audit.query.before")
        .transform((v) => BigInt(v))
        .refine((v) => v <= LAST_POSSIBLE_ID, "admin:audit.query.beforePast")
        .optional(),
    ),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ["to"],
    message: "admin:audit.query.toBeforeFrom",
  });
export type AuditQuery = z.infer<typeof AuditQuery>;

/** Reads the filters from a query string: a ZodError (400, with a sentence per field) for bad ones. */
export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  return AuditQuery.parse(Object.fromEntries(params));
}

/** The API's refusal for anyone but an administrator (403); the pages answer 404 before. */
export function requireAuditReader(user: SessionUser): void {
  if (!may(user, "administer")) throw new ForbiddenError("admin:audit.forbidden");
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
      actionLabel: auditActionLabel(row.action),
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
      notices.push(t("admin:audit.notices.noAccount", { email: query.person }));
    }
  }
  if (query.case) {
    const found = await caseByRef(query.case);
    if (!found) {
      notices.push(t("admin:audit.notices.noCase", { ref: query.case }));
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
