// An import's preview (CTED): each recommendation read from the report as a proposed case, to
// correct, drop, or link to the earlier visit's case it follows; confirming creates them all at
// once. After confirmation, the cases it created.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";

import { ImportRowEditor } from "~/components/imports/ImportRowEditor.tsx";
import { InvalidInputError } from "~/domain/errors.server.ts";
import { ConfirmedRow } from "~/domain/import-input.ts";
import { confirmImport, importPreview } from "~/domain/imports.server.ts";
import { thematicAreas } from "~/domain/thematic-areas.server.ts";
import { fieldsFromZod } from "~/http/errors.server.ts";
import { formAction, orNotFound, readForm } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { useFormat } from "~/i18n/format.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";

export const handle: TitleHandle<typeof loader> = {
  title: (data) => ({
    key: data?.preview.confirmedAt ? "imports:preview.titleConfirmed" : "imports:preview.title",
  }),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [preview, areas] = await Promise.all([
    orNotFound(importPreview(user, idParam(params, "Import"))),
    thematicAreas(),
  ]);
  return json({ preview, areas });
}

/**
 * The form's rows ("r<key>.<field>") as the API's confirmation: the rows kept, checked one by one
 * so that a mistake is shown beside its row, and the links chosen.
 */
function confirmationFromForm(form: Record<string, string>, keys: string[]) {
  const rows = [];
  const links = [];
  const fields: Record<string, string> = {};
  for (const key of keys) {
    if (form[`r${key}.include`] !== "on") continue;
    const parsed = ConfirmedRow.safeParse({
      key,
      area: form[`r${key}.area`] ?? "",
      title: form[`r${key}.title`] ?? "",
      text: form[`r${key}.text`] ?? "",
      priority: form[`r${key}.priority`] || undefined,
    });
    if (!parsed.success) {
      for (const [field, message] of Object.entries(fieldsFromZod(parsed.error)))
        fields[`r${key}.${field}`] = message;
      continue;
    }
    rows.push(parsed.data);
    const follows = form[`r${key}.follows`];
    if (follows) links.push({ key, followsCaseId: follows });
  }
  if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);
  if (rows.length === 0) throw new InvalidInputError({ rows: "imports:preview.noneSelected" });
  return { rows, links };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params, "Import");
  return formAction(async () => {
    const form = await readForm(request);
    const preview = await importPreview(user, id);
    await confirmImport(
      user,
      id,
      confirmationFromForm(
        form,
        preview.rows.map((r) => r.key),
      ),
    );
    return redirect(`/imports/${id}`);
  });
}

export default function ImportPreviewPage() {
  const { preview, areas } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation("imports");
  const format = useFormat();
  const { assessment } = preview;
  const duplicates = preview.rows.filter((r) => r.duplicateOf).length;
  const linked = preview.rows.filter((r) => r.candidates.length > 0).length;
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/assessments">{t("common:nav.visits")}</Link> ›{" "}
        <Link to={`/assessments/${assessment.id}/import`}>{assessment.title}</Link>
      </p>
      <h1>{preview.confirmedAt ? t("preview.titleConfirmed") : t("preview.title")}</h1>
      <p className="muted">
        {t("preview.summary", {
          fileName: preview.fileName,
          time: format.time(preview.createdAt),
          found: t("preview.found", { count: preview.rows.length }),
          context: summaryContext(
            Boolean(duplicates && !preview.confirmedAt),
            Boolean(linked && !preview.confirmedAt),
          ),
          duplicates: t("preview.duplicates", { count: duplicates }),
          linked: t("preview.linked", { count: linked }),
        })}
      </p>
      {preview.warnings.length > 0 ? (
        <div className="notice warning">
          {preview.warnings.length === 1 ? (
            <p>{preview.warnings[0]}</p>
          ) : (
            <ul>
              {preview.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      {preview.confirmedAt ? (
        <Confirmed preview={preview} />
      ) : (
        <Form method="post" className="import-preview" noValidate>
          {failure ? (
            <p className="notice error" role="alert">
              {Object.keys(failure.fields).some((f) => /^r\d/.test(f))
                ? t("preview.correctRows")
                : failure.message}
            </p>
          ) : null}
          <p>
            <Trans
              {...TRANS_WITH_DATA}
              t={t}
              i18nKey="preview.instructions"
              values={{ visit: assessment.title }}
              components={{ em: <em /> }}
            />
          </p>
          <ol className="import-rows">
            {preview.rows.map((row) => (
              <ImportRowEditor key={row.key} row={row} areas={areas} errors={failure?.fields ?? {}} />
            ))}
          </ol>
          <p className="form-actions">
            <button className="button" type="submit" disabled={busy}>
              {busy ? t("preview.creating") : t("preview.create")}
            </button>
          </p>
        </Form>
      )}
    </>
  );
}

/** Which of the summary's sentences: with duplicates, with possible links, both or neither. */
function summaryContext(duplicates: boolean, linked: boolean): string | undefined {
  if (duplicates && linked) return "both";
  if (duplicates) return "duplicates";
  if (linked) return "linked";
  return undefined;
}

function Confirmed({ preview }: { preview: ReturnType<typeof useLoaderData<typeof loader>>["preview"] }) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  return (
    <div className="notice success" role="status">
      <p>
        {t("preview.confirmed", { time: format.time(preview.confirmedAt), count: preview.created.length })}
      </p>
      <ul className="inline-list">
        {preview.created.map((c) => (
          <li key={c.id}>
            <Link to={`/cases/${c.id}`} translate="no">
              {c.ref}
            </Link>
          </li>
        ))}
      </ul>
      <p>
        <Link to={`/cases?assessment=${preview.assessment.id}&state=drafted`}>{t("preview.seeDrafted")}</Link>
      </p>
    </div>
  );
}
