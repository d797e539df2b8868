// The recommendation form, for drafting and for editing.
import { Form, useNavigation } from "@remix-run/react";

import { areaChoices, type ThematicArea } from "~/lib/areas.ts";

import { Field } from "./Field.tsx";

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
  textLocked,
  fields = {},
  submitLabel,
}: Props) {
  const busy = useNavigation().state === "submitting";
  const aria = (name: string) => ({
    id: name,
    name,
    "aria-invalid": Boolean(fields[name]) || undefined,
    "aria-describedby": fields[name] ? `${name}-error` : undefined,
  });
  return (
    <Form method="post" className="card" noValidate>
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      {assessments ? (
        <Field name="assessmentId" label="Assessment visit" error={fields.assessmentId}>
          <select {...aria("assessmentId")} defaultValue={values.assessmentId ?? ""} required>
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
        hint="Leave empty for the default: six months after the report's adoption."
      >
        <input {...aria("dueAt")} type="date" defaultValue={values.dueAt ? values.dueAt.slice(0, 10) : ""} />
      </Field>
      <button className="button" type="submit" disabled={busy}>
        {busy ? "Saving…" : submitLabel}
      </button>
    </Form>
  );
}
