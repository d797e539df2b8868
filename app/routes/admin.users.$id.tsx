// One account (CTED administrators): its name, role and organisation, and its second factor. A
// change of role or organisation ends the person's sessions, so that their new access applies at
// once; so does removing the second factor of someone who lost it.
import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";

import { ROLE_LABELS, ROLES } from "~/access/roles.ts";
import { accountForEditing, changeAccount, resetSecondFactor } from "~/domain/accounts.server.ts";
import { formAction, orNotFound, readForm } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Account · Administration · Follow-up" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAdministrator(request);
  return json(await orNotFound(accountForEditing(user, idParam(params, "User"))));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdministrator(request);
  const userId = idParam(params, "User");
  return formAction(async () => {
    const form = await readForm(request);
    if (form.intent === "reset-second-factor") {
      await resetSecondFactor(user, userId);
      return redirect(`/admin/users/${userId}?reset=1`);
    }
    await changeAccount(user, userId, form);
    return redirect("/admin/users");
  });
}

export default function EditAccount() {
  const { account, organizations } = useLoaderData<typeof loader>();
  const reset = useSearchParams()[0].get("reset") === "1";
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const fields = failure?.fields ?? {};
  const aria = (name: string) => ({
    id: name,
    name,
    "aria-invalid": Boolean(fields[name]) || undefined,
    "aria-describedby": fields[name] ? `${name}-error` : undefined,
  });
  const error = (name: string, label: string) =>
    fields[name] ? (
      <p id={`${name}-error`} className="error">
        {label} {fields[name]}.
      </p>
    ) : null;
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/admin">Administration</Link> › <Link to="/admin/users">Accounts</Link> › {account.name}
      </p>
      <h1>{account.name}</h1>
      <p className="muted">{account.email}</p>
      {failure && Object.keys(fields).length === 0 ? (
        <p className="notice error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <Form method="post" noValidate className="card admin-form">
        <div className="field">
          <label htmlFor="name">Name</label>
          <input {...aria("name")} defaultValue={account.name} required />
          {error("name", "Name")}
        </div>
        <div className="field">
          <label htmlFor="role">Role</label>
          <select {...aria("role")} defaultValue={account.role}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          {error("role", "Role")}
        </div>
        <div className="field">
          <label htmlFor="organizationId">Organisation</label>
          <select {...aria("organizationId")} defaultValue={account.organizationId}>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          {error("organizationId", "Organisation")}
        </div>
        <p className="hint">Changing the role or the organisation signs the person out everywhere.</p>
        <p>
          <button className="button" type="submit" disabled={busy}>
            Save
          </button>
        </p>
      </Form>
      <section className="card admin-form" aria-labelledby="second-factor-heading">
        <h2 id="second-factor-heading">Second factor</h2>
        {reset ? (
          <p className="notice" role="status">
            The second factor was removed and {account.name} was signed out everywhere.
          </p>
        ) : null}
        {account.totpEnabledAt ? (
          <Form method="post">
            <p>
              Set up on {new Date(account.totpEnabledAt).toISOString().slice(0, 10)}. If {account.name} has
              lost both their authenticator app and their recovery codes, and you have made sure it is them
              who asks, remove it: they sign in with their password and set up a new one.
            </p>
            <input type="hidden" name="intent" value="reset-second-factor" />
            <button className="button secondary" type="submit" disabled={busy}>
              Remove their second factor
            </button>
          </Form>
        ) : (
          <p>{account.name} has no second factor.</p>
        )}
      </section>
    </>
  );
}
