import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";

import { may } from "~/access/capabilities.ts";
import { CaseForm } from "~/components/CaseForm.tsx";
import { CaseUpdate } from "~/domain/case-input.ts";
import { caseFormOptions, getCase, updateCase } from "~/domain/cases.server.ts";
import { ForbiddenError } from "~/domain/errors.server.ts";
import { formAction, orNotFound, readForm } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { t as translate } from "~/i18n/i18n.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { numberFromForm } from "~/lib/input-number.ts";

const EDIT_FORBIDDEN = "cases:edit.forbidden";

export const handle: TitleHandle<typeof loader> = {
  title: (data) =>
    data ? { key: "cases:edit.title", values: { ref: data.case.ref } } : { key: "common:errorPage.notFound" },
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const detail = await orNotFound(getCase(user, idParam(params)));
  // Those who may see the case but never edit one are refused, as the action refuses them (and
  // as a document POST renders this loader after the action, the page answers 403 either way).
  if (!may(user, "editCases")) throw json({ error: translate(EDIT_FORBIDDEN) }, { status: 403 });
  // A verified case cannot change: back to it.
  if (!detail.canEdit) throw redirect(`/cases/${detail.id}`);
  return json({ case: detail, options: await caseFormOptions(user) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  return formAction(async () => {
    // Who may do this comes before what was sent: 404 for a case one may not see, then 403.
    await getCase(user, id);
    if (!may(user, "editCases")) throw new ForbiddenError(EDIT_FORBIDDEN);
    const form = await readForm(request);
    await updateCase(user, id, CaseUpdate.parse({ ...form, version: numberFromForm(form.version) }));
    return redirect(`/cases/${id}`);
  });
}

export default function EditCase() {
  const { case: c, options } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("cases");
  return (
    <>
      <p>
        <Link to={`/cases/${c.id}`}>{t("edit.back", { ref: c.ref })}</Link>
      </p>
      <h1>{t("edit.title", { ref: c.ref })}</h1>
      {failure ? (
        <p className="notice error" role="alert">
          {failure.message}
          {failure.currentVersion ? (
            <>
              {" "}
              <Trans
                t={t}
                i18nKey="edit.loadLatest"
                components={{ anchor: <Link to={`/cases/${c.id}/edit`} /> }}
              />
            </>
          ) : null}
        </p>
      ) : null}
      <CaseForm
        values={{ ...c, ownerId: c.owner.id }}
        areas={options.areas}
        owners={options.owners}
        textLocked={!c.canEditText}
        fields={failure?.fields}
        submitLabel={t("edit.submit")}
      />
    </>
  );
}
