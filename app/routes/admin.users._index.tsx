// Accounts (CTED administrators): everyone with their role, organisation and status; inviting a
// person (the one-time link is shown once, and e-mailed when the server sends e-mail); a new link
// for someone who has not set a password; disabling and re-enabling.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { ROLE_LABELS, ROLES } from "~/access/roles.ts";
import { formatDate } from "~/components/StateBadge.tsx";
import { env } from "~/config/env.server.ts";
import { mailSettings } from "~/domain/account-mail.server.ts";
import { accountsOverview, inviteAccount, reinvite } from "~/domain/accounts.server.ts";
import { setAccountDisabled } from "~/domain/accounts.server.ts";
import { formAction, readForm } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import { id } from "~/lib/input-text.ts";

export const meta: MetaFunction = () => [{ title: "Accounts · Administration · Follow-up" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdministrator(request);
  return json({ ...(await accountsOverview(user)), me: user.id });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdministrator(request);
  return formAction(async () => {
    const form = await readForm(request);
    const appUrl = env().APP_URL;
    switch (form.intent) {
      case "invite": {
        const invited = await inviteAccount(user, form, mailSettings(), appUrl);
        return json({ done: "invited" as const, name: form.name ?? "", ...invited });
      }
      case "link": {
        const userId = id().parse(form.userId);
        return json({
          done: "link" as const,
          name: form.name ?? "",
          ...(await reinvite(user, userId, mailSettings(), appUrl)),
        });
      }
      case "disable":
      case "enable":
        await setAccountDisabled(user, id().parse(form.userId), form.intent === "disable");
        return json({ done: form.intent });
      default:
        throw new Response("Not found", { status: 404 });
    }
  });
}

const STATUS_LABELS = {
  active: "Active",
  invited: "Invited",
  "invitation expired": "Invitation expired",
  disabled: "Disabled",
} as const;

export default function Accounts() {
  const { accounts, organizations, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failure = result && "fields" in result ? result : undefined;
  const fields = failure?.fields ?? {};
  const aria = (name: string) => ({
    id: `invite-${name}`,
    name,
    "aria-invalid": Boolean(fields[name]) || undefined,
    "aria-describedby": fields[name] ? `invite-${name}-error` : undefined,
  });
  const error = (name: string, label: string) =>
    fields[name] ? (
      <p id={`invite-${name}-error`} className="error">
        {label} {fields[name]}.
      </p>
    ) : null;
  const kinds = [...new Set(organizations.map((o) => o.kind))];
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/admin">Administration</Link> › Accounts
      </p>
      <h1>Accounts</h1>
      {result && "link" in result ? (
        <div className="notice success" role="status">
          <p>
            {result.done === "invited" ? `${result.name} is invited.` : "A new link is ready."}{" "}
            {result.emailed
              ? "The link was e-mailed; you can also pass it on yourself:"
              : "This installation does not send e-mail: pass this link on to them yourself:"}
          </p>
          <label htmlFor="new-link">Link (works once, until {formatDate(result.expiresAt)})</label>
          <input id="new-link" readOnly value={result.link} className="link-field" />
        </div>
      ) : null}
      {failure && Object.keys(fields).length === 0 ? (
        <p className="notice error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <section className="card" aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite someone</h2>
        {/* A new form after each invitation: the next one starts empty. */}
        <Form
          method="post"
          noValidate
          className="admin-form"
          key={result && "userId" in result ? result.userId : "invite"}
        >
          <input type="hidden" name="intent" value="invite" />
          <div className="field">
            <label htmlFor="invite-name">Name</label>
            <input {...aria("name")} autoComplete="off" required />
            {error("name", "Name")}
          </div>
          <div className="field">
            <label htmlFor="invite-email">Email</label>
            <input {...aria("email")} type="email" autoComplete="off" required />
            {error("email", "Email")}
          </div>
          <div className="field">
            <label htmlFor="invite-role">Role</label>
            <select {...aria("role")} defaultValue="">
              <option value="" disabled>
                Choose the role
              </option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
            {error("role", "Role")}
          </div>
          <div className="field">
            <label htmlFor="invite-organizationId">Organisation</label>
            <select {...aria("organizationId")} defaultValue="">
              <option value="" disabled>
                Choose the organisation
              </option>
              {kinds.map((kind) => (
                <optgroup key={kind} label={kind.charAt(0) + kind.slice(1).toLowerCase()}>
                  {organizations
                    .filter((o) => o.kind === kind)
                    .map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
            {error("organizationId", "Organisation")}
          </div>
          <p>
            <button className="button" type="submit" disabled={busy}>
              Invite
            </button>
          </p>
        </Form>
      </section>
      <div className="table-scroll" role="region" aria-labelledby="accounts-caption" tabIndex={0}>
        <table>
          <caption id="accounts-caption">Everyone with an account ({accounts.length})</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Organisation</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/admin/users/${a.id}`}>{a.name}</Link>
                  <br />
                  <span className="muted">{a.email}</span>
                </td>
                <td>{ROLE_LABELS[a.role]}</td>
                <td>{a.organization.name}</td>
                <td>
                  {STATUS_LABELS[a.status]}
                  {a.status === "disabled" && a.disabledAt ? ` since ${formatDate(a.disabledAt)}` : ""}
                </td>
                <td>
                  <div className="row-actions">
                    {a.status === "invited" || a.status === "invitation expired" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="link" />
                        <input type="hidden" name="userId" value={a.id} />
                        <input type="hidden" name="name" value={a.name} />
                        <button className="button secondary" type="submit">
                          New link<span className="sr-only"> for {a.name}</span>
                        </button>
                      </Form>
                    ) : null}
                    {a.id === me ? null : (
                      <Form method="post">
                        <input
                          type="hidden"
                          name="intent"
                          value={a.status === "disabled" ? "enable" : "disable"}
                        />
                        <input type="hidden" name="userId" value={a.id} />
                        <button
                          className={`button ${a.status === "disabled" ? "secondary" : "danger"}`}
                          type="submit"
                        >
                          {a.status === "disabled" ? "Enable" : "Disable"}
                          <span className="sr-only"> {a.name}</span>
                        </button>
                      </Form>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
