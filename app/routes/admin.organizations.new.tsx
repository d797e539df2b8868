// A new organisation (CTED administrators; 404 for anyone else).
import {
  type ActionFunctionArgs,
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import {
  FailureNotice,
  OrganizationForm,
  type OrganizationValues,
} from "~/components/admin/OrganizationForm.tsx";
import { organizationFromForm, OrganizationInput } from "~/domain/admin-input.ts";
import { createOrganization, organizationFormOptions } from "~/domain/admin-organizations.server.ts";
import { formActionKeepingValues } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import adminStyles from "~/styles/admin.css";

export const handle: TitleHandle = { title: () => ({ key: "admin:organizations.new.title" }) };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  return json(await organizationFormOptions(admin));
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  return formActionKeepingValues(
    request,
    async (form) => {
      const created = await createOrganization(admin, OrganizationInput.parse(organizationFromForm(form)));
      throw redirect(`/admin/organizations?created=${created.id}`);
    },
    (form): OrganizationValues => form,
  );
}

export default function NewOrganization() {
  const { governments } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  return (
    <>
      <p>
        <Link to="/admin/organizations">{t("organizations.back")}</Link>
      </p>
      <h1>{t("organizations.new.heading")}</h1>
      <FailureNotice failure={failure} />
      <OrganizationForm
        values={failure?.values ?? {}}
        governments={governments}
        fields={failure?.fields}
        submitLabel={t("organizations.new.submit")}
      />
    </>
  );
}
