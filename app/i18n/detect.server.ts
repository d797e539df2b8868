// Which language a request arrives in, decided before anything else handles it (server/app.ts):
// the language cookie the menu sets for anyone, else the browser's Accept-Language, else
// English. A signed-in person's saved choice then takes over (adoptSavedLanguage, called by currentUser), so a
// page, an API error and a DomainError's message of one request all speak the same language.
// Kept apart from the translations so the Express entry need not load them.
import { type Cookie, createCookie } from "@remix-run/node";
import { LanguageDetector } from "remix-i18next/server";

import { env } from "~/config/env.server.ts";
import { currentRequest } from "~/lib/log.server.ts";

import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, PSEUDO_LANGUAGE } from "./languages.ts";

/**
 * The pseudo-locale exists only where tests ask for it, never in production. (NODE_ENV through
 * the configuration: the Remix build writes "production" in place of process.env.NODE_ENV.)
 */
export const pseudoEnabled = () => process.env.PSEUDO_LOCALE === "1" && env().NODE_ENV !== "production";

export const supportedLanguages = (): string[] =>
  pseudoEnabled() ? [...LANGUAGES, PSEUDO_LANGUAGE] : [...LANGUAGES];

export const isSupportedLanguage = (value: unknown): value is string =>
  isLanguage(value) || (value === PSEUDO_LANGUAGE && pseudoEnabled());

let cookie: Cookie | undefined;
/** The menu's choice for people not signed in (and the first page after signing in). */
export function languageCookie(): Cookie {
  cookie ??= createCookie("followup_lang", {
    path: "/",
    sameSite: "lax",
    httpOnly: true,
    secure: env().NODE_ENV === "production",
    maxAge: 60 * 60 * 24 * 365,
  });
  return cookie;
}

let detector: LanguageDetector | undefined;
const languageDetector = () =>
  (detector ??= new LanguageDetector({
    supportedLanguages: supportedLanguages(),
    fallbackLanguage: DEFAULT_LANGUAGE,
    cookie: languageCookie(),
    order: ["cookie", "header"],
  }));

/** The cookie's language, else the best match for Accept-Language, else English. */
export async function detectLanguage(headers: { cookie?: string; acceptLanguage?: string }): Promise<string> {
  try {
    const request = new Request("http://follow-up.invalid/", {
      headers: {
        ...(headers.cookie ? { Cookie: headers.cookie } : {}),
        ...(headers.acceptLanguage ? { "Accept-Language": headers.acceptLanguage } : {}),
      },
    });
    const found = await languageDetector().detect(request);
    return isSupportedLanguage(found) ? found : DEFAULT_LANGUAGE;
  } catch {
    // A header no language can be read from (malformed, or bytes a Request refuses): English,
    // and the request goes on to be answered for what it asks.
    return DEFAULT_LANGUAGE;
  }
}

/** The language of the request being handled (English outside requests: jobs, scripts). */
export const requestLanguage = (): string => currentRequest()?.language ?? DEFAULT_LANGUAGE;

/** A person's saved choice becomes the request's language (called once the session is known). */
export function adoptSavedLanguage(saved: string | null | undefined): void {
  const request = currentRequest();
  if (request && isSupportedLanguage(saved)) request.language = saved;
}
