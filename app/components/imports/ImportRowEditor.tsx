// One row of an import's preview: the proposed case, editable, with what the reader warns about,
// the case it would duplicate, and the earlier recommendations it may follow (each with its
// similarity score). Field names are "r<key>.<field>" (routes/imports.$id.tsx reads them).
import type { SerializeFrom } from "@remix-run/node";

import { PRIORITIES } from "~/domain/case-input.ts";
import type { ImportPreview } from "~/domain/imports.server.ts";
import { areaChoices, type ThematicArea } from "~/lib/areas.ts";
import { PRIORITY_LABELS } from "~/lib/labels.ts";
import { STATE_LABELS } from "~workflows/recommendation-labels.ts";

type Row = SerializeFrom<ImportPreview>["rows"][number];

function FieldError({ id, label, message }: { id: string; label: string; message?: string }) {
  return message ? (
    <p id={id} className="error">
      {label} {message}.
    </p>
  ) : null;
}

/** `areas`: every thematic area; those in use are offered, and the row's own even if since retired. */
export function ImportRowEditor({
  row,
  areas,
  errors,
}: {
  row: Row;
  areas: ThematicArea[];
  errors: Record<string, string>;
}) {
  const name = (field: string) => `r${row.key}.${field}`;
  const invalid = (field: string) =>
    errors[name(field)] ? { "aria-invalid": true as const, "aria-describedby": `${name(field)}-error` } : {};
  const heading = `Row ${row.key}${row.number ? ` (paragraph ${row.number} of the report)` : ""}`;
  return (
    <li className={`card import-row${row.duplicateOf ? " duplicate" : ""}`}>
      <fieldset>
        <legend>
          {heading}
          {row.ref ? <span className="muted"> · would be {row.ref}</span> : null}
        </legend>
        {row.duplicateOf ? (
          <p className="notice">Already imported as {row.duplicateOf}: left out unless you select it.</p>
        ) : null}
        {row.warnings.length > 0 ? (
          <div className="notice warning">
            {row.warnings.map((w) => (
              <p key={w}>{w}</p>
            ))}
          </div>
        ) : null}
        <label className="checkbox">
          <input type="checkbox" name={name("include")} defaultChecked={!row.duplicateOf} /> Import this
          recommendation
        </label>
        <div className="import-row-fields">
          <div className="field">
            <label htmlFor={name("area")}>Thematic area</label>
            <select id={name("area")} name={name("area")} defaultValue={row.area ?? ""} {...invalid("area")}>
              <option value="">Choose the area</option>
              {areaChoices(areas, row.area).map((a) => (
                <option key={a.slug} value={a.slug}>
                  {a.retired ? `${a.label} (retired: choose another)` : a.label}
                </option>
              ))}
            </select>
            <FieldError id={`${name("area")}-error`} label="Thematic area" message={errors[name("area")]} />
          </div>
          <div className="field">
            <label htmlFor={name("priority")}>Priority</label>
            <select id={name("priority")} name={name("priority")} defaultValue={row.priority}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABELS[p]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={name("title")}>Title</label>
          <input id={name("title")} name={name("title")} defaultValue={row.title} {...invalid("title")} />
          <FieldError id={`${name("title")}-error`} label="Title" message={errors[name("title")]} />
        </div>
        <div className="field">
          <label htmlFor={name("text")}>Text</label>
          <textarea
            id={name("text")}
            name={name("text")}
            defaultValue={row.text}
            rows={4}
            {...invalid("text")}
          />
          <FieldError id={`${name("text")}-error`} label="Text" message={errors[name("text")]} />
        </div>
        {row.candidates.length > 0 ? (
          <fieldset className="lineage-choice">
            <legend>Does it follow a recommendation of an earlier visit?</legend>
            {row.candidates.map((c) => (
              <label className="choice" key={c.caseId}>
                <input
                  type="radio"
                  name={name("follows")}
                  value={c.caseId}
                  defaultChecked={row.suggested === c.caseId}
                />
                <span>
                  Follows <strong>{c.ref}</strong> ({c.year}, {STATE_LABELS[c.state] ?? c.state}): {c.title}{" "}
                  <span className="muted">({Math.round(c.score * 100)}% similar)</span>
                </span>
              </label>
            ))}
            <label className="choice">
              <input type="radio" name={name("follows")} value="" defaultChecked={!row.suggested} /> No: a new
              recommendation
            </label>
          </fieldset>
        ) : null}
      </fieldset>
    </li>
  );
}
