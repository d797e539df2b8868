// A new assessment visit (CTED administrators; 404 for anyone else).
import {
  type ActionFunctionArgs,
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { FailureNotice } from "~/components/admin/OrganizationForm.tsx";
import { VisitForm, visitValuesFrom } from "~/components/admin/VisitForm.tsx";
import { visitFromForm, VisitInput } from "~/domain/admin-input.ts";
import { createVisit, visitFormOptions } from "~/domain/admin-visits.server.ts";
import { formActionKeepingValues } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import adminStyles from "~/styles/admin.css";

export const meta: MetaFunction = () => [{ title: "New visit · Administration · Follow-up" }];
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
  return (
    <>
      <p>
        <Link to="/admin/visits">← Assessment visits</Link>
      </p>
      <h1>New assessment visit</h1>
      <FailureNotice failure={failure} />
      <VisitForm
        values={failure?.values ?? {}}
        states={states}
        partners={partners}
        fields={failure?.fields}
        submitLabel="Create visit"
      />
    </>
  );
}
