// Importing a visit's recommendations (CTED): upload the report, then check the preview
// (imports.$id.tsx) before anything is created.
import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { formatDate } from "~/components/StateBadge.tsx";
import { visitForImport } from "~/domain/assessments.server.ts";
import { InvalidInputError } from "~/domain/errors.server.ts";
import { startImport } from "~/domain/imports.server.ts";
import { formAction, orNotFound, requirePost } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { readUpload } from "~/http/uploads.server.ts";

export const meta: MetaFunction = () => [{ title: "Import recommendations · Follow-up" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json(await orNotFound(visitForImport(user, idParam(params, "Assessment"))));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const assessmentId = idParam(params, "Assessment");
  return formAction(async () => {
    requirePost(request);
    await visitForImport(user, assessmentId);
    const upload = await readUpload(request, (_fields, file) => startImport(user, { assessmentId }, file));
    if (!upload.file) throw new InvalidInputError({ file: "is required: choose the report to import" });
    return redirect(`/imports/${upload.result.id}`);
  });
}

export default function ImportReport() {
  const { visit, imports } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const reading = useNavigation().state === "submitting";
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/assessments">Visits</Link> › {visit.title}
      </p>
      <h1>Import recommendations</h1>
      <p>
        Upload the visit report as a Word document (.docx): its numbered recommendations under the
        thematic-area headings become proposed cases. Recommendations kept in a spreadsheet can be uploaded as
        CSV or JSON. You will check and correct every row before anything is created.
      </p>
      <details className="hint-block">
        <summary>What the importer looks for</summary>
        <ul>
          <li>
            Headings (Word&rsquo;s heading styles, or short bold lines) that name a thematic area, such as
            &ldquo;IV. Border control&rdquo; or &ldquo;Countering the financing of terrorism&rdquo;.
          </li>
          <li>
            Under them, numbered paragraphs or list items (&ldquo;12.&rdquo;, &ldquo;3.2&rdquo;,
            &ldquo;Recommendation 4:&rdquo;): each is one recommendation, with its sub-points.
          </li>
          <li>
            The executive summary, introduction and annexes are left out. A spreadsheet needs the columns area
            and text (title, number and priority are optional).
          </li>
          <li>Recommendations already imported into this visit are recognised and not created twice.</li>
        </ul>
      </details>
      {failure ? (
        <p className="notice error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack import-form">
        <label htmlFor="import-file">Report or spreadsheet (.docx, .csv or .json, at most 10 MB)</label>
        <input
          id="import-file"
          name="file"
          type="file"
          required
          accept=".docx,.csv,.json,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/csv,application/json"
        />
        <p>
          <button className="button" type="submit" disabled={reading}>
            {reading ? "Reading the report…" : "Read the report"}
          </button>
        </p>
        <p role="status" className="muted">
          {reading ? "Uploading and reading the file: this can take a few seconds for a long report." : ""}
        </p>
      </Form>
      {imports.length > 0 ? (
        <>
          <h2>Earlier imports into this visit</h2>
          <ul>
            {imports.map((i) => (
              <li key={i.id}>
                <Link to={`/imports/${i.id}`}>{i.fileName}</Link> by {i.createdBy.name},{" "}
                {formatDate(i.createdAt)}:{" "}
                {i.confirmedAt
                  ? `${i._count.cases} ${i._count.cases === 1 ? "case" : "cases"} created`
                  : "not confirmed"}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
