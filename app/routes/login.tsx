import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { endSession, signIn } from "~/domain/auth.server.ts";
import { formAction, readForm } from "~/http/forms.server.ts";
import { commitSessionCookie, currentUser, pendingStepPath, sessionToken } from "~/http/session.server.ts";
import { isSupportedLanguage, languageCookie } from "~/i18n/detect.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { text } from "~/lib/input-text.ts";
import { safeRedirectPath } from "~/lib/safe-redirect.ts";

export const handle: TitleHandle = { title: () => ({ key: "auth:login.title" }) };

const LoginForm = z.object({
  email: text()
    .trim()
    .min(1, "auth:login.enterEmail")
    .max(254, "auth:login.validEmail")
    .email("auth:login.validEmail"),
  password: text().min(1, "auth:login.enterPassword").max(1024, "auth:login.passwordTooLong"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await currentUser(request)) throw redirect("/dashboard");
  return null;
}

// Why the browser was sent back here, said above the form (auth:login.notices).
const NOTICES = new Set(["SIGN_IN_EXPIRED"]);

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(async () => {
    const form = await readForm(request);
    const { email, password } = LoginForm.parse(form);
    const { token, awaiting, user } = await signIn(email, password, String(context.clientIp ?? "unknown"));
    // The browser's earlier session (one left waiting for a code, say) is replaced: end it.
    const earlier = await sessionToken(request);
    if (earlier) await endSession(earlier);
    const next = safeRedirectPath(form.redirectTo);
    const headers = new Headers({ "Set-Cookie": await commitSessionCookie(token) });
    // The steps before the session is whole (the code, setting up a second factor) know no one
    // yet: the person's saved language goes with the browser from here (app/i18n/detect.server.ts).
    if (isSupportedLanguage(user.locale))
      headers.append("Set-Cookie", await languageCookie().serialize(user.locale));
    return redirect(awaiting ? pendingStepPath(awaiting, next) : next, { headers });
  });
}

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation("auth");
  const failure = result && "ok" in result ? result : undefined;
  const code = params.get("notice") ?? "";
  const notice = !failure && NOTICES.has(code) ? t(`login.notices.${code}`) : undefined;
  return (
    <div className="login card">
      <h1>{t("login.title")}</h1>
      <p className="muted">{t("login.intro")}</p>
      {notice ? (
        <p className="notice info" role="status">
          {notice}
        </p>
      ) : null}
      {failure?.message && !Object.keys(failure.fields).length ? (
        <p className="notice error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/dashboard"} />
        <div className="field">
          <label htmlFor="email">{t("login.email")}</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            aria-invalid={Boolean(failure?.fields.email)}
            aria-describedby={failure?.fields.email ? "email-error" : undefined}
          />
          {failure?.fields.email ? (
            <p id="email-error" className="error">
              {failure.fields.email}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="password">{t("login.password")}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={Boolean(failure?.fields.password)}
            aria-describedby={failure?.fields.password ? "password-error" : undefined}
          />
          {failure?.fields.password ? (
            <p id="password-error" className="error">
              {failure.fields.password}
            </p>
          ) : null}
        </div>
        <button className="button" type="submit" disabled={busy}>
          {busy ? t("login.signingIn") : t("login.signIn")}
        </button>
      </Form>
      <p>
        <Link to="/reset">{t("login.forgotten")}</Link>
      </p>
    </div>
  );
}
