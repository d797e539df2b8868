import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseUpdate } from "../domain/case-input.ts";
import { caseFormOptions, getCase, updateCase } from "../domain/cases.server.ts";
import { formAction, orNotFound } from "../http/forms.server.ts";
import { requireUser } from "../http/session.server.ts";
import { CaseForm } from "../components/CaseForm.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Edit ${data.case.ref} · Follow-up` : "Not found" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const detail = await orNotFound(getCase(user, params.id!));
  // Those who may see the case but not edit it are sent back to it.
  if (!detail.canEdit) throw redirect(`/cases/${detail.id}`);
  return json({ case: detail, options: await caseFormOptions(user) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = Object.fromEntries(await request.formData());
  return formAction(async () => {
    await updateCase(user, params.id!, CaseUpdate.parse(form));
    return redirect(`/cases/${params.id}`);
  });
}

export default function EditCase() {
  const { case: c, options } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <p><Link to={`/cases/${c.id}`}>← Back to {c.ref}</Link></p>
      <h1>Edit {c.ref}</h1>
      {failure ? (
        <p className="notice error" role="alert">
          {failure.message}
          {failure.currentVersion ? <> <Link to={`/cases/${c.id}/edit`}>Load the latest version</Link>.</> : null}
        </p>
      ) : null}
      <CaseForm
        values={{ ...c, ownerId: c.owner.id }}
        owners={options.owners}
        textLocked={!c.canEditText}
        fields={failure?.fields}
        submitLabel="Save changes"
      />
    </>
  );
}
