// A thematic area (CTED administrators; 404 for anyone else): its label, code and place, and
// retiring it or taking it back into use. Its code, once a case's reference carries it, is shown
// fixed, with the reason.
import {
  type ActionFunctionArgs,
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { AreaForm, type AreaValues, RetireAreaForm } from "~/components/admin/AreaForm.tsx";
import { FailureNotice } from "~/components/admin/OrganizationForm.tsx";
import { AreaChange, areaFromForm } from "~/domain/admin-input.ts";
import { getAdminArea, updateArea } from "~/domain/thematic-areas.server.ts";
import { formActionKeepingValues, orNotFound } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import adminStyles from "~/styles/admin.css";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.area.label} · Administration · Follow-up` : "Not found" },
];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  return json(await orNotFound(getAdminArea(admin, params.slug ?? "")));
}

/** The list's ?<key>= after each intent, for its notice. */
const DONE = { save: "saved", retire: "retired", restore: "restored" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  const slug = params.slug ?? "";
  return formActionKeepingValues(
    request,
    async (form) => {
      const intent = form.intent === "retire" || form.intent === "restore" ? form.intent : "save";
      const change =
        intent === "save" ? AreaChange.parse(areaFromForm(form)) : { retired: intent === "retire" };
      await updateArea(admin, slug, change);
      throw redirect(`/admin/areas?${DONE[intent]}=${slug}`);
    },
    (form): AreaValues | null =>
      form.intent === "save" ? { label: form.label, code: form.code, position: form.position } : null,
    () => getAdminArea(admin, slug),
  );
}

export default function EditArea() {
  const { area, places, pinned } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const values = failure?.values ? { ...area, ...failure.values } : area;
  // A refused retirement is told beside its button; the form's fields beside each.
  const { retired: retiredError, ...fields } = failure?.fields ?? {};
  return (
    <>
      <p>
        <Link to="/admin/areas">← Thematic areas</Link>
      </p>
      <h1>
        {area.label}
        {area.retired ? (
          <>
            {" "}
            <span className="badge retired">Retired</span>
          </>
        ) : null}
      </h1>
      <p className="muted">
        {area.cases === 1 ? "1 case" : `${area.cases} cases`} · code {area.code} · in addresses, the API and
        import heading files: <code>{area.slug}</code>
      </p>
      <FailureNotice failure={failure && !retiredError ? { ...failure, fields } : undefined} />
      <AreaForm
        key={area.slug}
        values={values}
        places={places}
        codePinned={pinned.code}
        fields={fields}
        submitLabel="Save changes"
      />
      <RetireAreaForm
        label={area.label}
        retired={area.retired}
        retiredAt={area.retiredAt}
        cases={area.cases}
        error={retiredError}
      />
    </>
  );
}
