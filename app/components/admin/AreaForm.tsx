// The thematic area form, for creating and editing (CTED administrators), without JavaScript too:
// its label, its code (shown fixed, with the reason, once a case's reference carries it) and its
// place in the order. Retiring is a form of its own on the area's page (RetireAreaForm).
import { Form, useNavigation } from "@remix-run/react";

import { describedBy, Field } from "~/components/Field.tsx";
import { formatDate } from "~/components/StateBadge.tsx";

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

const LABEL_HINT =
  "How forms, lists, reports and exports name it. An imported report’s heading that says it is read as this area.";
const CODE_HINT =
  "Two letters, A to Z, such as BC. It goes into case references (TJK-2017-BC-03), so it cannot change once a case has it.";
const POSITION_HINT = "Where it comes in forms, lists and reports; the others move to make room.";

const placeName = (n: number, places: number) =>
  n === 1 ? `1 (first)` : n === places ? `${n} (last)` : String(n);

export function AreaForm({ values, places, codePinned, fields = {}, submitLabel }: Props) {
  const busy = useNavigation().state === "submitting";
  const codeHint = codePinned ?? CODE_HINT;
  const position = values.position === undefined || values.position === null ? places : values.position;
  return (
    <Form method="post" className="card admin-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      <Field name="label" label="Label" error={fields.label} hint={LABEL_HINT}>
        <input
          {...describedBy("label", fields, LABEL_HINT)}
          name="label"
          defaultValue={values.label}
          required
          maxLength={120}
          autoComplete="off"
        />
      </Field>
      <Field name="code" label="Code" error={fields.code} hint={codeHint}>
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
      <Field name="position" label="Place in the order" error={fields.position} hint={POSITION_HINT}>
        <select
          {...describedBy("position", fields, POSITION_HINT)}
          name="position"
          className="short"
          defaultValue={String(position)}
        >
          {Array.from({ length: places }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {placeName(n, places)}
            </option>
          ))}
        </select>
      </Field>
      <button className="button" type="submit" disabled={busy}>
        {busy ? "Saving…" : submitLabel}
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
  const busy = useNavigation().state === "submitting";
  const kept =
    cases === 0
      ? "It holds no case"
      : cases === 1
        ? "Its case keeps it and still shows it"
        : `Its ${cases} cases keep it and still show it`;
  return (
    <Form method="post" className="card admin-form retire-form" aria-labelledby="retire-heading">
      <h2 id="retire-heading">{retired ? "Retired" : "In use"}</h2>
      {retired ? (
        <p>
          Retired{retiredAt ? ` on ${formatDate(retiredAt)}` : ""}. {kept}, but no new case, edit or import
          may choose it. Taken back into use, it is offered again.
        </p>
      ) : (
        <p>
          Retired, {label} would no longer be offered to new cases, edits or imports. {kept}. It can be taken
          back into use at any time; an area is never deleted.
        </p>
      )}
      {error ? (
        <p id="retired-error" className="error" role="alert">
          {error}.
        </p>
      ) : null}
      <input type="hidden" name="intent" value={retired ? "restore" : "retire"} />
      <button
        className={retired ? "button" : "button secondary"}
        type="submit"
        disabled={busy}
        aria-describedby={error ? "retired-error" : undefined}
      >
        {retired ? "Take back into use" : "Retire this area"}
      </button>
    </Form>
  );
}
