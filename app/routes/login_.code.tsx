// /login/code: the second step of signing in, for an account with a second factor. The password
// was right; the session waits for a code from the person's authenticator app (or a recovery
// code), and is replaced by a new, signed-in one when it comes (auth.server.ts completeSignIn).
import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
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
import { text } from "~/lib/input-text.ts";
import { safeRedirectPath } from "~/lib/safe-redirect.ts";
import accountStyles from "~/styles/accounts.css";

export const meta: MetaFunction = () => [{ title: "Enter your code · Follow-up" }];
export const links = () => [{ rel: "stylesheet", href: accountStyles }];

const EXPIRED = "/login?notice=SIGN_IN_EXPIRED";

const CodeForm = z.object({
  code: text().max(100, "This is longer than any code here; type the 6 digits your app shows."),
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
  const error = failure?.fields.code;
  return (
    <div className="login card">
      <h1>Enter your code</h1>
      <p>
        Your password for <strong>{email}</strong> was right. Open your authenticator app and type the 6-digit
        code it shows for Follow-up.
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
          label="Code"
          hint="Lost your phone? Type one of your recovery codes instead; each works once."
          error={error}
          announce
          required
          autoFocus
        />
        <button className="button" type="submit" disabled={busy}>
          {busy ? "Checking…" : "Sign in"}
        </button>
      </Form>
      <Form method="post" action="/logout" className="account-aside">
        <button type="submit" className="link">
          Cancel and sign out
        </button>
      </Form>
    </div>
  );
}
