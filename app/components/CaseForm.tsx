// The recommendation form, for drafting and for editing.
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";

import { areaChoices, type ThematicArea } from "~/lib/areas.ts";
import { defaultDueDate, defaultDueDateFrom } from "~/lib/deadlines.ts";

import { Field } from "./Field.tsx";
import { PastDateWarning, pastDayWarningId } from "./PastDateWarning.tsx";
import { formatDate } from "./StateBadge.tsx";

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
        <Field name="assessmentId" label="Assessment visit" error={fields.assessmentId}>
          <select
            {...aria("assessmentId")}
            defaultValue={values.assessmentId ?? ""}
            required
            onChange={(e) => setAssessmentId(e.target.value)}
          >
            <option value="" disabled>
              Choose the visit
            </option>
            {assessments.map((a) => (
              <option key={a.id} value={a.id}>
                {a.title}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <Field name="area" label="Thematic area" error={fields.area}>
        <select {...aria("area")} defaultValue={values.area ?? ""} required disabled={textLocked}>
          <option value="" disabled>
            Choose an area
          </option>
          {areaChoices(areas, values.area).map((a) => (
            <option key={a.slug} value={a.slug}>
              {a.retired ? `${a.label} (retired: takes no new cases)` : a.label}
            </option>
          ))}
        </select>
      </Field>
      {/* A disabled select is not submitted: keep the locked value in the form. */}
      {textLocked ? <input type="hidden" name="area" value={values.area} /> : null}
      <Field
        name="title"
        label="Title"
        error={fields.title}
        hint={textLocked ? "Agreed with the State: it can no longer change." : undefined}
      >
        <input
          {...aria("title")}
          defaultValue={values.title}
          required
          maxLength={300}
          readOnly={textLocked}
        />
      </Field>
      <Field name="text" label="Recommendation text" error={fields.text}>
        <textarea
          {...aria("text")}
          defaultValue={values.text}
          required
          rows={8}
          maxLength={20000}
          readOnly={textLocked}
        />
      </Field>
      <Field name="priority" label="Priority" error={fields.priority}>
        <select {...aria("priority")} defaultValue={values.priority ?? "MEDIUM"}>
          <option value="HIGH">High</option>
          <option value="MEDIUM">Medium</option>
          <option value="LOW">Low</option>
        </select>
      </Field>
      <Field name="ownerId" label="Owner at CTED" error={fields.ownerId}>
        <select {...aria("ownerId")} defaultValue={values.ownerId ?? ""} required>
          <option value="" disabled>
            Choose the case owner
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
        label="Due date"
        error={fields.dueAt}
        hint={
          assessments ? dueDateHint(assessmentId ? reportAdoptions[assessmentId] : undefined) : EDIT_DUE_HINT
        }
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
        {busy ? "Saving…" : submitLabel}
      </button>
    </Form>
  );
}

const EDIT_DUE_HINT = "Leave empty for no due date.";

/**
 * What an empty due date gives a new case on the visit whose report was adopted on `adoptedAt`
 * (null: not yet; undefined: no visit chosen), as createCase decides it (defaultDueDateFrom): the
 * default while it is ahead; when it is already past, nothing, so the form asks for a date.
 */
function dueDateHint(adoptedAt: string | null | undefined): string {
  if (adoptedAt === undefined)
    return "Leave empty for the default, six months after the report's adoption, while that day is still ahead.";
  if (adoptedAt === null)
    return "Leave empty for none: this visit's report is not adopted yet, so it has no default.";
  const adopted = new Date(adoptedAt);
  const due = defaultDueDateFrom(adopted);
  if (due) return `Leave empty for the default: ${formatDate(due)}, six months after the report's adoption.`;
  return `Please choose a due date. The default, six months after the report's adoption, was ${formatDate(
    defaultDueDate(adopted),
  )}: already past, so it does not apply.`;
}
