// The audit log: what was done, by whom, when (UTC), from which address and in which request:
// sign-ins and their failures, workflow transitions, task changes, evidence, imports, exports and
// every administrative change. Each entry is written in the transaction of the change it records
// (pass its `tx`), so one exists exactly when the other does; the request's id and address come
// from the request being handled (app/lib/log.server.ts). Details are identifiers and short
// values (states, roles, counts, formats), never secrets or text a person wrote.
import { may } from "~/access/capabilities.ts";
import type { SessionUser } from "~/access/visibility.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { currentRequest } from "~/lib/log.server.ts";
import { appendAudit, auditEntries, type AuditFilter } from "~/models/audit.server.ts";
import type { Db } from "~/models/transaction.server.ts";

import { NotFoundError } from "./errors.server.ts";
import { verifyAuditChain, verifyHistoryChain } from "./hash-chains.server.ts";

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
  const request = currentRequest();
  await appendAudit(
    {
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
    },
    tx,
  );
}

const PAGE = 50;

/** The audit page's entries, newest first, 50 at a time: administrators only (404 for anyone else). */
export async function auditLog(user: SessionUser, filter: AuditFilter) {
  if (!may(user, "administer")) throw new NotFoundError("Page");
  const rows = await auditEntries(filter, PAGE + 1);
  return {
    entries: rows.slice(0, PAGE).map((row) => ({
      ...row,
      id: row.id.toString(),
      actionLabel: AUDIT_ACTIONS[row.action as AuditAction] ?? row.action,
    })),
    /** The id to pass as `before` for the next page, when there is one. */
    next: rows.length > PAGE ? rows[PAGE - 1]!.id.toString() : null,
  };
}

/** "Verify now": the check `npm run audit:verify` runs, on both chains. */
export async function verifyChains(user: SessionUser) {
  if (!may(user, "administer")) throw new NotFoundError("Page");
  const [history, auditLog] = await Promise.all([verifyHistoryChain(), verifyAuditChain()]);
  return { history, auditLog };
}
