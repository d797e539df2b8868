// Languages on the server: which one a request gets, translating in it, and the one i18next
// instance every request clones (the resources are shared, not copied).
//
// The language of a request: the signed-in person's saved choice (adopted by currentUser, see
// app/http/session.server.ts), else what detect.server.ts found as the request arrived.
import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";

import { isSupportedLanguage, pseudoEnabled, requestLanguage, supportedLanguages } from "./detect.server.ts";
import { DEFAULT_LANGUAGE, NAMESPACES, PSEUDO_LANGUAGE, type Translate } from "./languages.ts";
import { pseudoTree } from "./pseudo.ts";
import { RESOURCES } from "./resources.server.ts";

const resources: Record<string, Record<string, object>> = { ...RESOURCES };
if (pseudoEnabled()) {
  resources[PSEUDO_LANGUAGE] = Object.fromEntries(
    Object.entries(RESOURCES.en).map(([ns, tree]) => [ns, pseudoTree(tree as never)]),
  );
}

/** The instance every request and every server-side message uses; initialised synchronously. */
const instance: i18n = i18next.createInstance();
void instance.use(initReactI18next).init({
  resources,
  supportedLngs: supportedLanguages(),
  fallbackLng: DEFAULT_LANGUAGE,
  ns: [...NAMESPACES],
  defaultNS: "common",
  interpolation: { escapeValue: false },
  returnNull: false,
  initImmediate: false,
});

/** Translates in the request's language (for someone else's, an e-mail say: translatorFor). */
export const t: Translate = (key, values) => translatorFor(requestLanguage())(key, values);

/** A translator fixed to one language: for an e-mail to someone in theirs. */
export function translatorFor(language: string | null | undefined): Translate {
  const fixed = instance.getFixedT(isSupportedLanguage(language) ? language : DEFAULT_LANGUAGE);
  return (key, values) => fixed(key, values as never) as unknown as string;
}

/** The instance a page is rendered with: this language, the shared resources. */
export const i18nForRendering = (language: string): i18n => instance.cloneInstance({ lng: language });

const embedded = new Map<string, string>();
/**
 * What the browser needs to render this language: its every namespace, English filled in where
 * a translation is missing (the server does the same), as JSON safe inside a <script> element.
 */
export function resourcesForBrowser(language: string): string {
  let json = embedded.get(language);
  if (!json) {
    const own = resources[language] ?? {};
    const merged = Object.fromEntries(
      NAMESPACES.map((ns) => [ns, deepMerge(resources[DEFAULT_LANGUAGE]?.[ns] ?? {}, own[ns] ?? {})]),
    );
    json = JSON.stringify(merged).replace(/</g, "\\u003c");
    embedded.set(language, json);
  }
  return json;
}

function deepMerge(base: object, over: object): object {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = out[key];
    out[key] =
      value && typeof value === "object" && below && typeof below === "object"
        ? deepMerge(below, value)
        : value;
  }
  return out;
}

/** A message to translate in the request's language: a key ("errors:notFound") and its values. */
export interface Message {
  key: string;
  values?: Record<string, unknown>;
}

const KEY = /^[a-zA-Z]+:[\w.]+$/;
/**
 * A message as a person reads it: a translation key (or Message) in the request's language, and
 * any other text as it is (a sentence a caller already translated).
 */
export function translateMessage(message: string | Message): string {
  if (typeof message !== "string") return t(message.key, message.values);
  return KEY.test(message) && instance.exists(message, { lng: requestLanguage() }) ? t(message) : message;
}
