// A new thematic area (CTED administrators; 404 for anyone else).
import {
  type ActionFunctionArgs,
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { AreaForm, type AreaValues } from "~/components/admin/AreaForm.tsx";
import { FailureNotice } from "~/components/admin/OrganizationForm.tsx";
import { areaFromForm, AreaInput } from "~/domain/admin-input.ts";
import { areaFormOptions, createArea } from "~/domain/thematic-areas.server.ts";
import { formActionKeepingValues } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import adminStyles from "~/styles/admin.css";

export const handle: TitleHandle = { title: () => ({ key: "admin:areas.new.title" }) };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  return json(await areaFormOptions(admin));
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  return formActionKeepingValues(
    request,
    async (form) => {
      const created = await createArea(admin, AreaInput.parse(areaFromForm(form)));
      throw redirect(`/admin/areas?created=${created.slug}`);
    },
    (form): AreaValues => ({ label: form.label, code: form.code, position: form.position }),
  );
}

export default function NewArea() {
  const { places } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  return (
    <>
      <p>
        <Link to="/admin/areas">{t("areas.back")}</Link>
      </p>
      <h1>{t("areas.new.heading")}</h1>
      <FailureNotice failure={failure} />
      <AreaForm
        values={failure?.values ?? {}}
        places={places}
        fields={failure?.fields}
        submitLabel={t("areas.new.submit")}
      />
    </>
  );
}
