// My account: change my password, choose my language and time zone, see where I am signed in,
// sign out my other sessions or all of them. Plain forms: everything works without JavaScript.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { PasswordField } from "~/components/accounts/SecretFields.tsx";
import { idleMinutes, sessionIdOf, sessionLifetimeMinutes } from "~/domain/auth.server.ts";
import {
  accountSessions,
  changePassword,
  endAllSessions,
  endOtherSessions,
  recentSignIns,
  savePreferences,
  TooManyWrongPasswordsError,
} from "~/domain/own-account.server.ts";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/domain/password-policy.server.ts";
import { secondFactorStatus } from "~/domain/second-factor.server.ts";
import { formAction, type FormFailure, readForm } from "~/http/forms.server.ts";
import { clearSessionCookie, requireUser, sessionToken } from "~/http/session.server.ts";
import { languageCookie } from "~/i18n/detect.server.ts";
import { intlLocale, useFormat } from "~/i18n/format.ts";
import { t as translate } from "~/i18n/i18n.server.ts";
import { languageName, LANGUAGES } from "~/i18n/languages.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { text } from "~/lib/input-text.ts";

export const handle: TitleHandle = { title: () => ({ key: "account:page.title" }) };

/** The session id of the signed-in request (requireUser has checked that there is one). */
async function currentSessionId(request: Request): Promise<string> {
  const token = await sessionToken(request);
  if (!token) throw redirect("/login?redirectTo=%2Fme%2Faccount");
  return sessionIdOf(token);
}

/** The zones a person may choose: every one this runtime knows, UTC first. */
function timeZones(saved: string | null | undefined): string[] {
  const zones = Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC");
  // A zone saved under another name the runtime accepts ("Asia/Calcutta") stays choosable.
  if (saved && saved !== "UTC" && !zones.includes(saved)) zones.push(saved);
  return ["UTC", ...zones];
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
    preferences: { language: user.locale ?? null, timeZone: user.timeZone ?? "" },
    timeZones: timeZones(user.timeZone),
  });
}

// Limits that keep what is read small; a new password's own limit is the policy's to say. Built
// per request: a message with a value is said in the request's language.
const password = (max: number, message: string) =>
  z.string({ invalid_type_error: "errors:input.text" }).max(max, message).default("");
const accountForm = () =>
  z.discriminatedUnion(
    "intent",
    [
      z.object({
        intent: z.literal("password"),
        currentPassword: password(1024, "account:errors.currentPasswordTooLong"),
        newPassword: password(4096, translate("account:errors.newPasswordTooLong", { max: PASSWORD_MAX })),
        confirmPassword: password(
          4096,
          translate("account:errors.newPasswordTooLong", { max: PASSWORD_MAX }),
        ),
      }),
      z.object({
        intent: z.literal("preferences"),
        language: text().max(20, "account:errors.unknownLanguage").default(""),
        timeZone: text().max(64, "account:errors.unknownTimeZone").default(""),
      }),
      z.object({ intent: z.literal("others") }),
      z.object({ intent: z.literal("everywhere") }),
    ],
    { errorMap: () => ({ message: "account:errors.unknownIntent" }) },
  );

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const sessionId = await currentSessionId(request);
  return formAction(async () => {
    const input = accountForm().parse(await readForm(request));
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
      case "preferences": {
        await savePreferences(user, { language: input.language, timeZone: input.timeZone });
        // The form reloads the whole document: the next page is in the new language. The
        // language cookie follows, for the sign-in page after signing out.
        return redirect("/me/account?done=PREFERENCES_SAVED", {
          headers: { "Set-Cookie": await languageCookie().serialize(input.language) },
        });
      }
      case "others":
        await endOtherSessions(user, sessionId);
        return redirect("/me/account?done=OTHERS_SIGNED_OUT");
      case "everywhere":
        await endAllSessions(user);
        return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie() } });
    }
  });
}

const DONE_NOTICES = new Set(["PASSWORD_CHANGED", "OTHERS_SIGNED_OUT", "PREFERENCES_SAVED"]);

/** "30 minutes", "12 heures", "30 минут": a duration in the language's own plural. */
const duration = (value: number, unit: "minute" | "hour", language: string) =>
  new Intl.NumberFormat(intlLocale(language), {
    style: "unit",
    unit,
    unitDisplay: "long",
  }).format(value);

