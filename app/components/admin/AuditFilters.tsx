// The audit log's filters: a GET form (it works without JavaScript, and the address keeps the
// filters), each refusal beside its field as a sentence that starts with the field's label.
import { Form, Link } from "@remix-run/react";

import { describedBy, Field } from "~/components/Field.tsx";

export interface AuditFilterValues {
  action: string;
  person: string;
  case: string;
  from: string;
  to: string;
}

/** The labels, also for the page's summary of refused filters. */
export const AUDIT_FILTER_LABELS: Record<keyof AuditFilterValues | "before", string> = {
  action: "Action",
  person: "Person (email)",
  case: "Case reference",
  from: "From",
  to: "To",
  before: "Page (before)",
};

/** The actions in groups, as the select shows them. */
function groupOf(action: string): string {
  if (action.startsWith("case.")) return "Cases";
  if (action.startsWith("task.")) return "Tasks";
  if (action.startsWith("evidence.")) return "Evidence";
  if (action.startsWith("import.") || action.startsWith("export.")) return "Imports and exports";
  if (action.startsWith("admin.")) return "Administration";
  return "Sign-in and accounts";
}

export function AuditFilters({
  values,
  fields,
  actions,
}: {
  values: AuditFilterValues;
  fields: Record<string, string>;
  actions: [string, string][];
}) {
  const groups = new Map<string, [string, string][]>();
  for (const entry of actions) {
    const group = groupOf(entry[0]);
    groups.set(group, [...(groups.get(group) ?? []), entry]);
  }
  return (
    <Form method="get" className="card audit-filters" aria-label="Filter the audit log" noValidate>
      <div className="filters">
        <Field name="action" label="Action" error={fields.action}>
          <select {...describedBy("action", fields)} name="action" defaultValue={values.action}>
            <option value="">Any action</option>
            {[...groups].map(([group, options]) => (
              <optgroup key={group} label={group}>
                {options.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <Field name="person" label="Person (email)" error={fields.person}>
          <input
            {...describedBy("person", fields)}
            name="person"
            type="text"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            defaultValue={values.person}
          />
        </Field>
        <Field name="case" label="Case reference" error={fields.case}>
          <input
            {...describedBy("case", fields)}
            name="case"
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="TJK-2017-BC-03"
            defaultValue={values.case}
          />
        </Field>
        <Field name="from" label="From" error={fields.from}>
          <input {...describedBy("from", fields)} name="from" type="date" defaultValue={values.from} />
        </Field>
        <Field name="to" label="To" error={fields.to}>
          <input {...describedBy("to", fields)} name="to" type="date" defaultValue={values.to} />
        </Field>
      </div>
      <div className="buttons audit-filter-buttons">
        <button className="button" type="submit">
          Filter
        </button>
        <Link to="/admin/audit">Clear the filters</Link>
      </div>
    </Form>
  );
}
