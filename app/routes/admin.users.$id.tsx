// One account (CTED administrators): its name, role and organisation, and its second factor. A
// change of role or organisation ends the person's sessions, so that their new access applies at
// once; so does removing the second factor of someone who lost it.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { ROLES } from "~/access/roles.ts";
import { accountForEditing, changeAccount, resetSecondFactor } from "~/domain/accounts.server.ts";
import { formAction, orNotFound, readForm } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import { useFormat } from "~/i18n/format.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";

export const handle: TitleHandle = { title: () => ({ key: "admin:users.edit.title" }) };

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
  const { t } = useTranslation("admin");
  const format = useFormat();
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
        {t("form.fieldError", { label, message: fields[name] })}
      </p>
    ) : null;
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/admin">{t("hub.title")}</Link> › <Link to="/admin/users">{t("users.list.title")}</Link> ›{" "}
        <span translate="no">{account.name}</span>
      </p>
      <h1 translate="no">{account.name}</h1>
      <p className="muted" translate="no">
        {account.email}
      </p>
      {failure && Object.keys(fields).length === 0 ? (
        <p className="notice error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <Form method="post" noValidate className="card admin-form">
        <div className="field">
          <label htmlFor="name">{t("users.fields.name")}</label>
          <input {...aria("name")} defaultValue={account.name} required />
          {error("name", t("users.fields.name"))}
        </div>
        <div className="field">
          <label htmlFor="role">{t("users.fields.role")}</label>
          <select {...aria("role")} defaultValue={account.role}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`common:roles.${r}`)}
              </option>
            ))}
          </select>
          {error("role", t("users.fields.role"))}
        </div>
        <div className="field">
          <label htmlFor="organizationId">{t("users.fields.organization")}</label>
          <select {...aria("organizationId")} defaultValue={account.organizationId}>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          {error("organizationId", t("users.fields.organization"))}
        </div>
        <p className="hint">{t("users.edit.signsOut")}</p>
        <p>
          <button className="button" type="submit" disabled={busy}>
            {t("users.edit.save")}
          </button>
        </p>
      </Form>
      <section className="card admin-form" aria-labelledby="second-factor-heading">
        <h2 id="second-factor-heading">{t("users.secondFactor.heading")}</h2>
        {reset ? (
          <p className="notice" role="status">
            {t("users.secondFactor.removed", { name: account.name })}
          </p>
        ) : null}
        {account.totpEnabledAt ? (
          <Form method="post">
            <p>
              {t("users.secondFactor.setUp", {
                time: format.time(account.totpEnabledAt),
                name: account.name,
              })}
            </p>
            <input type="hidden" name="intent" value="reset-second-factor" />
            <button className="button secondary" type="submit" disabled={busy}>
              {t("users.secondFactor.remove")}
            </button>
          </Form>
        ) : (
          <p>{t("users.secondFactor.none", { name: account.name })}</p>
        )}
      </section>
    </>
  );
}
