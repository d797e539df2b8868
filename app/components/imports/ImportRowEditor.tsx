// One row of an import's preview: the proposed case, editable, with what the reader warns about,
// the case it would duplicate, and the earlier recommendations it may follow (each with its
// similarity score). Field names are "r<key>.<field>" (routes/imports.$id.tsx reads them).
import type { SerializeFrom } from "@remix-run/node";
import { Trans, useTranslation } from "react-i18next";

import { PRIORITIES } from "~/domain/case-input.ts";
import type { ImportPreview } from "~/domain/imports.server.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";
import { stateName } from "~/i18n/workflow-names.ts";
import { areaChoices, areaLabel, type ThematicArea } from "~/lib/areas.ts";

type Row = SerializeFrom<ImportPreview>["rows"][number];

function FieldError({ id, label, message }: { id: string; label: string; message?: string }) {
  const { t } = useTranslation("imports");
  return message ? (
    <p id={id} className="error">
      {t("row.fieldError", { field: label, problem: message })}
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
  const { t } = useTranslation("imports");
  const name = (field: string) => `r${row.key}.${field}`;
  const invalid = (field: string) =>
    errors[name(field)] ? { "aria-invalid": true as const, "aria-describedby": `${name(field)}-error` } : {};
  const heading = row.number
    ? t("row.headingNumbered", { key: row.key, number: row.number })
    : t("row.heading", { key: row.key });
  return (
    <li className={`card import-row${row.duplicateOf ? " duplicate" : ""}`}>
      <fieldset>
        <legend>
          {heading}
          {row.ref ? <span className="muted">{t("row.wouldBe", { ref: row.ref })}</span> : null}
        </legend>
        {row.duplicateOf ? (
          <p className="notice">
            {/^row \d+$/.test(row.duplicateOf)
              ? t("row.duplicateOfRow", { key: row.duplicateOf.slice(4) })
              : t("row.duplicate", { ref: row.duplicateOf })}
          </p>
        ) : null}
        {row.warnings.length > 0 ? (
          <div className="notice warning">
            {row.warnings.map((w) => (
              <p key={w}>{w}</p>
            ))}
          </div>
        ) : null}
        <label className="checkbox">
          <input type="checkbox" name={name("include")} defaultChecked={!row.duplicateOf} />{" "}
          {t("row.include")}
        </label>
        <div className="import-row-fields">
          <div className="field">
            <label htmlFor={name("area")}>{t("row.area")}</label>
            <select id={name("area")} name={name("area")} defaultValue={row.area ?? ""} {...invalid("area")}>
              <option value="">{t("row.chooseArea")}</option>
              {areaChoices(areas, row.area).map((a) => (
                <option key={a.slug} value={a.slug}>
                  {a.retired
                    ? t("row.retiredArea", { label: areaLabel(areas, a.slug, t) })
                    : areaLabel(areas, a.slug, t)}
                </option>
              ))}
            </select>
            <FieldError id={`${name("area")}-error`} label={t("row.area")} message={errors[name("area")]} />
          </div>
          <div className="field">
            <label htmlFor={name("priority")}>{t("row.priority")}</label>
            <select id={name("priority")} name={name("priority")} defaultValue={row.priority}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`workflow:priorities.${p}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={name("title")}>{t("row.title")}</label>
          <input
            id={name("title")}
            name={name("title")}
            defaultValue={row.title}
            dir="auto"
            {...invalid("title")}
          />
          <FieldError id={`${name("title")}-error`} label={t("row.title")} message={errors[name("title")]} />
        </div>
        <div className="field">
          <label htmlFor={name("text")}>{t("row.text")}</label>
          <textarea
            id={name("text")}
            name={name("text")}
            defaultValue={row.text}
            rows={4}
            dir="auto"
            {...invalid("text")}
          />
          <FieldError id={`${name("text")}-error`} label={t("row.text")} message={errors[name("text")]} />
        </div>
        {row.candidates.length > 0 ? (
          <fieldset className="lineage-choice">
            <legend>{t("row.follows.legend")}</legend>
            {row.candidates.map((c) => (
              <label className="choice" key={c.caseId}>
                <input
                  type="radio"
                  name={name("follows")}
                  value={c.caseId}
                  defaultChecked={row.suggested === c.caseId}
                />
                <span>
                  <Trans
                    {...TRANS_WITH_DATA}
                    t={t}
                    i18nKey="row.follows.candidate"
                    values={{
                      ref: c.ref,
                      year: c.year,
                      state: stateName(t, c.state),
                      title: c.title,
                      percent: Math.round(c.score * 100),
                    }}
                    components={{ strong: <strong translate="no" />, muted: <span className="muted" /> }}
                  />
                </span>
              </label>
            ))}
            <label className="choice">
              <input type="radio" name={name("follows")} value="" defaultChecked={!row.suggested} />{" "}
              {t("row.follows.none")}
            </label>
          </fieldset>
        ) : null}
      </fieldset>
    </li>
  );
}
