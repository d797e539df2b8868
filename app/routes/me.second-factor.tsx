// /me/second-factor: setting up an authenticator app (a QR code and its key, confirmed with a first
// code), then ten recovery codes shown once; later, new recovery codes, a new phone, or removing it.
// Also the only page a session awaiting its set-up may open ("enrolment": a role that must use a
// second factor and has none yet); once set up, that session is replaced by a signed-in one.
// Plain forms: everything works without JavaScript.
import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { CodeField, PasswordField } from "~/components/accounts/SecretFields.tsx";
import { pendingSignIn, sessionActive, sessionIdOf, userForSession } from "~/domain/auth.server.ts";
import {
  confirmSecondFactorSetUp,
  type CurrentSession,
  type FactorOwner,
  removeSecondFactor,
  renewRecoveryCodes,
  startSecondFactorSetUp,
  WrongFirstCodeError,
} from "~/domain/own-account.server.ts";
import { secondFactorStatus, type SetUp } from "~/domain/second-factor.server.ts";
import { formAction, type FormFailure, readForm } from "~/http/forms.server.ts";
import {
  commitSessionCookie,
  pendingStepPath,
  rememberReplacedSession,
  sessionTokenOf,
} from "~/http/session.server.ts";
import { text } from "~/lib/input-text.ts";
import { safeRedirectPath } from "~/lib/safe-redirect.ts";
import accountStyles from "~/styles/accounts.css";

export const meta: MetaFunction = () => [{ title: "Second factor · Follow-up" }];
export const links = () => [{ rel: "stylesheet", href: accountStyles }];

const PAGE = "/me/second-factor";

/**
 * Who is managing their second factor, and with which session: a signed-in person, or one whose
 * sign-in awaits this set-up. Anyone else goes to sign in (or to the code their sign-in awaits).
 */
async function factorOwner(
  request: Request,
  context: object,
): Promise<{ me: FactorOwner; session: CurrentSession }> {
  const url = new URL(request.url);
  const token = await sessionTokenOf(request, context);
  if (token) {
    const user = await userForSession(token);
    if (user) {
      await sessionActive(sessionIdOf(token));
      return { me: user, session: { id: sessionIdOf(token), token, awaiting: null } };
    }
    const pending = await pendingSignIn(token);
    if (pending?.awaiting === "enrolment")
      return {
        me: { id: pending.userId, email: pending.email, role: pending.role },
        session: { id: sessionIdOf(token), token, awaiting: "enrolment" },
      };
    if (pending) throw redirect(pendingStepPath(pending.awaiting, url.pathname + url.search));
  }
  throw redirect(`/login?redirectTo=${encodeURIComponent(PAGE)}`);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { me, session } = await factorOwner(request, context);
  const status = await secondFactorStatus(me);
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  return json(
    { email: me.email, enrolling: session.awaiting === "enrolment", status, redirectTo },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const code = (message: string) => text().max(100, message).default("");
const TOO_LONG = "This is longer than any code here; type the 6 digits your app shows.";
const FactorForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("start"), currentCode: code(TOO_LONG) }),
    z.object({
      intent: z.literal("confirm"),
      code: code(TOO_LONG),
      setUp: text().max(4096, "was altered; start the set-up again").default(""),
      redirectTo: z.string().optional(),
    }),
    z.object({ intent: z.literal("renew"), renewCode: code(TOO_LONG) }),
    z.object({
      intent: z.literal("remove"),
      password: text()
        .max(1024, "This is longer than any password here; type your current password.")
        .default(""),
      removeCode: code(TOO_LONG),
    }),
  ],
  { errorMap: () => ({ message: "is not something this page does" }) },
);

/** What the page shows after a form: the set-up to confirm, or recovery codes to keep. */
type Step =
  | ({ step: "confirm"; fields?: Record<string, string> } & SetUp)
  | { step: "codes"; recoveryCodes: string[]; continueTo: string | null };

