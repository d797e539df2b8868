// /me/second-factor: setting up an authenticator app (a QR code and its key, confirmed with a first
// code), then ten recovery codes shown once; later, new recovery codes, a new phone, or removing it.
// Also the only page a session awaiting its set-up may open ("enrolment": a role that must use a
// second factor and has none yet); once set up, that session is replaced by a signed-in one.
// Plain forms: everything works without JavaScript.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
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
import { useFormat } from "~/i18n/format.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { text } from "~/lib/input-text.ts";
import { safeRedirectPath } from "~/lib/safe-redirect.ts";
import accountStyles from "~/styles/accounts.css";

export const handle: TitleHandle = { title: () => ({ key: "account:secondFactor.title" }) };
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
const TOO_LONG = "account:errors.codeTooLong";
const FactorForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("start"), currentCode: code(TOO_LONG) }),
    z.object({
      intent: z.literal("confirm"),
      code: code(TOO_LONG),
      setUp: text().max(4096, "account:errors.setUpAltered").default(""),
      redirectTo: z.string().optional(),
    }),
    z.object({ intent: z.literal("renew"), renewCode: code(TOO_LONG) }),
    z.object({
      intent: z.literal("remove"),
      password: text().max(1024, "account:errors.currentPasswordTooLong").default(""),
      removeCode: code(TOO_LONG),
    }),
  ],
  { errorMap: () => ({ message: "account:errors.unknownIntent" }) },
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

function ConfirmSetUp({
  setUp,
  redirectTo,
  busy,
}: {
  setUp: Step & { step: "confirm" };
  redirectTo: string;
  busy: boolean;
}) {
  const { t } = useTranslation("account");
  return (
    <section className="card account-narrow" aria-labelledby="set-up-heading">
      <h2 id="set-up-heading">{t("secondFactor.setUp.heading")}</h2>
      <ol className="set-up-steps">
        <li>
          <p>{t("secondFactor.setUp.scan")}</p>
          <div
            className="qr-code"
            role="img"
            aria-label={t("secondFactor.setUp.qrLabel")}
            // Drawn on the server by uqr from the otpauth address: a rectangle and a path, nothing else.
            dangerouslySetInnerHTML={{ __html: setUp.qrSvg }}
          />
        </li>
        <li>
          <p id="secret-label">{t("secondFactor.setUp.typeKey")}</p>
          <p className="secret-key" aria-labelledby="secret-label" translate="no">
            {setUp.secretGroups.map((group, i) => (
              <code key={i}>{group}</code>
            ))}
          </p>
        </li>
        <li>
          <p>{t("secondFactor.setUp.typeCode")}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="setUp" value={setUp.sealed} />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <CodeField id="code" label={t("secondFactor.setUp.codeLabel")} error={setUp.fields?.code} />
            <div className="buttons">
              <button className="button" type="submit" disabled={busy}>
                {busy ? t("secondFactor.setUp.checking") : t("secondFactor.setUp.turnOn")}
              </button>
              <Link to={PAGE} className="button secondary">
                {t("secondFactor.setUp.cancel")}
              </Link>
            </div>
          </Form>
        </li>
      </ol>
    </section>
  );
}

function RecoveryCodes({ codes, continueTo }: { codes: string[]; continueTo: string | null }) {
  const { t } = useTranslation("account");
  return (
    <section className="card account-narrow" aria-labelledby="codes-heading">
      <h2 id="codes-heading">{t("secondFactor.codes.heading")}</h2>
      <p>
        {t("secondFactor.codes.intro")} <strong>{t("secondFactor.codes.once")}</strong>
      </p>
      <ol className="recovery-codes" translate="no">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <p className="hint">{t("secondFactor.codes.renewing")}</p>
      {continueTo ? (
        <Link to={continueTo} className="button">
          {t("secondFactor.codes.continue")}
        </Link>
      ) : (
        <Link to="/me/account" className="button">
          {t("secondFactor.codes.backToAccount")}
        </Link>
      )}
    </section>
  );
}

