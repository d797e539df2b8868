// The recommendation form, for drafting and for editing.
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { PRIORITIES } from "~/domain/case-input.ts";
import { type Formats, useFormat } from "~/i18n/format.ts";
import type { Translate } from "~/i18n/languages.ts";
import { areaChoices, areaLabel, type ThematicArea } from "~/lib/areas.ts";
import { defaultDueDate, defaultDueDateFrom } from "~/lib/deadlines.ts";

import { Field } from "./Field.tsx";
import { PastDateWarning, pastDayWarningId } from "./PastDateWarning.tsx";

interface Values {
  assessmentId?: string;
  area?: string;
  title?: string;
  text?: string;
  priority?: string;
  ownerId?: string;
  dueAt?: string | null;
  version?: number;
}

interface Props {
  values: Values;
  /** The thematic areas (caseFormOptions): those in use are offered, and the case's own even if retired. */
  areas: ThematicArea[];
  owners: { id: string; name: string }[];
  /** Shown when drafting; an existing case keeps its assessment. */
  assessments?: { id: string; title: string }[];
  /** When drafting: when each visit's report was adopted (null: not yet), for the due date's default. */
  reportAdoptions?: Record<string, string | null>;
  /** After the State has agreed, the text is fixed. */
  textLocked?: boolean;
  fields?: Record<string, string>;
  /** The submit button's text, translated. */
  submitLabel: string;
}

export function CaseForm({
  values,
  areas,
  owners,
  assessments,
  reportAdoptions = {},
  textLocked,
  fields = {},
  submitLabel,
}: Props) {
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation("cases");
  const format = useFormat();
  // The due date's hint follows the visit chosen, and its warning the day chosen.
  const [assessmentId, setAssessmentId] = useState(values.assessmentId ?? "");
  const [dueAt, setDueAt] = useState(values.dueAt ? values.dueAt.slice(0, 10) : "");
  const aria = (name: string, ...described: (string | undefined)[]) => {
    const ids = [...described, fields[name] ? `${name}-error` : undefined].filter(Boolean);
    return {
      id: name,
      name,
      "aria-invalid": Boolean(fields[name]) || undefined,
      "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined,
    };
  };
  return (
    <Form method="post" className="card" noValidate>
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      {assessments ? (
        <Field name="assessmentId" label={t("form.visit")} error={fields.assessmentId}>
          <select
            {...aria("assessmentId")}
            defaultValue={values.assessmentId ?? ""}
            required
            onChange={(e) => setAssessmentId(e.target.value)}
          >
            <option value="" disabled>
              {t("form.chooseVisit")}
            </option>
            {assessments.map((a) => (
              <option key={a.id} value={a.id}>
                {a.title}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <Field name="area" label={t("form.area")} error={fields.area}>
        <select {...aria("area")} defaultValue={values.area ?? ""} required disabled={textLocked}>
          <option value="" disabled>
            {t("form.chooseArea")}
          </option>
          {areaChoices(areas, values.area).map((a) => {
            const label = areaLabel(areas, a.slug, t);
            return (
              <option key={a.slug} value={a.slug}>
                {a.retired ? t("form.retiredArea", { area: label }) : label}
              </option>
            );
          })}
        </select>
      </Field>
      {/* A disabled select is not submitted: keep the locked value in the form. */}
      {textLocked ? <input type="hidden" name="area" value={values.area} /> : null}
      <Field
        name="title"
        label={t("form.title")}
        error={fields.title}
        hint={textLocked ? t("form.textLocked") : undefined}
      >
        <input
          {...aria("title")}
          defaultValue={values.title}
          required
          maxLength={300}
          readOnly={textLocked}
        />
      </Field>
      <Field name="text" label={t("form.text")} error={fields.text}>
        <textarea
          {...aria("text")}
          defaultValue={values.text}
          required
          rows={8}
          maxLength={20000}
          readOnly={textLocked}
        />
      </Field>
      <Field name="priority" label={t("form.priority")} error={fields.priority}>
        <select {...aria("priority")} defaultValue={values.priority ?? "MEDIUM"}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`workflow:priorities.${p}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field name="ownerId" label={t("form.owner")} error={fields.ownerId}>
        <select {...aria("ownerId")} defaultValue={values.ownerId ?? ""} required>
          <option value="" disabled>
            {t("form.chooseOwner")}
          </option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </Field>
      <Field
        name="dueAt"
        label={t("form.dueDate")}
        error={fields.dueAt}
        hint={`${
          assessments
            ? dueDateHint(assessmentId ? reportAdoptions[assessmentId] : undefined, t, format)
            : t("form.dueHints.edit")
        } ${t("deadlines.utc")}`}
      >
        <input
          {...aria("dueAt", "dueAt-hint", pastDayWarningId("dueAt-warning", dueAt))}
          type="date"
          defaultValue={values.dueAt ? values.dueAt.slice(0, 10) : ""}
          onChange={(e) => setDueAt(e.target.value)}
        />
        <PastDateWarning id="dueAt-warning" day={dueAt} what="recommendation" />
      </Field>
      <button className="button" type="submit" disabled={busy}>
        {busy ? t("form.saving") : submitLabel}
      </button>
    </Form>
  );
}

/**
 * What an empty due date gives a new case on the visit whose report was adopted on `adoptedAt`
 * (null: not yet; undefined: no visit chosen), as createCase decides it (defaultDueDateFrom): the
 * default while it is ahead; when it is already past, nothing, so the form asks for a date.
 */
function dueDateHint(adoptedAt: string | null | undefined, t: Translate, format: Formats): string {
  if (adoptedAt === undefined) return t("form.dueHints.noVisit");
  if (adoptedAt === null) return t("form.dueHints.notAdopted");
  const adopted = new Date(adoptedAt);
  const due = defaultDueDateFrom(adopted);
  if (due) return t("form.dueHints.default", { date: format.day(due) });
  return t("form.dueHints.defaultPast", { date: format.day(defaultDueDate(adopted)) });
}
