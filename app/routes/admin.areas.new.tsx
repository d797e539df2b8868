// A new thematic area (CTED administrators; 404 for anyone else).
import {
  type ActionFunctionArgs,
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { AreaForm, type AreaValues } from "~/components/admin/AreaForm.tsx";
import { FailureNotice } from "~/components/admin/OrganizationForm.tsx";
import { areaFromForm, AreaInput } from "~/domain/admin-input.ts";
import { areaFormOptions, createArea } from "~/domain/thematic-areas.server.ts";
import { formAction, type FormFailure, readForm } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import adminStyles from "~/styles/admin.css";

export const meta: MetaFunction = () => [{ title: "New thematic area · Administration · Follow-up" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  return json(await areaFormOptions(admin));
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  let values: Record<string, string> = {};
  const answer = await formAction(async () => {
    values = await readForm(request);
    const created = await createArea(admin, AreaInput.parse(areaFromForm(values)));
    // Thrown: formAction passes responses on, and answers only failures.
    throw redirect(`/admin/areas?created=${created.slug}`);
  });
  // Without JavaScript the page is rendered anew: it shows what was typed beside the errors.
  const failure = (await answer.json()) as FormFailure;
  const typedValues: AreaValues = { label: values.label, code: values.code, position: values.position };
  return json({ ...failure, values: typedValues }, { status: answer.status, headers: answer.headers });
}

export default function NewArea() {
  const { places } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin/areas">← Thematic areas</Link>
      </p>
      <h1>New thematic area</h1>
      <FailureNotice failure={failure} />
      <AreaForm
        values={failure?.values ?? {}}
        places={places}
        fields={failure?.fields}
        submitLabel="Create area"
      />
    </>
  );
}
