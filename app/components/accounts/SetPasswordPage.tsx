// The page a one-time link opens (an invitation, a password reset): the person's new password,
// twice, with what makes a good one; or why the link no longer works.
import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

interface Props {
  purpose: "invite" | "reset";
  info: { ok: true; name: string; email: string } | { ok: false; problem: string };
  failure?: { message: string; fields: Record<string, string> };
}

export function SetPasswordPage({ purpose, info, failure }: Props) {
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation("auth");
  const fields = failure?.fields ?? {};
  const aria = (name: string) => ({
    id: name,
    name,
    "aria-invalid": Boolean(fields[name]) || undefined,
    "aria-describedby": [`${name}-hint`, fields[name] ? `${name}-error` : ""].filter(Boolean).join(" "),
  });
  return (
    <div className="login card">
      <h1>{t(`setPassword.${purpose}.heading`)}</h1>
      {!info.ok ? (
        <>
          <p className="notice error" role="alert">
            {info.problem}
          </p>
          <p>
            {purpose === "invite" ? (
              t("setPassword.invite.askAgain")
            ) : (
              <Link to="/reset">{t("setPassword.reset.askAgain")}</Link>
            )}
          </p>
        </>
      ) : (
        <>
          <p>{t(`setPassword.${purpose}.intro`, { name: info.name, email: info.email })}</p>
          {failure?.message && Object.keys(fields).length === 0 ? (
            <p className="notice error" role="alert">
              {failure.message}
            </p>
          ) : null}
          <Form method="post" noValidate>
            {/* For password managers: the account the password belongs to. */}
            <input type="hidden" name="username" autoComplete="username" value={info.email} />
            <div className="field">
              <label htmlFor="password">{t("setPassword.password")}</label>
              <p id="password-hint" className="hint">
                {t("setPassword.passwordHint")}
              </p>
              <input {...aria("password")} type="password" autoComplete="new-password" required />
              {fields.password ? (
                <p id="password-error" className="error">
                  {fields.password}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="confirm">{t("setPassword.confirm")}</label>
              <p id="confirm-hint" className="hint">
                {t("setPassword.confirmHint")}
              </p>
              <input {...aria("confirm")} type="password" autoComplete="new-password" required />
              {fields.confirm ? (
                <p id="confirm-error" className="error">
                  {t("setPassword.confirmError", { message: fields.confirm })}
                </p>
              ) : null}
            </div>
            <button className="button" type="submit" disabled={busy}>
              {t(`setPassword.${purpose}.submit`)}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
