// The audit log's entries as a table, newest first: when (in the reader's time zone), who, what, on what, the details,
// the address and the request. On a narrow screen each row becomes a block of labelled lines
// (app/styles/audit.css), so the page never scrolls sideways.
import { Link } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";

import type { AuditItem } from "~/domain/audit.server.ts";
import { useFormat } from "~/i18n/format.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";

/** An entry as the page receives it (its details as JSON of any shape). */
export type AuditEntryView = Omit<AuditItem, "details"> & { details: unknown };

/** The kinds of subject the page names (admin:audit.subjects.<type>); any other is shown as stored. */
const SUBJECT_TYPES = new Set([
  "case",
  "task",
  "evidence",
  "import",
  "export",
  "user",
  "account",
  "organization",
  "assessment",
  "visit",
  "area",
]);

function subjectHref(type: string, id: string): string | null {
  switch (type) {
    case "case":
      return `/cases/${id}`;
    case "user":
    case "account":
      return `/admin/users/${id}`;
    case "organization":
      return `/admin/organizations/${id}`;
    case "assessment":
    case "visit":
      return `/admin/visits/${id}`;
    case "import":
      return `/imports/${id}`;
    default:
      return null;
  }
}

function Who({ actor }: { actor: AuditEntryView["actor"] }) {
  const { t } = useTranslation("admin");
  if (!actor) return <>{t("audit.table.system")}</>;
  if (!actor.id) {
    return (
      <>
        <span className="audit-typed" translate="no">
          {actor.email}
        </span>
        <br />
        <span className="muted">{t("audit.table.noAccount")}</span>
      </>
    );
  }
  return (
    <>
      <Link to={`/admin/users/${actor.id}`} translate="no">
        {actor.name ?? actor.email ?? actor.id}
      </Link>
      {actor.name && actor.email ? (
        <>
          <br />
          <span className="muted audit-email" translate="no">
            {actor.email}
          </span>
        </>
      ) : null}
    </>
  );
}

function CaseLink({ of }: { of: AuditEntryView["case"] }) {
  if (!of) return null;
  return (
    <Link to={`/cases/${of.id}`} translate="no">
      {of.ref ?? of.id}
    </Link>
  );
}

function OnWhat({ entry }: { entry: AuditEntryView }) {
  const { t } = useTranslation("admin");
  const { subject } = entry;
  if (!subject || subject.type === "case") {
    if (subject && !entry.case)
      return (
        <Link to={`/cases/${subject.id}`} translate="no">
          {subject.name ?? subject.id}
        </Link>
      );
    return entry.case ? <CaseLink of={entry.case} /> : <span className="muted">—</span>;
  }
  const label = SUBJECT_TYPES.has(subject.type) ? t(`audit.subjects.${subject.type}`) : subject.type;
  const href = subjectHref(subject.type, subject.id);
  const name = subject.name ?? subject.id;
  const named = href ? <Link to={href} translate="no" /> : <span className="audit-id" translate="no" />;
  if (!entry.case) {
    return (
      <Trans
        {...TRANS_WITH_DATA}
        t={t}
        i18nKey="audit.table.subject"
        values={{ label, name }}
        components={{ subject: named }}
      />
    );
  }
  return (
    <Trans
      {...TRANS_WITH_DATA}
      t={t}
      i18nKey="audit.table.subjectOnCase"
      values={{ label, name, ref: entry.case.ref ?? entry.case.id }}
      components={{ subject: named, case: <Link to={`/cases/${entry.case.id}`} translate="no" /> }}
    />
  );
}

const shown = (value: unknown): string => {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
};

function Details({ details }: { details: unknown }) {
  if (details === null || details === undefined) return <span className="muted">—</span>;
  if (typeof details !== "object" || Array.isArray(details))
    return <span translate="no">{shown(details)}</span>;
  const pairs = Object.entries(details as Record<string, unknown>);
  if (pairs.length === 0) return <span className="muted">—</span>;
  // The details as the change recorded them: field names and values (codes, ids), not sentences.
  return (
    <ul className="audit-details" translate="no">
      {pairs.map(([key, value]) => (
        <li key={key}>
          <span className="audit-key">{key}</span>: {shown(value)}
        </li>
      ))}
    </ul>
  );
}

export function AuditTable({ entries, caption }: { entries: AuditEntryView[]; caption: string }) {
  const { t } = useTranslation("admin");
  const format = useFormat();
  return (
    // A region of its own that scrolls, should a long value ever make the table wider than the
    // screen: the page itself never scrolls sideways.
    <div className="table-scroll audit-table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="audit-table cards">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("audit.table.when")}</th>
            <th scope="col">{t("audit.table.who")}</th>
            <th scope="col">{t("audit.table.what")}</th>
            <th scope="col">{t("audit.table.onWhat")}</th>
            <th scope="col">{t("audit.table.details")}</th>
            <th scope="col">{t("audit.table.address")}</th>
            <th scope="col">{t("audit.table.request")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td data-label={t("audit.table.when")}>
                <time dateTime={entry.at}>{format.time(entry.at)}</time>
                <br />
                <span className="muted">{t("audit.table.entry", { id: entry.id })}</span>
              </td>
              <td data-label={t("audit.table.who")}>
                <Who actor={entry.actor} />
              </td>
              <td data-label={t("audit.table.what")}>{entry.actionLabel}</td>
              <td data-label={t("audit.table.onWhat")}>
                <OnWhat entry={entry} />
              </td>
              <td data-label={t("audit.table.details")}>
                <Details details={entry.details} />
              </td>
              <td data-label={t("audit.table.address")}>
                {entry.address ? (
                  <span className="audit-code">{entry.address}</span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td data-label={t("audit.table.request")}>
                {entry.requestId ? (
                  <span className="audit-code" translate="no">
                    {entry.requestId}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
