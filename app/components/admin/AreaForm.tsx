// The thematic area form, for creating and editing (CTED administrators), without JavaScript too:
// its label, its code (shown fixed, with the reason, once a case's reference carries it) and its
// place in the order. Retiring is a form of its own on the area's page (RetireAreaForm).
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { describedBy, Field } from "~/components/Field.tsx";
import { useFormat } from "~/i18n/format.ts";

export interface AreaValues {
  label?: string;
  code?: string;
  /** A number (as stored) or the text chosen (a form sent back with its errors). */
  position?: number | string | null;
}

interface Props {
  values: AreaValues;
  /** How many places the order has: the areas there are (one more for a new one). */
  places: number;
  /** Why the code cannot change (cases' references carry it), or null. */
  codePinned?: string | null;
  fields?: Record<string, string>;
  submitLabel: string;
}

export function AreaForm({ values, places, codePinned, fields = {}, submitLabel }: Props) {
  const { t } = useTranslation("admin");
  const busy = useNavigation().state === "submitting";
  const LABEL_HINT = t("areas.form.labelHint");
  const POSITION_HINT = t("areas.form.positionHint");
  const codeHint = codePinned ?? t("areas.form.codeHint");
  const placeName = (n: number) =>
    n === 1 ? t("areas.form.first") : n === places ? t("areas.form.last", { place: n }) : String(n);
  const position = values.position === undefined || values.position === null ? places : values.position;
  return (
    <Form method="post" className="card admin-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      <Field name="label" label={t("areas.form.label")} error={fields.label} hint={LABEL_HINT}>
        <input
          {...describedBy("label", fields, LABEL_HINT)}
          name="label"
          defaultValue={values.label}
          required
          maxLength={120}
          autoComplete="off"
        />
      </Field>
      <Field name="code" label={t("areas.form.code")} error={fields.code} hint={codeHint}>
        <input
          {...describedBy("code", fields, codeHint)}
          name="code"
          className="code-input"
          defaultValue={values.code ?? ""}
          required
          maxLength={2}
          autoComplete="off"
          spellCheck={false}
          readOnly={Boolean(codePinned)}
        />
      </Field>
      <Field name="position" label={t("areas.form.position")} error={fields.position} hint={POSITION_HINT}>
        <select
          {...describedBy("position", fields, POSITION_HINT)}
          name="position"
          className="short"
          defaultValue={String(position)}
        >
          {Array.from({ length: places }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {placeName(n)}
            </option>
          ))}
        </select>
      </Field>
      <button className="button" type="submit" disabled={busy}>
        {busy ? t("form.saving") : submitLabel}
      </button>
    </Form>
  );
}

/**
 * Retiring an area, or taking it back into use: a form of its own, as it changes what new cases
 * may choose rather than how the area reads. `error`: why it was refused, a sentence.
 */
export function RetireAreaForm({
  label,
  retired,
  retiredAt,
  cases,
  error,
}: {
  label: string;
  retired: boolean;
  retiredAt: string | null;
  cases: number;
  error?: string;
}) {
  const { t } = useTranslation("admin");
  const format = useFormat();
  const busy = useNavigation().state === "submitting";
  const kept = cases === 0 ? "none" : "some";
  return (
    <Form method="post" className="card admin-form retire-form" aria-labelledby="retire-heading">
      <h2 id="retire-heading">
        {retired ? t("areas.retire.retiredHeading") : t("areas.retire.inUseHeading")}
      </h2>
      {retired ? (
        <p>
          {retiredAt
            ? t("areas.retire.retiredOn", { date: format.day(retiredAt) })
            : t("areas.retire.retiredUndated")}{" "}
          {t(`areas.retire.retiredKept.${kept}`, { count: cases })} {t("areas.retire.offeredAgain")}
        </p>
      ) : (
        <p>
          {t("areas.retire.wouldRetire", { label })} {t(`areas.retire.kept.${kept}`, { count: cases })}{" "}
          {t("areas.retire.neverDeleted")}
        </p>
      )}
      {error ? (
        <p id="retired-error" className="error" role="alert">
          {t("form.sentence", { message: error })}
        </p>
      ) : null}
      <input type="hidden" name="intent" value={retired ? "restore" : "retire"} />
      <button
        className={retired ? "button" : "button secondary"}
        type="submit"
        disabled={busy}
        aria-describedby={error ? "retired-error" : undefined}
      >
        {retired ? t("areas.retire.restore") : t("areas.retire.retire")}
      </button>
    </Form>
  );
}
