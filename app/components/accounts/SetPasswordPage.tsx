// The page a one-time link opens (an invitation, a password reset): the person's new password,
// twice, with what makes a good one; or why the link no longer works.
import { Form, Link, useNavigation } from "@remix-run/react";

interface Props {
  purpose: "invite" | "reset";
  info: { ok: true; name: string; email: string } | { ok: false; problem: string };
  failure?: { message: string; fields: Record<string, string> };
}

export function SetPasswordPage({ purpose, info, failure }: Props) {
  const busy = useNavigation().state !== "idle";
  const fields = failure?.fields ?? {};
  const aria = (name: string) => ({
    id: name,
    name,
    "aria-invalid": Boolean(fields[name]) || undefined,
    "aria-describedby": [`${name}-hint`, fields[name] ? `${name}-error` : ""].filter(Boolean).join(" "),
  });
  return (
    <div className="login card">
      <h1>{purpose === "invite" ? "Welcome to Follow-up" : "Choose a new password"}</h1>
      {!info.ok ? (
        <>
          <p className="notice error" role="alert">
            {info.problem}
          </p>
          <p>
            {purpose === "invite" ? (
              "A CTED administrator can send you a new invitation."
            ) : (
              <Link to="/reset">Ask for a new link</Link>
            )}
          </p>
        </>
      ) : (
        <>
          <p>
            {purpose === "invite"
              ? `${info.name}, choose the password for your account (${info.email}).`
              : `${info.name}, choose a new password for ${info.email}. You will be signed out everywhere else.`}
          </p>
          {failure?.message && Object.keys(fields).length === 0 ? (
            <p className="notice error" role="alert">
              {failure.message}
            </p>
          ) : null}
          <Form method="post" noValidate>
            {/* For password managers: the account the password belongs to. */}
            <input type="hidden" name="username" autoComplete="username" value={info.email} />
            <div className="field">
              <label htmlFor="password">Password</label>
              <p id="password-hint" className="hint">
                At least 12 characters. A phrase of several unrelated words is easy to remember and hard to
                guess; there are no rules about digits or symbols.
              </p>
              <input {...aria("password")} type="password" autoComplete="new-password" required />
              {fields.password ? (
                <p id="password-error" className="error">
                  {fields.password}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="confirm">Password again</label>
              <p id="confirm-hint" className="hint">
                The same, to be sure it is what you meant.
              </p>
              <input {...aria("confirm")} type="password" autoComplete="new-password" required />
              {fields.confirm ? (
                <p id="confirm-error" className="error">
                  Password again {fields.confirm}.
                </p>
              ) : null}
            </div>
            <button className="button" type="submit" disabled={busy}>
              {purpose === "invite" ? "Set my password and sign in" : "Set the new password and sign in"}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
