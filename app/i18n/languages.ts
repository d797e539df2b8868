// The interface's languages, for the browser and the server alike. The six official languages of
// the United Nations are named here so that adding one is a folder of translations under
// locales/ and a line in LANGUAGES; four ship today: English, French, Russian (the language of
// the demo's region), and Arabic, which proves the right-to-left layout.

/** The six official UN languages: code, name in the language itself, writing direction. */
export const UN_LANGUAGES = {
  ar: { name: "العربية", dir: "rtl" },
  zh: { name: "中文", dir: "ltr" },
  en: { name: "English", dir: "ltr" },
  fr: { name: "Français", dir: "ltr" },
  ru: { name: "Русский", dir: "ltr" },
  es: { name: "Español", dir: "ltr" },
} as const;

/** The languages with complete translations, in the order the language menu offers them. */
export const LANGUAGES = ["en", "fr", "ru", "ar"] as const satisfies readonly (keyof typeof UN_LANGUAGES)[];
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

/**
 * A pseudo-locale for tests (PSEUDO_LOCALE=1, never in production): every English string
 * accented and bracketed, so any text on a page without brackets was never translated.
 */
export const PSEUDO_LANGUAGE = "en-XA";

/** One file of translations per area of the app (locales/<language>/<namespace>.json). */
export const NAMESPACES = [
  "common",
  "auth",
  "account",
  "dashboard",
  "cases",
  "casePage",
  "tasks",
  "collab",
  "evidence",
  "review",
  "notifications",
  "imports",
  "reports",
  "admin",
  "workflow",
  "errors",
  "email",
] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);

export const languageName = (language: Language) => UN_LANGUAGES[language].name;

export const directionOf = (language: string): "ltr" | "rtl" =>
  (UN_LANGUAGES as Record<string, { dir: "ltr" | "rtl" }>)[language]?.dir ?? "ltr";

/**
 * Translating, as code shared by pages and the server takes it: react-i18next's `t` in a
 * component, app/i18n/i18n.server.ts's `t` or `translatorFor(language)` on the server.
 */
export type Translate = (key: string, values?: Record<string, unknown>) => string;
