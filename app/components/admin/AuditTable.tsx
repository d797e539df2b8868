// The audit log's entries as a table, newest first: when (UTC), who, what, on what, the details,
// the address and the request. On a narrow screen each row becomes a block of labelled lines
// (app/styles/audit.css), so the page never scrolls sideways.
import { Link } from "@remix-run/react";

import { formatDate } from "~/components/StateBadge.tsx";
import type { AuditItem } from "~/domain/audit.server.ts";

/** An entry as the page receives it (its details as JSON of any shape). */
export type AuditEntryView = Omit<AuditItem, "details"> & { details: unknown };

/** "6 Dec 2026, 14:03:22 UTC": the same on the server and in every browser. */
export function formatUtc(iso: string): string {
  return `${formatDate(iso)}, ${iso.slice(11, 19)} UTC`;
}

const SUBJECT_LABELS: Record<string, string> = {
  case: "Case",
  task: "Task",
  evidence: "Evidence",
  import: "Import",
  export: "Export",
  user: "Account",
  account: "Account",
  organization: "Organisation",
  assessment: "Visit",
  visit: "Visit",
  area: "Thematic area",
};

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
  if (!actor) return <>System</>;
  if (!actor.id) {
    return (
      <>
        <span className="audit-typed">{actor.email}</span>
        <br />
        <span className="muted">no account with this email</span>
      </>
    );
  }
  return (
    <>
      <Link to={`/admin/users/${actor.id}`}>{actor.name ?? actor.email ?? actor.id}</Link>
      {actor.name && actor.email ? (
        <>
          <br />
          <span className="muted audit-email">{actor.email}</span>
        </>
      ) : null}
    </>
  );
}

function CaseLink({ of }: { of: AuditEntryView["case"] }) {
  if (!of) return null;
  return <Link to={`/cases/${of.id}`}>{of.ref ?? of.id}</Link>;
}

function OnWhat({ entry }: { entry: AuditEntryView }) {
  const { subject } = entry;
  if (!subject || subject.type === "case") {
    if (subject && !entry.case) return <Link to={`/cases/${subject.id}`}>{subject.name ?? subject.id}</Link>;
    return entry.case ? <CaseLink of={entry.case} /> : <span className="muted">—</span>;
  }
  const label = SUBJECT_LABELS[subject.type] ?? subject.type;
  const href = subjectHref(subject.type, subject.id);
  const name = subject.name ?? subject.id;
  return (
    <>
      {label} {href ? <Link to={href}>{name}</Link> : <span className="audit-id">{name}</span>}
      {entry.case ? (
        <>
          {" "}
          on <CaseLink of={entry.case} />
        </>
      ) : null}
    </>
  );
}

const shown = (value: unknown): string => {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
};

function Details({ details }: { details: unknown }) {
  if (details === null || details === undefined) return <span className="muted">—</span>;
  if (typeof details !== "object" || Array.isArray(details)) return <>{shown(details)}</>;
  const pairs = Object.entries(details as Record<string, unknown>);
  if (pairs.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="audit-details">
      {pairs.map(([key, value]) => (
        <li key={key}>
          <span className="audit-key">{key}</span>: {shown(value)}
        </li>
      ))}
    </ul>
  );
}

export function AuditTable({ entries, caption }: { entries: AuditEntryView[]; caption: string }) {
  return (
    // A region of its own that scrolls, should a long value ever make the table wider than the
    // screen: the page itself never scrolls sideways.
    <div className="table-scroll audit-table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="audit-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">On what</th>
            <th scope="col">Details</th>
            <th scope="col">Address</th>
            <th scope="col">Request</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td data-label="When">
                <time dateTime={entry.at}>{formatUtc(entry.at)}</time>
                <br />
                <span className="muted">Entry {entry.id}</span>
              </td>
              <td data-label="Who">
                <Who actor={entry.actor} />
              </td>
              <td data-label="What">{entry.actionLabel}</td>
              <td data-label="On what">
                <OnWhat entry={entry} />
              </td>
              <td data-label="Details">
                <Details details={entry.details} />
              </td>
              <td data-label="Address">
                {entry.address ? (
                  <span className="audit-code">{entry.address}</span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td data-label="Request">
                {entry.requestId ? (
                  <span className="audit-code">{entry.requestId}</span>
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