export default function Account() {
  const { me, sessions, signIns, secondFactor, limits, timeouts, preferences, timeZones } =
    useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const location = useLocation();
  const { t, i18n } = useTranslation("account");
  const format = useFormat();
  const busy = (intent: string) =>
    navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const done = params.get("done");
  const notice = !failure && done && DONE_NOTICES.has(done) ? t(`page.done.${done}`) : undefined;
  const fields = failure?.fields ?? {};
  // A refused choice of language or zone is said beside its form, not the password's.
  const preferencesFailed = "language" in fields || "timeZone" in fields;
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <h1>{t("page.title")}</h1>
      <p>
        <span translate="no">{me.name}</span>{" "}
        <span className="muted">
          · <span translate="no">{me.email}</span>
        </span>
      </p>
      {notice ? (
        <p className="notice success" role="status">
          {notice}
        </p>
      ) : null}

      <div className="grid">
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">{t("page.password.heading")}</h2>
          {failure && !preferencesFailed ? (
            <p className="notice error" role="alert">
              {Object.keys(fields).length > 0 ? t("page.password.notChanged") : failure.message}
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
              label={t("page.password.current")}
              autoComplete="current-password"
              error={fields.currentPassword}
            />
            <PasswordField
              required
              id="new-password"
              name="newPassword"
              label={t("page.password.new")}
              autoComplete="new-password"
              hint={t("page.password.newHint", { min: limits.min, max: limits.max })}
              error={fields.newPassword}
            />
            <PasswordField
              required
              id="confirm-password"
              name="confirmPassword"
              label={t("page.password.again")}
              autoComplete="new-password"
              error={fields.confirmPassword}
            />
            <p className="hint">{t("page.password.signsOut")}</p>
            <button className="button" type="submit" disabled={busy("password")}>
              {busy("password") ? t("page.password.submitting") : t("page.password.submit")}
            </button>
          </Form>
        </section>

        <section className="card" aria-labelledby="preferences-heading">
          <h2 id="preferences-heading">{t("page.preferences.heading")}</h2>
          {/* The whole document reloads: a page's translations come with the document. */}
          <Form method="post" noValidate reloadDocument>
            <input type="hidden" name="intent" value="preferences" />
            <div className="field">
              <label htmlFor="language">{t("page.preferences.language")}</label>
              <p id="language-hint" className="hint">
                {t("page.preferences.languageHint")}
              </p>
              <select
                id="language"
                name="language"
                defaultValue={preferences.language ?? i18n.language}
                aria-invalid={fields.language ? true : undefined}
                aria-describedby={fields.language ? "language-hint language-error" : "language-hint"}
              >
                {LANGUAGES.map((language) => (
                  // Each language is named in itself, and marked as such for screen readers.
                  <option key={language} value={language} lang={language} translate="no">
                    {languageName(language)}
                  </option>
                ))}
              </select>
              {fields.language ? (
                <p id="language-error" className="error">
                  {fields.language}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="timeZone">{t("page.preferences.timeZone")}</label>
              <p id="timeZone-hint" className="hint" suppressHydrationWarning>
                {t("page.preferences.timeZoneHint", { time: format.time(new Date()) })}
              </p>
              <select
                id="timeZone"
                name="timeZone"
                defaultValue={preferences.timeZone}
                aria-invalid={fields.timeZone ? true : undefined}
                aria-describedby={fields.timeZone ? "timeZone-hint timeZone-error" : "timeZone-hint"}
              >
                <option value="">{t("page.preferences.browserZone")}</option>
                {timeZones.map((zone) => (
                  <option key={zone} value={zone} translate="no">
                    {zone.replace(/_/g, " ")}
                  </option>
                ))}
              </select>
              {fields.timeZone ? (
                <p id="timeZone-error" className="error">
                  {fields.timeZone}
                </p>
              ) : null}
            </div>
            <button className="button" type="submit">
              {t("page.preferences.save")}
            </button>
          </Form>
        </section>

        <section className="card" aria-labelledby="second-factor-heading">
          <h2 id="second-factor-heading">{t("page.secondFactor.heading")}</h2>
          <p>
            {secondFactor.enabledAt
              ? t("page.secondFactor.on", { count: secondFactor.recoveryCodesLeft })
              : secondFactor.required
                ? t("page.secondFactor.offRequired")
                : t("page.secondFactor.offOptional")}
          </p>
          <p>
            <Link to="/me/second-factor">
              {secondFactor.enabledAt ? t("page.secondFactor.manage") : t("page.secondFactor.setUp")}
            </Link>
          </p>
        </section>

        <section className="card" aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">{t("page.sessions.heading")}</h2>
          <ul className="plain">
            {sessions.map((s, i) => (
              <li key={i}>
                <strong>
                  {s.current ? t("page.sessions.thisBrowser") : t("page.sessions.otherBrowser")}
                </strong>
                <br />
                <span className="muted">
                  {t("page.sessions.times", {
                    started: format.time(s.startedAt),
                    lastActive: format.time(s.lastActiveAt),
                    ends: format.time(s.expiresAt),
                  })}
                </span>
              </li>
            ))}
          </ul>
          <p>{others === 0 ? t("page.sessions.onlyHere") : t("page.sessions.others", { count: others })}</p>
          <p className="hint">
            {t("page.sessions.timeouts", {
              idle: duration(timeouts.idleMinutes, "minute", i18n.language),
              lifetime: duration(timeouts.hours, "hour", i18n.language),
            })}
          </p>
          <div className="buttons">
            {others > 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="others" />
                <button className="button secondary" type="submit" disabled={busy("others")}>
                  {t("page.sessions.signOutOthers")}
                </button>
              </Form>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="everywhere" />
              <button className="button secondary" type="submit" disabled={busy("everywhere")}>
                {t("page.sessions.signOutEverywhere")}
              </button>
            </Form>
          </div>
        </section>

        <section className="card" aria-labelledby="sign-ins-heading">
          <h2 id="sign-ins-heading">{t("page.signIns.heading")}</h2>
          {signIns.length === 0 ? (
            <p>{t("page.signIns.none")}</p>
          ) : (
            <ul className="plain">
              {signIns.map((s, i) => (
                <li key={i}>
                  <strong>
                    {s.succeeded
                      ? t("page.signIns.succeeded")
                      : secondFactor.enabledAt
                        ? t("page.signIns.refusedPasswordOrCode")
                        : t("page.signIns.refusedPassword")}
                  </strong>
                  <br />
                  <span className="muted">
                    {t("page.signIns.when", { time: format.time(s.at), address: s.address })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p className="hint">
            {secondFactor.enabledAt ? t("page.signIns.hintWithCode") : t("page.signIns.hint")}
          </p>
        </section>
      </div>
    </>
  );
}
