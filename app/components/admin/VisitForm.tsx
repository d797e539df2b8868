// The assessment visit form, for creating and editing (CTED administrators). Without JavaScript
// too. The partners are checkboxes named `partner:<id>` (PARTNER_FIELD_PREFIX): a page's form
// field holds one value. A visit with cases keeps its State: the choice is shown fixed.
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

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

export function VisitForm({ values, states, partners, statePinned, fields = {}, submitLabel }: Props) {
  const { t } = useTranslation("admin");
  const RESOLUTIONS_HINT = t("visits.form.resolutionsHint");
  const COUNTRY_NAME_HINT = t("visits.form.countryNameHint");
  const REPORT_HINT = t("visits.form.reportSentHint");
  const ADOPTED_HINT = t("visits.form.reportAdoptedHint");
  const busy = useNavigation().state === "submitting";
  const known = states.some((s) => s.countryCode === values.countryCode);
  const resolutions = Array.isArray(values.resolutions)
    ? values.resolutions.join("\n")
    : (values.resolutions ?? "");
  const chosen = new Set(values.partnerIds ?? []);
  const stateHint = statePinned ?? t("visits.form.stateHint");
  return (
    <Form method="post" className="card admin-form" noValidate>
      <Field name="countryCode" label={t("visits.form.state")} error={fields.countryCode} hint={stateHint}>
        <select
          {...describedBy("countryCode", fields, stateHint)}
          name="countryCode"
          defaultValue={values.countryCode ?? ""}
          required
          disabled={Boolean(statePinned)}
        >
          <option value="" disabled>
            {t("visits.form.chooseState")}
          </option>
          {states.map((s) => (
            <option key={s.countryCode} value={s.countryCode}>
              {t("visits.form.stateChoice", { name: s.countryName, code: s.countryCode })}
            </option>
          ))}
          {values.countryCode && !known ? (
            // A visit recorded before its State had a government here keeps its code.
            <option value={values.countryCode}>
              {t("visits.form.stateWithoutGovernment", {
                name: values.countryName ?? values.countryCode,
                code: values.countryCode,
              })}
            </option>
          ) : null}
        </select>
      </Field>
      {statePinned ? <input type="hidden" name="countryCode" value={values.countryCode} /> : null}
      <Field
        name="countryName"
        label={t("visits.form.countryName")}
        error={fields.countryName}
        hint={COUNTRY_NAME_HINT}
      >
        <input
          {...describedBy("countryName", fields, COUNTRY_NAME_HINT)}
          name="countryName"
          defaultValue={values.countryName ?? ""}
          maxLength={100}
          autoComplete="off"
        />
      </Field>
      <Field name="title" label={t("visits.form.title")} error={fields.title}>
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
        <Field name="visitStart" label={t("visits.form.visitStart")} error={fields.visitStart}>
          <input
            {...describedBy("visitStart", fields)}
            name="visitStart"
            type="date"
            defaultValue={values.visitStart ?? ""}
            required
          />
        </Field>
        <Field name="visitEnd" label={t("visits.form.visitEnd")} error={fields.visitEnd}>
          <input
            {...describedBy("visitEnd", fields)}
            name="visitEnd"
            type="date"
            defaultValue={values.visitEnd ?? ""}
            required
          />
        </Field>
      </div>
      <Field
        name="resolutions"
        label={t("visits.form.resolutions")}
        error={fields.resolutions}
        hint={RESOLUTIONS_HINT}
      >
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
        <Field
          name="reportSentAt"
          label={t("visits.form.reportSent")}
          error={fields.reportSentAt}
          hint={REPORT_HINT}
        >
          <input
            {...describedBy("reportSentAt", fields, REPORT_HINT)}
            name="reportSentAt"
            type="date"
            defaultValue={values.reportSentAt ?? ""}
          />
        </Field>
        <Field
          name="reportAdoptedAt"
          label={t("visits.form.reportAdopted")}
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
        <legend>{t("visits.form.partners")}</legend>
        {partners.length === 0 ? (
          <p className="muted">{t("visits.form.noPartners")}</p>
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
            {t("form.fieldError", { label: t("visits.form.partners"), message: fields.partnerIds })}
          </p>
        ) : null}
      </fieldset>
      <button className="button" type="submit" disabled={busy}>
        {busy ? t("form.saving") : submitLabel}
      </button>
    </Form>
  );
}
