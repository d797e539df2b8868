// /reset: asking for a password reset link by e-mail. The answer is the same whether or not an
// account uses the address.
import { type ActionFunctionArgs, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { mailSettings } from "~/domain/account-mail.server.ts";
import { requestPasswordReset } from "~/domain/accounts.server.ts";
import { formAction, readForm } from "~/http/forms.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";

export const handle: TitleHandle = { title: () => ({ key: "auth:reset.title" }) };

export const loader = () => json({ canSend: mailSettings() !== null });

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(async () => {
    await requestPasswordReset(
      await readForm(request),
      String(context.clientIp ?? "unknown"),
      mailSettings(),
    );
    return json({ ok: true as const });
  });
}

export default function ResetRequestPage() {
  const { canSend } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation("auth");
  const failure = result && "fields" in result ? result : undefined;
  return (
    <div className="login card">
      <h1>{t("reset.title")}</h1>
      {!canSend ? (
        <p>{t("reset.noMail")}</p>
      ) : result && "ok" in result && result.ok ? (
        <p className="notice success" role="status">
          {t("reset.sent")}
        </p>
      ) : (
        <Form method="post" noValidate>
          <p>{t("reset.intro")}</p>
          <div className="field">
            <label htmlFor="email">{t("reset.email")}</label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              aria-invalid={Boolean(failure?.fields.email) || undefined}
              aria-describedby={failure?.fields.email ? "email-error" : undefined}
            />
            {failure?.fields.email ? (
              <p id="email-error" className="error">
                {t("reset.emailError", { message: failure.fields.email })}
              </p>
            ) : null}
          </div>
          <button className="button" type="submit" disabled={busy}>
            {t("reset.submit")}
          </button>
        </Form>
      )}
      <p>
        <Link to="/login">{t("reset.backToSignIn")}</Link>
      </p>
    </div>
  );
}
