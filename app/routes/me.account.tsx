// My account: change my password, see where I am signed in, sign out my other sessions or all
// of them. Plain forms: everything works without JavaScript.
import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { z } from "zod";

import { PasswordField } from "~/components/accounts/SecretFields.tsx";
import { idleMinutes, sessionIdOf, sessionLifetimeMinutes } from "~/domain/auth.server.ts";
import {
  accountSessions,
  changePassword,
  endAllSessions,
  endOtherSessions,
  recentSignIns,
  TooManyWrongPasswordsError,
} from "~/domain/own-account.server.ts";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/domain/password-policy.server.ts";
import { secondFactorStatus } from "~/domain/second-factor.server.ts";
import { formAction, type FormFailure, readForm } from "~/http/forms.server.ts";
import { clearSessionCookie, requireUser, sessionToken } from "~/http/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Your account · Follow-up" }];

/** The session id of the signed-in request (requireUser has checked that there is one). */
async function currentSessionId(request: Request): Promise<string> {
  const token = await sessionToken(request);
  if (!token) throw redirect("/login?redirectTo=%2Fme%2Faccount");
  return sessionIdOf(token);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [sessions, signIns, secondFactor] = await Promise.all([
    accountSessions(user, await currentSessionId(request)),
    recentSignIns(user),
    secondFactorStatus(user),
  ]);
  // The policy's limits come with the data: its module is server-only.
  return json({
    me: { name: user.name, email: user.email },
    sessions,
    signIns,
    secondFactor,
    limits: { min: PASSWORD_MIN, max: PASSWORD_MAX },
    timeouts: { idleMinutes: idleMinutes(), hours: sessionLifetimeMinutes() / 60 },
  });
}

// Limits that keep what is read small; a new password's own limit is the policy's to say.
const password = (max: number, message: string) =>
  z.string({ invalid_type_error: "must be text" }).max(max, message).default("");
const AccountForm = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("password"),
      currentPassword: password(1024, "This is longer than any password here; type your current password."),
      newPassword: password(4096, `Use at most ${PASSWORD_MAX} characters.`),
      confirmPassword: password(4096, `Use at most ${PASSWORD_MAX} characters.`),
    }),
    z.object({ intent: z.literal("others") }),
    z.object({ intent: z.literal("everywhere") }),
  ],
  { errorMap: () => ({ message: "is not something this page does" }) },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const sessionId = await currentSessionId(request);
  return formAction(async () => {
    const input = AccountForm.parse(await readForm(request));
    switch (input.intent) {
      case "password":
        try {
          await changePassword(user, sessionId, input, String(context.clientIp ?? "unknown"));
        } catch (error) {
          // As the API answers a throttled request: with the seconds to wait.
          if (!(error instanceof TooManyWrongPasswordsError)) throw error;
          return json<FormFailure>(
            { ok: false, message: error.message, fields: {} },
            { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
          );
        }
        return redirect("/me/account?done=PASSWORD_CHANGED");
      case "others":
        await endOtherSessions(user, sessionId);
        return redirect("/me/account?done=OTHERS_SIGNED_OUT");
      case "everywhere":
        await endAllSessions(user);
        return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie() } });
    }
  });
}

const DONE_NOTICES: Record<string, string> = {
  PASSWORD_CHANGED:
    "Your password has been changed. Your other sessions have been signed out; this browser stays signed in.",
  OTHERS_SIGNED_OUT: "Your other sessions have been signed out; this browser stays signed in.",
};

const when = (iso: string) =>
  `${new Date(iso).toLocaleString("en-GB", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" })} UTC`;