const DONE_NOTICES = new Set(["REMOVED"]);

export default function SecondFactor() {
  const { enrolling, status, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Step | FormFailure | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation("account");
  const format = useFormat();
  const busy = (intent: string) =>
    navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const step = result && "step" in result ? result : undefined;
  const failure = result && "ok" in result ? result : undefined;
  const fields = failure?.fields ?? {};
  const [params] = useSearchParams();
  const done = params.get("done");
  const notice = !result && done && DONE_NOTICES.has(done) ? t(`secondFactor.done.${done}`) : undefined;
  const generalError = failure && Object.keys(fields).length === 0 ? failure.message : undefined;

  return (
    <div className="account-page">
      <h1>{t("secondFactor.title")}</h1>
      {enrolling && step?.step !== "codes" ? (
        <p className="notice info" role="status">
          {t("secondFactor.enrolling")}
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
            {t("secondFactor.turnedOn")}
          </p>
          <RecoveryCodes codes={step.recoveryCodes} continueTo={step.continueTo} />
        </>
      ) : step?.step === "confirm" ? (
        <ConfirmSetUp setUp={step} redirectTo={redirectTo} busy={busy("confirm")} />
      ) : !status.enabledAt ? (
        <section className="card account-narrow" aria-labelledby="off-heading">
          <h2 id="off-heading">{t("secondFactor.off.heading")}</h2>
          <p>{t("secondFactor.off.text")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <button className="button" type="submit" disabled={busy("start")}>
              {t("secondFactor.off.start")}
            </button>
          </Form>
        </section>
      ) : (
        <div className="grid">
          <section className="card" aria-labelledby="on-heading">
            <h2 id="on-heading">{t("secondFactor.on.heading")}</h2>
            <p>{t("secondFactor.on.since", { time: format.time(status.enabledAt) })}</p>
            <p>
              {status.recoveryCodesLeft <= 3
                ? t("secondFactor.on.codesLeftFew", { count: status.recoveryCodesLeft })
                : t("secondFactor.on.codesLeft", { count: status.recoveryCodesLeft })}
            </p>

            <h3>{t("secondFactor.renew.heading")}</h3>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="renew" />
              <CodeField
                id="renewCode"
                label={t("secondFactor.renew.codeLabel")}
                hint={t("secondFactor.renew.hint")}
                error={fields.renewCode}
              />
              <button className="button secondary" type="submit" disabled={busy("renew")}>
                {t("secondFactor.renew.submit")}
              </button>
            </Form>

            <h3>{t("secondFactor.newPhone.heading")}</h3>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="start" />
              <CodeField
                id="currentCode"
                label={t("secondFactor.newPhone.codeLabel")}
                hint={t("secondFactor.newPhone.hint")}
                error={fields.currentCode}
              />
              <button className="button secondary" type="submit" disabled={busy("start")}>
                {t("secondFactor.newPhone.submit")}
              </button>
            </Form>
          </section>

          <section className="card" aria-labelledby="remove-heading">
            <h2 id="remove-heading">{t("secondFactor.remove.heading")}</h2>
            {status.required ? (
              <p>{t("secondFactor.remove.required")}</p>
            ) : (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="remove" />
                <p className="hint">{t("secondFactor.remove.hint")}</p>
                <PasswordField
                  id="remove-password"
                  name="password"
                  label={t("secondFactor.remove.password")}
                  autoComplete="current-password"
                  error={fields.password}
                />
                <CodeField
                  id="removeCode"
                  label={t("secondFactor.remove.codeLabel")}
                  hint={t("secondFactor.remove.codeHint")}
                  error={fields.removeCode}
                />
                <button className="button danger" type="submit" disabled={busy("remove")}>
                  {t("secondFactor.remove.submit")}
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
            {t("secondFactor.notNow")}
          </button>
        </Form>
      ) : (
        <p className="account-aside">
          <Link to="/me/account">{t("secondFactor.backToAccount")}</Link>
        </p>
      )}
    </div>
  );
}