export async function action({ request, context }: ActionFunctionArgs) {
  const { me, session } = await factorOwner(request, context);
  const ip = String(context.clientIp ?? "unknown");
  return formAction(async () => {
    const input = FactorForm.parse(await readForm(request));
    switch (input.intent) {
      case "start":
        return json<Step>({
          step: "confirm",
          ...(await startSecondFactorSetUp(me, { code: input.currentCode }, ip)),
        });
      case "confirm":
        try {
          const { recoveryCodes, token } = await confirmSecondFactorSetUp(me, input, session);
          if (!token) return json<Step>({ step: "codes", recoveryCodes, continueTo: null });
          // The session that awaited this set-up is replaced by a signed-in one.
          rememberReplacedSession(context, token);
          return json<Step>(
            { step: "codes", recoveryCodes, continueTo: safeRedirectPath(input.redirectTo) },
            { headers: { "Set-Cookie": await commitSessionCookie(token) } },
          );
        } catch (error) {
          if (!(error instanceof WrongFirstCodeError)) throw error;
          // The same secret again: the person's app holds it.
          const fields = error.details.fields as Record<string, string>;
          return json<Step>({ step: "confirm", ...error.setUp, fields }, { status: 400 });
        }
      case "renew":
        return json<Step>({
          step: "codes",
          ...(await renewRecoveryCodes(me, { code: input.renewCode }, ip)),
          continueTo: null,
        });
      case "remove":
        await removeSecondFactor(me, input, session.id, ip);
        return redirect(`${PAGE}?done=REMOVED`);
    }
  });
}

const when = (iso: string) =>
  `${new Date(iso).toLocaleDateString("en-GB", { timeZone: "UTC", dateStyle: "long" })}`;

function ConfirmSetUp({
  setUp,
  redirectTo,
  busy,
}: {
  setUp: Step & { step: "confirm" };
  redirectTo: string;
  busy: boolean;
}) {
  return (
    <section className="card account-narrow" aria-labelledby="set-up-heading">
      <h2 id="set-up-heading">Add Follow-up to your authenticator app</h2>
      <ol className="set-up-steps">
        <li>
          <p>
            Open an authenticator app on your phone (such as Microsoft Authenticator, Google Authenticator,
            FreeOTP or your password manager) and scan this QR code.
          </p>
          <div
            className="qr-code"
            role="img"
            aria-label="QR code holding the key for your authenticator app"
            // Drawn on the server by uqr from the otpauth address: a rectangle and a path, nothing else.
            dangerouslySetInnerHTML={{ __html: setUp.qrSvg }}
          />
        </li>
        <li>
          <p id="secret-label">Cannot scan it? Type this key into the app instead (time-based, 6 digits):</p>
          <p className="secret-key" aria-labelledby="secret-label">
            {setUp.secretGroups.map((group, i) => (
              <code key={i}>{group}</code>
            ))}
          </p>
        </li>
        <li>
          <p>Type the 6-digit code the app now shows for Follow-up.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="setUp" value={setUp.sealed} />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <CodeField id="code" label="Code from the app" error={setUp.fields?.code} />
            <div className="buttons">
              <button className="button" type="submit" disabled={busy}>
                {busy ? "Checking…" : "Turn on the second factor"}
              </button>
              <Link to={PAGE} className="button secondary">
                Cancel
              </Link>
            </div>
          </Form>
        </li>
      </ol>
    </section>
  );
}

function RecoveryCodes({ codes, continueTo }: { codes: string[]; continueTo: string | null }) {
  return (
    <section className="card account-narrow" aria-labelledby="codes-heading">
      <h2 id="codes-heading">Your recovery codes</h2>
      <p>
        If you lose your phone, each of these codes signs you in once instead of a code from the app. Keep
        them somewhere safe, apart from your phone: in your password manager, or printed.{" "}
        <strong>They are shown only this once.</strong>
      </p>
      <ol className="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <p className="hint">Getting new codes later makes these stop working.</p>
      {continueTo ? (
        <Link to={continueTo} className="button">
          I have kept them: continue
        </Link>
      ) : (
        <Link to="/me/account" className="button">
          I have kept them: back to your account
        </Link>
      )}
    </section>
  );
}

const DONE_NOTICES: Record<string, string> = {
  REMOVED:
    "Your second factor has been removed. Your other sessions have been signed out; this browser stays signed in.",
};

