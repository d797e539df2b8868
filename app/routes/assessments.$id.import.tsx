// Importing a visit's recommendations (CTED): upload the report, then check the preview
// (imports.$id.tsx) before anything is created.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";

import { visitForImport } from "~/domain/assessments.server.ts";
import { InvalidInputError } from "~/domain/errors.server.ts";
import { startImport } from "~/domain/imports.server.ts";
import { formAction, orNotFound, requirePost } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { readUpload } from "~/http/uploads.server.ts";
import { useFormat } from "~/i18n/format.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";

export const handle: TitleHandle = { title: () => ({ key: "imports:upload.title" }) };

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
    if (!upload.file) throw new InvalidInputError({ file: "imports:upload.fileRequired" });
    return redirect(`/imports/${upload.result.id}`);
  });
}

export default function ImportReport() {
  const { visit, imports } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const reading = useNavigation().state === "submitting";
  const { t } = useTranslation("imports");
  const format = useFormat();
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/assessments">{t("common:nav.visits")}</Link> › {visit.title}
      </p>
      <h1>{t("upload.title")}</h1>
      <p>{t("upload.intro")}</p>
      <details className="hint-block">
        <summary>{t("upload.looksFor.summary")}</summary>
        <ul>
          <li>{t("upload.looksFor.headings")}</li>
          <li>{t("upload.looksFor.numbered")}</li>
          <li>{t("upload.looksFor.leftOut")}</li>
          <li>{t("upload.looksFor.duplicates")}</li>
        </ul>
      </details>
      {failure ? (
        <p className="notice error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack import-form">
        <label htmlFor="import-file">{t("upload.fileLabel")}</label>
        <input
          id="import-file"
          name="file"
          type="file"
          required
          accept=".docx,.csv,.json,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/csv,application/json"
        />
        <p>
          <button className="button" type="submit" disabled={reading}>
            {reading ? t("upload.reading") : t("upload.read")}
          </button>
        </p>
        <p role="status" className="muted">
          {reading ? t("upload.readingStatus") : ""}
        </p>
      </Form>
      {imports.length > 0 ? (
        <>
          <h2>{t("upload.earlier.heading")}</h2>
          <ul>
            {imports.map((i) => (
              <li key={i.id}>
                <Trans
                  {...TRANS_WITH_DATA}
                  t={t}
                  i18nKey={i.confirmedAt ? "upload.earlier.confirmed" : "upload.earlier.notConfirmed"}
                  values={{
                    fileName: i.fileName,
                    name: i.createdBy.name,
                    time: format.time(i.createdAt),
                    count: i._count.cases,
                  }}
                  components={{ anchor: <Link to={`/imports/${i.id}`} translate="no" /> }}
                />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
