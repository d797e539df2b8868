// A new assessment visit (CTED administrators; 404 for anyone else).
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
import { createVisit, visitFormOptions } from "~/domain/admin-visits.server.ts";
import { formActionKeepingValues } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import adminStyles from "~/styles/admin.css";

export const handle: TitleHandle = { title: () => ({ key: "admin:visits.new.title" }) };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  return json(await visitFormOptions(admin));
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  return formActionKeepingValues(
    request,
    async (form) => {
      const created = await createVisit(admin, VisitInput.parse(visitFromForm(form)));
      throw redirect(`/admin/visits?created=${created.id}`);
    },
    visitValuesFrom,
  );
}

export default function NewVisit() {
  const { states, partners } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  return (
    <>
      <p>
        <Link to="/admin/visits">{t("visits.back")}</Link>
      </p>
      <h1>{t("visits.new.heading")}</h1>
      <FailureNotice failure={failure} />
      <VisitForm
        values={failure?.values ?? {}}
        states={states}
        partners={partners}
        fields={failure?.fields}
        submitLabel={t("visits.new.submit")}
      />
    </>
  );
}
