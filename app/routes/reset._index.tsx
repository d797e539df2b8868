// /reset: asking for a password reset link by e-mail. The answer is the same whether or not an
// account uses the address.
import { type ActionFunctionArgs, json, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { mailSettings } from "~/domain/account-mail.server.ts";
import { requestPasswordReset } from "~/domain/accounts.server.ts";
import { formAction, readForm } from "~/http/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Forgotten password · Follow-up" }];

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
  const failure = result && "fields" in result ? result : undefined;
  return (
    <div className="login card">
      <h1>Forgotten password</h1>
      {!canSend ? (
        <p>
          This installation does not send e-mail. Ask a CTED administrator for a link to choose a new
          password.
        </p>
      ) : result && "ok" in result && result.ok ? (
        <p className="notice success" role="status">
          If an account uses this address, a link to choose a new password is on its way. It works once, for
          an hour. Nothing came? Check the address, or ask a CTED administrator.
        </p>
      ) : (
        <Form method="post" noValidate>
          <p>We will e-mail you a link to choose a new password.</p>
          <div className="field">
            <label htmlFor="email">Email</label>
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
                Email {failure.fields.email}.
              </p>
            ) : null}
          </div>
          <button className="button" type="submit" disabled={busy}>
            Send me a link
          </button>
        </Form>
      )}
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </div>
  );
}
