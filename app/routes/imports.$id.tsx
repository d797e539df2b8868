// An import's preview (CTED): each recommendation read from the report as a proposed case, to
// correct, drop, or link to the earlier visit's case it follows; confirming creates them all at
// once. After confirmation, the cases it created.
import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { ImportRowEditor } from "~/components/imports/ImportRowEditor.tsx";
import { formatDate } from "~/components/StateBadge.tsx";
import { InvalidInputError } from "~/domain/errors.server.ts";
import { ConfirmedRow } from "~/domain/import-input.ts";
import { confirmImport, importPreview } from "~/domain/imports.server.ts";
import { thematicAreas } from "~/domain/thematic-areas.server.ts";
import { fieldsFromZod } from "~/http/errors.server.ts";
import { formAction, orNotFound, readForm } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireUser } from "~/http/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Check the import · Follow-up" }];

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
  if (rows.length === 0)
    throw new InvalidInputError({ rows: "none is selected: keep at least one row to import" });
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
  const { assessment } = preview;
  const duplicates = preview.rows.filter((r) => r.duplicateOf).length;
  const linked = preview.rows.filter((r) => r.candidates.length > 0).length;
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/assessments">Visits</Link> ›{" "}
        <Link to={`/assessments/${assessment.id}/import`}>{assessment.title}</Link>
      </p>
      <h1>{preview.confirmedAt ? "Imported recommendations" : "Check the import"}</h1>
      <p className="muted">
        {preview.fileName}, read {formatDate(preview.createdAt)}: {preview.rows.length}{" "}
        {preview.rows.length === 1 ? "recommendation" : "recommendations"} found
        {duplicates && !preview.confirmedAt ? `, ${duplicates} already imported` : ""}
        {linked && !preview.confirmedAt ? `, ${linked} may follow a recommendation of an earlier visit` : ""}.
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
                ? "Please correct the rows marked below: nothing was created."
                : failure.message}
            </p>
          ) : null}
          <p>
            Each row becomes a drafted recommendation of {assessment.title}. Correct what the reader got
            wrong, clear <em>Import</em> for rows to leave out, and confirm or clear each proposed link to an
            earlier recommendation.
          </p>
          <ol className="import-rows">
            {preview.rows.map((row) => (
              <ImportRowEditor key={row.key} row={row} areas={areas} errors={failure?.fields ?? {}} />
            ))}
          </ol>
          <p className="form-actions">
            <button className="button" type="submit" disabled={busy}>
              {busy ? "Creating the recommendations…" : "Create the selected recommendations"}
            </button>
          </p>
        </Form>
      )}
    </>
  );
}

function Confirmed({ preview }: { preview: ReturnType<typeof useLoaderData<typeof loader>>["preview"] }) {
  return (
    <div className="notice success" role="status">
      <p>
        Confirmed {formatDate(preview.confirmedAt)}: {preview.created.length}{" "}
        {preview.created.length === 1 ? "recommendation was" : "recommendations were"} created as drafts.
      </p>
      <ul className="inline-list">
        {preview.created.map((c) => (
          <li key={c.id}>
            <Link to={`/cases/${c.id}`}>{c.ref}</Link>
          </li>
        ))}
      </ul>
      <p>
        <Link to={`/cases?assessment=${preview.assessment.id}&state=drafted`}>
          See the drafted recommendations of this visit
        </Link>
      </p>
    </div>
  );
}
