// The audit log (CTED administrators; 404 for anyone else): who did what, when, on what,
// from which address and in which request, newest first, 50 at a time, filtered by action, person,
// case and days; and "Verify now", which checks the hash chains of the case history and of this
// log as `npm run audit:verify` does, and says what it found.
import { type ActionFunctionArgs, json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";

import { AUDIT_FILTERS, AuditFilters, type AuditFilterValues } from "~/components/admin/AuditFilters.tsx";
import { AuditTable } from "~/components/admin/AuditTable.tsx";
import { AuditVerification } from "~/components/admin/AuditVerification.tsx";
import { auditActionChoices, auditLog, AuditQuery, verifyChains } from "~/domain/audit.server.ts";
import { fieldsFromZod } from "~/http/errors.server.ts";
import { formAction, readForm } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import adminStyles from "~/styles/admin.css";
import auditStyles from "~/styles/audit.css";

export const handle: TitleHandle = { title: () => ({ key: "admin:audit.title" }) };
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: adminStyles },
  { rel: "stylesheet", href: auditStyles },
];

const FILTERS = ["action", "person", "case", "from", "to"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdministrator(request);
  // The actions' labels come from the server: the domain's module is not in the browser's bundle.
  const actions = auditActionChoices();
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
  const { t } = useTranslation("admin");
  const filterLabel = (name: string) =>
    (AUDIT_FILTERS as readonly string[]).includes(name) ? t(`audit.filters.${name}`) : name;
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/admin">{t("hub.title")}</Link> › {t("audit.title")}
      </p>
      <h1>{t("audit.title")}</h1>
      <p className="muted">{t("audit.intro")}</p>

      <section className="card audit-verify" aria-labelledby="verify-heading">
        <h2 id="verify-heading">{t("audit.verify.heading")}</h2>
        <p>
          <Trans t={t} i18nKey="audit.verify.intro" components={{ code: <code translate="no" /> }} />
        </p>
        <Form method="post">
          <button className="button" type="submit" disabled={verifying}>
            {verifying ? t("audit.verify.verifying") : t("audit.verify.submit")}
          </button>
        </Form>
        {result && "verification" in result ? <AuditVerification result={result.verification} /> : null}
        {result && !result.ok ? (
          <p className="notice error" role="alert">
            {result.message}
          </p>
        ) : null}
      </section>

      <h2>{t("audit.entries")}</h2>
      {refused.length > 0 ? (
        <p className="notice error" role="alert">
          {t("audit.refused", {
            problems: refused
              .map(([name, message]) => t("audit.refusedFilter", { label: filterLabel(name), message }))
              .join(t("audit.refusedSeparator")),
          })}
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
          <p>{filtered || paged ? t("audit.noMatch") : t("audit.empty")}</p>
        ) : (
          <AuditTable
            entries={log.entries}
            caption={t(`audit.caption.${filtered ? "filtered" : "all"}${paged ? "Older" : ""}`)}
          />
        )
      ) : null}
      {log && (log.next || paged) ? (
        <nav className="pagination" aria-label={t("audit.pages.label")}>
          {paged ? <Link to={pageLink(null)}>{t("audit.pages.newest")}</Link> : null}
          {log.next ? <Link to={pageLink(log.next)}>{t("audit.pages.older")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
