// Accounts (CTED administrators): everyone with their role, organisation and status; inviting a
// person (the one-time link is shown once, and e-mailed when the server sends e-mail); a new link
// for someone who has not set a password; disabling and re-enabling.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";

import { ROLES } from "~/access/roles.ts";
import { env } from "~/config/env.server.ts";
import { mailSettings } from "~/domain/account-mail.server.ts";
import { accountsOverview, inviteAccount, reinvite } from "~/domain/accounts.server.ts";
import { setAccountDisabled } from "~/domain/accounts.server.ts";
import { formAction, readForm } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import { useFormat } from "~/i18n/format.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";
import { id } from "~/lib/input-text.ts";

export const handle: TitleHandle = { title: () => ({ key: "admin:users.list.title" }) };

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

/** The statuses' keys under admin:users.status. */
const STATUS_KEYS = {
  active: "active",
  invited: "invited",
  "invitation expired": "invitationExpired",
  disabled: "disabled",
} as const;

export default function Accounts() {
  const { accounts, organizations, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation("admin");
  const format = useFormat();
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
        {t("form.fieldError", { label, message: fields[name] })}
      </p>
    ) : null;
  const kinds = [...new Set(organizations.map((o) => o.kind))];
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/admin">{t("hub.title")}</Link> › {t("users.list.title")}
      </p>
      <h1>{t("users.list.title")}</h1>
      {result && "link" in result ? (
        <div className="notice success" role="status">
          <p>
            {result.done === "invited"
              ? t("users.link.invited", { name: result.name })
              : t("users.link.ready")}{" "}
            {result.emailed ? t("users.link.emailed") : t("users.link.notEmailed")}
          </p>
          <label htmlFor="new-link">{t("users.link.label", { time: format.time(result.expiresAt) })}</label>
          <input id="new-link" readOnly value={result.link} className="link-field" />
        </div>
      ) : null}
      {failure && Object.keys(fields).length === 0 ? (
        <p className="notice error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <section className="card" aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t("users.invite.heading")}</h2>
        {/* A new form after each invitation: the next one starts empty. */}
        <Form
          method="post"
          noValidate
          className="admin-form"
          key={result && "userId" in result ? result.userId : "invite"}
        >
          <input type="hidden" name="intent" value="invite" />
          <div className="field">
            <label htmlFor="invite-name">{t("users.fields.name")}</label>
            <input {...aria("name")} autoComplete="off" required />
            {error("name", t("users.fields.name"))}
          </div>
          <div className="field">
            <label htmlFor="invite-email">{t("users.fields.email")}</label>
            <input {...aria("email")} type="email" autoComplete="off" required />
            {error("email", t("users.fields.email"))}
          </div>
          <div className="field">
            <label htmlFor="invite-role">{t("users.fields.role")}</label>
            <select {...aria("role")} defaultValue="">
              <option value="" disabled>
                {t("users.invite.chooseRole")}
              </option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`common:roles.${r}`)}
                </option>
              ))}
            </select>
            {error("role", t("users.fields.role"))}
          </div>
          <div className="field">
            <label htmlFor="invite-organizationId">{t("users.fields.organization")}</label>
            <select {...aria("organizationId")} defaultValue="">
              <option value="" disabled>
                {t("users.invite.chooseOrganization")}
              </option>
              {kinds.map((kind) => (
                <optgroup key={kind} label={t(`workflow:organizationKinds.${kind}`)}>
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
            {error("organizationId", t("users.fields.organization"))}
          </div>
          <p>
            <button className="button" type="submit" disabled={busy}>
              {t("users.invite.submit")}
            </button>
          </p>
        </Form>
      </section>
      <div className="table-scroll" role="region" aria-labelledby="accounts-caption" tabIndex={0}>
        <table className="cards">
          <caption id="accounts-caption">{t("users.list.caption", { count: accounts.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("users.fields.name")}</th>
              <th scope="col">{t("users.fields.role")}</th>
              <th scope="col">{t("users.fields.organization")}</th>
              <th scope="col">{t("users.list.status")}</th>
              <th scope="col">{t("users.list.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id}>
                <td data-label={t("users.fields.name")}>
                  <Link to={`/admin/users/${a.id}`} translate="no">
                    {a.name}
                  </Link>
                  <br />
                  <span className="muted" translate="no">
                    {a.email}
                  </span>
                </td>
                <td data-label={t("users.fields.role")}>{t(`common:roles.${a.role}`)}</td>
                <td data-label={t("users.fields.organization")}>{a.organization.name}</td>
                <td data-label={t("users.list.status")}>
                  {a.status === "disabled" && a.disabledAt
                    ? t("users.status.disabledSince", { time: format.time(a.disabledAt) })
                    : t(`users.status.${STATUS_KEYS[a.status]}`)}
                </td>
                <td data-label={t("users.list.actions")}>
                  <div className="row-actions">
                    {a.status === "invited" || a.status === "invitation expired" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="link" />
                        <input type="hidden" name="userId" value={a.id} />
                        <input type="hidden" name="name" value={a.name} />
                        <button className="button secondary" type="submit">
                          <Trans
                            {...TRANS_WITH_DATA}
                            t={t}
                            i18nKey="users.list.newLink"
                            values={{ name: a.name }}
                            components={{ sr: <span className="sr-only" /> }}
                          />
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
                          <Trans
                            {...TRANS_WITH_DATA}
                            t={t}
                            i18nKey={a.status === "disabled" ? "users.list.enable" : "users.list.disable"}
                            values={{ name: a.name }}
                            components={{ sr: <span className="sr-only" /> }}
                          />
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
