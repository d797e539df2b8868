// The audit log's filters: a GET form (it works without JavaScript, and the address keeps the
// filters), each refusal beside its field as a sentence that starts with the field's label.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { describedBy, Field } from "~/components/Field.tsx";

export interface AuditFilterValues {
  action: string;
  person: string;
  case: string;
  from: string;
  to: string;
}

/** The filters' labels (admin:audit.filters.<name>), also for the page's summary of refused filters. */
export const AUDIT_FILTERS = ["action", "person", "case", "from", "to", "before"] as const;

/** The actions in groups, as the select shows them (admin:audit.groups.<group>). */
function groupOf(action: string): string {
  if (action.startsWith("case.")) return "cases";
  if (action.startsWith("task.")) return "tasks";
  if (action.startsWith("evidence.")) return "evidence";
  if (action.startsWith("import.") || action.startsWith("export.")) return "importsExports";
  if (action.startsWith("admin.")) return "administration";
  return "signIn";
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
  const { t } = useTranslation("admin");
  const groups = new Map<string, [string, string][]>();
  for (const entry of actions) {
    const group = groupOf(entry[0]);
    groups.set(group, [...(groups.get(group) ?? []), entry]);
  }
  return (
    <Form method="get" className="card audit-filters" aria-label={t("audit.filters.label")} noValidate>
      <div className="filters">
        <Field name="action" label={t("audit.filters.action")} error={fields.action}>
          <select {...describedBy("action", fields)} name="action" defaultValue={values.action}>
            <option value="">{t("audit.filters.anyAction")}</option>
            {[...groups].map(([group, options]) => (
              <optgroup key={group} label={t(`audit.groups.${group}`)}>
                {options.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <Field name="person" label={t("audit.filters.person")} error={fields.person}>
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
        <Field name="case" label={t("audit.filters.case")} error={fields.case}>
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
        <Field name="from" label={t("audit.filters.from")} error={fields.from}>
          <input {...describedBy("from", fields)} name="from" type="date" defaultValue={values.from} />
        </Field>
        <Field name="to" label={t("audit.filters.to")} error={fields.to}>
          <input {...describedBy("to", fields)} name="to" type="date" defaultValue={values.to} />
        </Field>
      </div>
      <div className="buttons audit-filter-buttons">
        <button className="button" type="submit">
          {t("audit.filters.submit")}
        </button>
        <Link to="/admin/audit">{t("audit.filters.clear")}</Link>
      </div>
    </Form>
  );
}