export default function Account() {
  const { me, sessions, signIns, secondFactor, limits, timeouts } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const location = useLocation();
  const busy = (intent: string) =>
    navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const done = params.get("done");
  const notice = !failure && done ? DONE_NOTICES[done] : undefined;
  const fields = failure?.fields ?? {};
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <h1>Your account</h1>
      <p>
        {me.name} <span className="muted">· {me.email}</span>
      </p>
      {notice ? (
        <p className="notice success" role="status">
          {notice}
        </p>
      ) : null}

      <div className="grid">
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">Change your password</h2>
          {failure ? (
            <p className="notice error" role="alert">
              {Object.keys(fields).length > 0
                ? "Your password has not been changed: see what to correct below."
                : failure.message}
            </p>
          ) : null}
          {/* A new form after each navigation: once changed (a redirect here), the passwords typed
              are gone from the page, as without JavaScript; after a refusal they stay. */}
          <Form method="post" noValidate key={location.key}>
            <input type="hidden" name="intent" value="password" />
            {/* For password managers: which account the new password is for. */}
            <input type="email" name="username" autoComplete="username" value={me.email} readOnly hidden />
            <PasswordField
              required
              id="current-password"
              name="currentPassword"
              label="Current password"
              autoComplete="current-password"
              error={fields.currentPassword}
            />
            <PasswordField
              required
              id="new-password"
              name="newPassword"
              label="New password"
              autoComplete="new-password"
              hint={`${limits.min} to ${limits.max} characters. A phrase of a few unrelated words is long enough and easy to remember; spaces are allowed, and no digits or symbols are needed.`}
              error={fields.newPassword}
            />
            <PasswordField
              required
              id="confirm-password"
              name="confirmPassword"
              label="New password again"
              autoComplete="new-password"
              error={fields.confirmPassword}
            />
            <p className="hint">Changing it signs out your other sessions; this browser stays signed in.</p>
            <button className="button" type="submit" disabled={busy("password")}>
              {busy("password") ? "Changing…" : "Change password"}
            </button>
          </Form>
        </section>

        <section className="card" aria-labelledby="second-factor-heading">
          <h2 id="second-factor-heading">Second factor</h2>
          {secondFactor.enabledAt ? (
            <p>
              On: signing in asks for a code from your authenticator app after your password.{" "}
              {secondFactor.recoveryCodesLeft === 1
                ? "1 recovery code left."
                : `${secondFactor.recoveryCodesLeft} recovery codes left.`}
            </p>
          ) : (
            <p>
              Off: your password alone signs you in.{" "}
              {secondFactor.required
                ? "Your role must use one: you will set it up when you next sign in."
                : "A code from an app on your phone keeps out someone who learns your password."}
            </p>
          )}
          <p>
            <Link to="/me/second-factor">
              {secondFactor.enabledAt ? "Manage your second factor" : "Set up a second factor"}
            </Link>
          </p>
        </section>

        <section className="card" aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">Where you are signed in</h2>
          <ul className="plain">
            {sessions.map((s, i) => (
              <li key={i}>
                <strong>{s.current ? "This browser" : "Another browser or device"}</strong>
                <br />
                <span className="muted">
                  Signed in {when(s.startedAt)}; last active {when(s.lastActiveAt)}; ends {when(s.expiresAt)}
                </span>
              </li>
            ))}
          </ul>
          <p>
            {others === 0
              ? "You are signed in only here."
              : others === 1
                ? "You have one other session. If you do not recognise it, sign out everywhere else and change your password."
                : `You have ${others} other sessions. If you do not recognise them, sign out everywhere else and change your password.`}
          </p>
          <p className="hint">
            A session ends after {timeouts.idleMinutes} minutes without activity, and {timeouts.hours} hours
            after signing in at the latest.
          </p>
          <div className="buttons">
            {others > 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="others" />
                <button className="button secondary" type="submit" disabled={busy("others")}>
                  Sign out everywhere else
                </button>
              </Form>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="everywhere" />
              <button className="button secondary" type="submit" disabled={busy("everywhere")}>
                Sign out everywhere
              </button>
            </Form>
          </div>
        </section>

        <section className="card" aria-labelledby="sign-ins-heading">
          <h2 id="sign-ins-heading">Recent sign-ins</h2>
          {signIns.length === 0 ? (
            <p>No sign-ins recorded yet.</p>
          ) : (
            <ul className="plain">
              {signIns.map((s, i) => (
                <li key={i}>
                  <strong>
                    {s.succeeded
                      ? "Signed in"
                      : secondFactor.enabledAt
                        ? "Refused: wrong password or code"
                        : "Refused: wrong password"}
                  </strong>
                  <br />
                  <span className="muted">
                    {when(s.at)}, from {s.address}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p className="hint">
            The last ten, kept 90 days. A refused attempt you did not make means someone tried your address:
            choose a strong password.
            {secondFactor.enabledAt
              ? " A refused code you did not type means someone knows your password: change it."
              : null}
          </p>
        </section>
      </div>
    </>
  );
}
