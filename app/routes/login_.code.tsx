// /login/code: the second step of signing in, for an account with a second factor. The password
// was right; the session waits for a code from the person's authenticator app (or a recovery
// code), and is replaced by a new, signed-in one when it comes (auth.server.ts completeSignIn).
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";

import { CodeField } from "~/components/accounts/SecretFields.tsx";
import {
  completeSignIn,
  pendingSignIn,
  SignInExpiredError,
  TooManyAttemptsError,
} from "~/domain/auth.server.ts";
import { formAction, type FormFailure, readForm } from "~/http/forms.server.ts";
import { commitSessionCookie, currentUser, pendingStepPath, sessionToken } from "~/http/session.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";
import { text } from "~/lib/input-text.ts";
import { safeRedirectPath } from "~/lib/safe-redirect.ts";
import accountStyles from "~/styles/accounts.css";

export const handle: TitleHandle = { title: () => ({ key: "auth:code.title" }) };
export const links = () => [{ rel: "stylesheet", href: accountStyles }];

const EXPIRED = "/login?notice=SIGN_IN_EXPIRED";

const CodeForm = z.object({
  code: text().max(100, "auth:code.tooLong"),
  redirectTo: z.string().optional(),
});

/** Only a session waiting for its code sees this page; anyone else goes where they belong. */
async function awaitedStep(request: Request) {
  const url = new URL(request.url);
  const next = safeRedirectPath(url.searchParams.get("redirectTo"));
  if (await currentUser(request)) throw redirect(next);
  const token = await sessionToken(request);
  const pending = token ? await pendingSignIn(token) : null;
  if (!token || !pending) throw redirect(EXPIRED);
  if (pending.awaiting !== "second_factor") throw redirect(pendingStepPath(pending.awaiting, next));
  return { token, pending };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { pending } = await awaitedStep(request);
  return json({ email: pending.email }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { token } = await awaitedStep(request);
  return formAction(async () => {
    const form = await readForm(request);
    const { code, redirectTo } = CodeForm.parse(form);
    try {
      const fresh = await completeSignIn(token, code, String(context.clientIp ?? "unknown"));
      return redirect(safeRedirectPath(redirectTo), {
        headers: { "Set-Cookie": await commitSessionCookie(fresh) },
      });
    } catch (error) {
      if (error instanceof SignInExpiredError) throw redirect(EXPIRED);
      // As the API answers a throttled request: with the seconds to wait.
      if (error instanceof TooManyAttemptsError)
        return json<FormFailure>(
          { ok: false, message: error.message, fields: {} },
          { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
        );
      throw error;
    }
  });
}

export default function SignInCode() {
  const { email } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation("auth");
  const error = failure?.fields.code;
  return (
    <div className="login card">
      <h1>{t("code.title")}</h1>
      <p>
        <Trans
          {...TRANS_WITH_DATA}
          t={t}
          i18nKey="code.intro"
          values={{ email }}
          components={{ strong: <strong translate="no" /> }}
        />
      </p>
      {failure && !error ? (
        <p className="notice error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/dashboard"} />
        <CodeField
          id="code"
          label={t("code.label")}
          hint={t("code.hint")}
          error={error}
          announce
          required
          autoFocus
        />
        <button className="button" type="submit" disabled={busy}>
          {busy ? t("code.checking") : t("code.signIn")}
        </button>
      </Form>
      <Form method="post" action="/logout" className="account-aside">
        <button type="submit" className="link">
          {t("code.cancel")}
        </button>
      </Form>
    </div>
  );
}
