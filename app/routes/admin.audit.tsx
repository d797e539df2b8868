// The audit log (CTED administrators; 404 for anyone else): who did what, when (UTC), on what,
// from which address and in which request, newest first, 50 at a time, filtered by action, person,
// case and days; and "Verify now", which checks the hash chains of the case history and of this
// log as `npm run audit:verify` does, and says what it found.
import {
  type ActionFunctionArgs,
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";

import {
  AUDIT_FILTER_LABELS,
  AuditFilters,
  type AuditFilterValues,
} from "~/components/admin/AuditFilters.tsx";
import { AuditTable } from "~/components/admin/AuditTable.tsx";
import { AuditVerification } from "~/components/admin/AuditVerification.tsx";
import { AUDIT_ACTIONS, auditLog, AuditQuery, verifyChains } from "~/domain/audit.server.ts";
import { fieldsFromZod } from "~/http/errors.server.ts";
import { formAction, readForm } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import adminStyles from "~/styles/admin.css";
import auditStyles from "~/styles/audit.css";

export const meta: MetaFunction = () => [{ title: "Audit log · Administration · Follow-up" }];
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: adminStyles },
  { rel: "stylesheet", href: auditStyles },
];

const FILTERS = ["action", "person", "case", "from", "to"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdministrator(request);
  // The actions' labels come from the server: the domain's module is not in the browser's bundle.
  const actions = Object.entries(AUDIT_ACTIONS);
  const params = new URL(request.url).searchParams;
  // What was typed, to show again in the form (cut short: it is only shown back).
  const values = Object.fromEntries(
    FILTERS.map((name) => [name, (params.get(name) ?? "").slice(0, 300)]),
  ) as unknown as AuditFilterValues;
  const parsed = AuditQuery.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    // A hand-edited address: the form says what is wrong, beside the field; nothing is listed.
    return json(
      { values, fields: fieldsFromZod(parsed.error), log: null, paged: false, actions },
      { status: 400 },
    );
  }
  const log = await auditLog(user, parsed.data);
  return json({
    values,
    fields: {} as Record<string, string>,
    log,
    paged: parsed.data.before !== undefined,
    actions,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdministrator(request);
  return formAction(async () => {
    await readForm(request);
    return json({ ok: true as const, verification: await verifyChains(user) });
  });
}

export default function AuditLog() {
  const { values, fields, log, paged, actions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const verifying = useNavigation().formMethod?.toUpperCase() === "POST";
  const [params] = useSearchParams();
  const searchKey = params.toString();
  const filtered = FILTERS.some((name) => params.get(name));
  const pageLink = (before: string | null) => {
    const next = new URLSearchParams(params);
    if (before) next.set("before", before);
    else next.delete("before");
    return `?${next}`;
  };
  const refused = Object.entries(fields);
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/admin">Administration</Link> › Audit log
      </p>
      <h1>Audit log</h1>
      <p className="muted">
        Who did what and when, newest first; times are UTC. Entries cannot be changed or deleted, and each is
        sealed with the one before it.
      </p>

      <section className="card audit-verify" aria-labelledby="verify-heading">
        <h2 id="verify-heading">Has anything been altered?</h2>
        <p>
          Checks every entry of the case history and of this log against its seal, as{" "}
          <code>npm run audit:verify</code> does.
        </p>
        <Form method="post">
          <button className="button" type="submit" disabled={verifying}>
            {verifying ? "Verifying…" : "Verify now"}
          </button>
        </Form>
        {result && "verification" in result ? <AuditVerification result={result.verification} /> : null}
        {result && !result.ok ? (
          <p className="notice error" role="alert">
            {result.message}
          </p>
        ) : null}
      </section>

      <h2>Entries</h2>
      {refused.length > 0 ? (
        <p className="notice error" role="alert">
          These filters could not be used:{" "}
          {refused
            .map(
              ([name, message]) =>
                `${AUDIT_FILTER_LABELS[name as keyof typeof AUDIT_FILTER_LABELS] ?? name} ${message}`,
            )
            .join("; ")}
          .
        </p>
      ) : null}
      {/* A new form for each search: "Clear the filters" (a link) must empty the fields too. */}
      <AuditFilters key={searchKey} values={values} fields={fields} actions={actions} />
      {log?.notices.map((notice) => (
        <p key={notice} className="notice info" role="status">
          {notice}
        </p>
      ))}
      {log ? (
        log.entries.length === 0 ? (
          <p>{filtered || paged ? "No entries match these filters." : "The log has no entries yet."}</p>
        ) : (
          <AuditTable
            entries={log.entries}
            caption={`${filtered ? "Entries that match the filters" : "All entries"}, newest first${paged ? " (older page)" : ""}`}
          />
        )
      ) : null}
      {log && (log.next || paged) ? (
        <nav className="pagination" aria-label="Pages of the audit log">
          {paged ? <Link to={pageLink(null)}>Newest entries</Link> : null}
          {log.next ? <Link to={pageLink(log.next)}>Older entries</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
