// The assessment visit form, for creating and editing (CTED administrators). Without JavaScript
// too. The partners are checkboxes named `partner:<id>` (PARTNER_FIELD_PREFIX): a page's form
// field holds one value. A visit with cases keeps its State: the choice is shown fixed.
import { Form, useNavigation } from "@remix-run/react";

import { describedBy, Field } from "~/components/Field.tsx";
import { PARTNER_FIELD_PREFIX, visitFromForm } from "~/domain/admin-input.ts";

export interface VisitValues {
  countryCode?: string;
  countryName?: string;
  title?: string;
  visitStart?: string;
  visitEnd?: string;
  /** A list (as stored) or the text typed (a form sent back with its errors). */
  resolutions?: string[] | string;
  reportSentAt?: string | null;
  reportAdoptedAt?: string | null;
  partnerIds?: string[];
}

/** What was typed, as the form's fields take it back after a refusal. */
export function visitValuesFrom(form: Record<string, string>): VisitValues {
  const { partnerIds, ...typed } = visitFromForm(form) as { partnerIds: string[] } & Record<string, string>;
  return { ...typed, partnerIds };
}

interface Props {
  values: VisitValues;
  states: { countryCode: string; name: string; countryName: string }[];
  partners: { id: string; name: string; shortName: string }[];
  /** Why the State cannot change (the visit has cases), or null. */
  statePinned?: string | null;
  fields?: Record<string, string>;
  submitLabel: string;
}

const RESOLUTIONS_HINT = "One per line, or separated by commas; each like 1373 (2001).";
const COUNTRY_NAME_HINT =
  "How pages and reports name the State. Leave empty to take it from its government’s short name (Government of Tajikistan gives Tajikistan).";
const REPORT_HINT = "Optional; on or after the visit’s end.";
const ADOPTED_HINT = "Optional; on or after the day it was sent.";

export function VisitForm({ values, states, partners, statePinned, fields = {}, submitLabel }: Props) {
  const busy = useNavigation().state === "submitting";
  const known = states.some((s) => s.countryCode === values.countryCode);
  const resolutions = Array.isArray(values.resolutions)
    ? values.resolutions.join("\n")
    : (values.resolutions ?? "");
  const chosen = new Set(values.partnerIds ?? []);
  const stateHint = statePinned ?? "The States are the governments under Organisations.";
  return (
    <Form method="post" className="card admin-form" noValidate>
      <Field name="countryCode" label="State" error={fields.countryCode} hint={stateHint}>
        <select
          {...describedBy("countryCode", fields, stateHint)}
          name="countryCode"
          defaultValue={values.countryCode ?? ""}
          required
          disabled={Boolean(statePinned)}
        >
          <option value="" disabled>
            Choose the State visited
          </option>
          {states.map((s) => (
            <option key={s.countryCode} value={s.countryCode}>
              {s.countryName} ({s.countryCode})
            </option>
          ))}
          {values.countryCode && !known ? (
            // A visit recorded before its State had a government here keeps its code.
            <option value={values.countryCode}>
              {values.countryName ?? values.countryCode} ({values.countryCode}), without a government
            </option>
          ) : null}
        </select>
      </Field>
      {statePinned ? <input type="hidden" name="countryCode" value={values.countryCode} /> : null}
      <Field name="countryName" label="Country name" error={fields.countryName} hint={COUNTRY_NAME_HINT}>
        <input
          {...describedBy("countryName", fields, COUNTRY_NAME_HINT)}
          name="countryName"
          defaultValue={values.countryName ?? ""}
          maxLength={100}
          autoComplete="off"
        />
      </Field>
      <Field name="title" label="Title" error={fields.title}>
        <input
          {...describedBy("title", fields)}
          name="title"
          defaultValue={values.title}
          required
          maxLength={300}
          autoComplete="off"
        />
      </Field>
      <div className="admin-pair">
        <Field name="visitStart" label="Visit start" error={fields.visitStart}>
          <input
            {...describedBy("visitStart", fields)}
            name="visitStart"
            type="date"
            defaultValue={values.visitStart ?? ""}
            required
          />
        </Field>
        <Field name="visitEnd" label="Visit end" error={fields.visitEnd}>
          <input
            {...describedBy("visitEnd", fields)}
            name="visitEnd"
            type="date"
            defaultValue={values.visitEnd ?? ""}
            required
          />
        </Field>
      </div>
      <Field name="resolutions" label="Resolutions" error={fields.resolutions} hint={RESOLUTIONS_HINT}>
        <textarea
          {...describedBy("resolutions", fields, RESOLUTIONS_HINT)}
          name="resolutions"
          className="short"
          defaultValue={resolutions}
          required
          rows={4}
        />
      </Field>
      <div className="admin-pair">
        <Field name="reportSentAt" label="Report sent" error={fields.reportSentAt} hint={REPORT_HINT}>
          <input
            {...describedBy("reportSentAt", fields, REPORT_HINT)}
            name="reportSentAt"
            type="date"
            defaultValue={values.reportSentAt ?? ""}
          />
        </Field>
        <Field
          name="reportAdoptedAt"
          label="Report adopted"
          error={fields.reportAdoptedAt}
          hint={ADOPTED_HINT}
        >
          <input
            {...describedBy("reportAdoptedAt", fields, ADOPTED_HINT)}
            name="reportAdoptedAt"
            type="date"
            defaultValue={values.reportAdoptedAt ?? ""}
          />
        </Field>
      </div>
      <fieldset
        className="field partner-choices"
        aria-describedby={fields.partnerIds ? "partnerIds-error" : undefined}
      >
        <legend>Partners</legend>
        {partners.length === 0 ? (
          <p className="muted">There are no partner organisations yet (add them under Organisations).</p>
        ) : (
          <ul>
            {partners.map((p) => (
              <li key={p.id}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    name={`${PARTNER_FIELD_PREFIX}${p.id}`}
                    defaultChecked={chosen.has(p.id)}
                  />
                  <span>
                    {p.shortName}
                    {p.name !== p.shortName ? <span className="muted"> · {p.name}</span> : null}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {fields.partnerIds ? (
          <p id="partnerIds-error" className="error">
            Partners {fields.partnerIds}.
          </p>
        ) : null}
      </fieldset>
      <button className="button" type="submit" disabled={busy}>
        {busy ? "Saving…" : submitLabel}
      </button>
    </Form>
  );
}
