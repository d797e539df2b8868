import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { may } from "~/access/capabilities.ts";
import { CaseForm } from "~/components/CaseForm.tsx";
import { CaseUpdate } from "~/domain/case-input.ts";
import { caseFormOptions, getCase, updateCase } from "~/domain/cases.server.ts";
import { ForbiddenError } from "~/domain/errors.server.ts";
import { formAction, orNotFound, readForm } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { numberFromForm } from "~/lib/input-number.ts";

const EDIT_FORBIDDEN = "Only CTED edits recommendations";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit ${data.case.ref} · Follow-up` : "Not found" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const detail = await orNotFound(getCase(user, idParam(params)));
  // Those who may see the case but never edit one are refused, as the action refuses them (and
  // as a document POST renders this loader after the action, the page answers 403 either way).
  if (!may(user, "editCases")) throw json({ error: EDIT_FORBIDDEN }, { status: 403 });
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
  return (
    <>
      <p>
        <Link to={`/cases/${c.id}`}>← Back to {c.ref}</Link>
      </p>
      <h1>Edit {c.ref}</h1>
      {failure ? (
        <p className="notice error" role="alert">
          {failure.message}
          {failure.currentVersion ? (
            <>
              {" "}
              <Link to={`/cases/${c.id}/edit`}>Load the latest version</Link>.
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
        submitLabel="Save changes"
      />
    </>
  );
}