export default function SecondFactor() {
  const { enrolling, status, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Step | FormFailure | undefined;
  const navigation = useNavigation();
  const busy = (intent: string) =>
    navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const step = result && "step" in result ? result : undefined;
  const failure = result && "ok" in result ? result : undefined;
  const fields = failure?.fields ?? {};
  const [params] = useSearchParams();
  const done = params.get("done");
  const notice = !result && done ? DONE_NOTICES[done] : undefined;
  const generalError = failure && Object.keys(fields).length === 0 ? failure.message : undefined;

  return (
    <div className="account-page">
      <h1>Second factor</h1>
      {enrolling && step?.step !== "codes" ? (
        <p className="notice info" role="status">
          Your role must use a second factor: a code from an app on your phone, besides your password. Set it
          up now to finish signing in.
        </p>
      ) : null}
      {notice ? (
        <p className="notice success" role="status">
          {notice}
        </p>
      ) : null}
      {generalError ? (
        <p className="notice error" role="alert">
          {generalError}
        </p>
      ) : null}

      {step?.step === "codes" ? (
        <>
          <p className="notice success" role="status">
            Your second factor is on. From now on, signing in asks for a code from your app after your
            password.
          </p>
          <RecoveryCodes codes={step.recoveryCodes} continueTo={step.continueTo} />
        </>
      ) : step?.step === "confirm" ? (
        <ConfirmSetUp setUp={step} redirectTo={redirectTo} busy={busy("confirm")} />
      ) : !status.enabledAt ? (
        <section className="card account-narrow" aria-labelledby="off-heading">
          <h2 id="off-heading">Protect your account with a code from your phone</h2>
          <p>
            With a second factor, signing in needs your password and a 6-digit code that an authenticator app
            on your phone makes every 30 seconds. Someone who learns your password still cannot sign in.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <button className="button" type="submit" disabled={busy("start")}>
              Set up an authenticator app
            </button>
          </Form>
        </section>
      ) : (
        <div className="grid">
          <section className="card" aria-labelledby="on-heading">
            <h2 id="on-heading">Your second factor is on</h2>
            <p>
              Set up on {when(status.enabledAt)}. Signing in asks for a code from your authenticator app after
              your password.
            </p>
            <p>
              {status.recoveryCodesLeft === 1
                ? "You have 1 recovery code left."
                : `You have ${status.recoveryCodesLeft} recovery codes left.`}{" "}
              {status.recoveryCodesLeft <= 3 ? "Get new ones before you run out." : null}
            </p>

            <h3>New recovery codes</h3>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="renew" />
              <CodeField
                id="renewCode"
                label="Code from your app"
                hint="Your current recovery codes stop working; you get ten new ones."
                error={fields.renewCode}
              />
              <button className="button secondary" type="submit" disabled={busy("renew")}>
                Get new recovery codes
              </button>
            </Form>

            <h3>A new phone</h3>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="start" />
              <CodeField
                id="currentCode"
                label="Code from your current app, or a recovery code"
                hint="Then add Follow-up to the app on your new phone. The current one works until you do."
                error={fields.currentCode}
              />
              <button className="button secondary" type="submit" disabled={busy("start")}>
                Set up a new authenticator app
              </button>
            </Form>
          </section>

          <section className="card" aria-labelledby="remove-heading">
            <h2 id="remove-heading">Remove the second factor</h2>
            {status.required ? (
              <p>
                Your role must use a second factor, so it cannot be removed. To change phones, set up a new
                app.
              </p>
            ) : (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="remove" />
                <p className="hint">
                  Signing in then needs your password only. Your other sessions are signed out.
                </p>
                <PasswordField
                  id="remove-password"
                  name="password"
                  label="Current password"
                  autoComplete="current-password"
                  error={fields.password}
                />
                <CodeField
                  id="removeCode"
                  label="Or a code from your app"
                  hint="Either is enough."
                  error={fields.removeCode}
                />
                <button className="button danger" type="submit" disabled={busy("remove")}>
                  Remove the second factor
                </button>
              </Form>
            )}
          </section>
        </div>
      )}

      {/* Once the codes are shown, the page's own data may still say "enrolling" for a moment:
          the step decides, so that no "sign out" sits beside codes not yet kept. */}
      {step?.step === "codes" ? null : enrolling ? (
        <Form method="post" action="/logout" className="account-aside">
          <button type="submit" className="link">
            Not now: sign out
          </button>
        </Form>
      ) : (
        <p className="account-aside">
          <Link to="/me/account">Back to your account</Link>
        </p>
      )}
    </div>
  );
}
