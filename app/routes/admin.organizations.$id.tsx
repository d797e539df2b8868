// Editing an organisation (CTED administrators; 404 for anyone else). What cannot change (its kind
// while accounts, tasks, ministries or visits depend on it, ...) is shown fixed, with the reason.
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
import {
  getOrganization,
  organizationFormOptions,
  updateOrganization,
} from "~/domain/admin-organizations.server.ts";
import { formActionKeepingValues, orNotFound } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import adminStyles from "~/styles/admin.css";

export const handle: TitleHandle<typeof loader> = {
  title: (data) =>
    data
      ? { key: "admin:organizations.edit.title", values: { name: data.organization.shortName } }
      : { key: "common:errorPage.notFound" },
};
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  const [{ organization, pinned }, { governments }] = await Promise.all([
    orNotFound(getOrganization(admin, params.id ?? "")),
    organizationFormOptions(admin),
  ]);
  // A government is not its own government.
  return json({ organization, pinned, governments: governments.filter((g) => g.id !== organization.id) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  const id = params.id ?? "";
  return formActionKeepingValues(
    request,
    async (form) => {
      await updateOrganization(admin, id, OrganizationInput.parse(organizationFromForm(form)));
      throw redirect(`/admin/organizations?saved=${id}`);
    },
    (form): OrganizationValues => form,
    () => getOrganization(admin, id),
  );
}

export default function EditOrganization() {
  const { organization, pinned, governments } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const values = failure ? { ...organization, ...failure.values } : organization;
  const { t } = useTranslation("admin");
  return (
    <>
      <p>
        <Link to="/admin/organizations">{t("organizations.back")}</Link>
      </p>
      <h1>{organization.name}</h1>
      <p className="muted">
        {organization.kind === "GOVERNMENT"
          ? t("organizations.edit.summaryGovernment", {
              accounts: t("organizations.edit.accounts", { count: organization.users }),
              tasks: t("organizations.edit.tasks", { count: organization.tasks }),
              ministries: t("organizations.edit.ministries", { count: organization.ministries }),
            })
          : t("organizations.edit.summary", {
              accounts: t("organizations.edit.accounts", { count: organization.users }),
              tasks: t("organizations.edit.tasks", { count: organization.tasks }),
            })}
      </p>
      <FailureNotice failure={failure} />
      <OrganizationForm
        key={organization.id}
        values={values}
        governments={governments}
        pinned={pinned}
        fields={failure?.fields}
        submitLabel={t("form.saveChanges")}
      />
    </>
  );
}
