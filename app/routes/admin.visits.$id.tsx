// Editing an assessment visit (CTED administrators; 404 for anyone else). A visit with cases keeps
// its State: the choice is shown fixed, with the reason.
import {
  type ActionFunctionArgs,
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { FailureNotice } from "~/components/admin/OrganizationForm.tsx";
import { VisitForm, visitValuesFrom } from "~/components/admin/VisitForm.tsx";
import { visitFromForm, VisitInput } from "~/domain/admin-input.ts";
import { getAdminVisit, updateVisit, visitFormOptions } from "~/domain/admin-visits.server.ts";
import { formActionKeepingValues, orNotFound } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import adminStyles from "~/styles/admin.css";

export const handle: TitleHandle<typeof loader> = {
  title: (data) =>
    data
      ? { key: "admin:visits.edit.title", values: { title: data.visit.title } }
      : { key: "common:errorPage.notFound" },
};
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  const [visit, options] = await Promise.all([
    orNotFound(getAdminVisit(admin, params.id ?? "")),
    visitFormOptions(admin),
  ]);
  return json({ visit, ...options });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  const id = params.id ?? "";
  return formActionKeepingValues(
    request,
    async (form) => {
      await updateVisit(admin, id, VisitInput.parse(visitFromForm(form)));
      throw redirect(`/admin/visits?saved=${id}`);
    },
    visitValuesFrom,
    () => getAdminVisit(admin, id),
  );
}

export default function EditVisit() {
  const { visit, states, partners } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  const stored = { ...visit, partnerIds: visit.partners.map((p) => p.id) };
  const values = failure?.values ?? stored;
  const statePinned = visit.cases > 0 ? t("visits.edit.statePinned", { count: visit.cases }) : null;
  return (
    <>
      <p>
        <Link to="/admin/visits">{t("visits.back")}</Link>
      </p>
      <h1>{visit.title}</h1>
      {visit.cases > 0 ? <p className="muted">{t("visits.edit.cases", { count: visit.cases })}</p> : null}
      <FailureNotice failure={failure} />
      <VisitForm
        key={visit.id}
        values={values}
        states={states}
        partners={partners}
        statePinned={statePinned}
        fields={failure?.fields}
        submitLabel={t("form.saveChanges")}
      />
    </>
  );
}
