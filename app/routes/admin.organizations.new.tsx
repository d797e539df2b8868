// A new organisation (CTED administrators; 404 for anyone else).
import {
  type ActionFunctionArgs,
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import {
  FailureNotice,
  OrganizationForm,
  type OrganizationValues,
} from "~/components/admin/OrganizationForm.tsx";
import { organizationFromForm, OrganizationInput } from "~/domain/admin-input.ts";
import { createOrganization, organizationFormOptions } from "~/domain/admin-organizations.server.ts";
import { formActionKeepingValues } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import adminStyles from "~/styles/admin.css";

export const meta: MetaFunction = () => [{ title: "New organisation · Administration · Follow-up" }];
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
  return (
    <>
      <p>
        <Link to="/admin/organizations">← Organisations</Link>
      </p>
      <h1>New organisation</h1>
      <FailureNotice failure={failure} />
      <OrganizationForm
        values={failure?.values ?? {}}
        governments={governments}
        fields={failure?.fields}
        submitLabel="Create organisation"
      />
    </>
  );
}
