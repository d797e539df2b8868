// Dates, times and numbers as a person reads them, one rule everywhere (pages, e-mails, reports):
// - a time is shown in the person's time zone (their saved setting, else their browser's, else
//   UTC), always with the zone written: "1 Dec 2026, 19:03 GMT+5";
// - a date that is a calendar day (a deadline, a report's adoption) keeps its UTC day, whatever
//   the zone: due on 1 March is due on 1 March everywhere (app/lib/deadlines.ts);
// - both in the conventions of the person's language.
import { useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** English reads as the UN writes it (British: "1 Dec 2026, 14:03"); the pseudo-locale too. */
export const intlLocale = (language: string) =>
  language === "en" || language.startsWith("en-") ? "en-GB" : language;

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function formatter<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let found = cache.get(key);
  if (!found) cache.set(key, (found = make()));
  return found as F;
}

const asDate = (value: string | Date | null | undefined): Date | null => {
  if (value == null || value === "") return null;
  const at = value instanceof Date ? value : new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
};

// The zones found valid: asking Intl costs a formatter's construction (about 0.1 ms), and a page
// asks once per date and count it shows. Only valid names are kept, so the set stays as small as
// the runtime's list of zones, whatever names requests bring.
const knownZones = new Set<string>();

/** Whether a time zone name is one this runtime knows ("Asia/Dushanbe", "UTC"). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || !value || value.length > 64) return false;
  if (knownZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    knownZones.add(value);
    return true;
  } catch {
    return false;
  }
}

/** A calendar day (stored as its UTC midnight): "1 Mar 2027", "1 mars 2027", "1 мар. 2027 г."; "" for none. */
export function formatDay(value: string | Date | null | undefined, language: string): string {
  const at = asDate(value);
  if (!at) return "";
  return formatter(
    `day|${language}`,
    () =>
      new Intl.DateTimeFormat(intlLocale(language), {
        timeZone: "UTC",
        day: "numeric",
        month: "short",
        year: "numeric",
      }),
  ).format(at);
}

/** A moment, in the zone, with the zone written: "1 Dec 2026, 19:03 GMT+5"; "" for none. */
export function formatTime(
  value: string | Date | null | undefined,
  language: string,
  timeZone: string,
): string {
  const at = asDate(value);
  if (!at) return "";
  const zone = isTimeZone(timeZone) ? timeZone : "UTC";
  return formatter(
    `time|${language}|${zone}`,
    () =>
      new Intl.DateTimeFormat(intlLocale(language), {
        timeZone: zone,
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZoneName: "short",
      }),
  ).format(at);
}

/** 1,234 / 1 234 / 1 234: a count in the language's digits grouping. */
export function formatCount(value: number, language: string): string {
  return formatter(`count|${language}`, () => new Intl.NumberFormat(intlLocale(language))).format(value);
}

export interface Formats {
  day: (value: string | Date | null | undefined) => string;
  time: (value: string | Date | null | undefined) => string;
  count: (value: number) => string;
  timeZone: string;
}

/** The formats for one language and zone: for e-mails and reports, written on the server. */
export function formatsFor(language: string, timeZone: string | null | undefined): Formats {
  const zone = isTimeZone(timeZone) ? timeZone : "UTC";
  return {
    day: (value) => formatDay(value, language),
    time: (value) => formatTime(value, language, zone),
    count: (value) => formatCount(value, language),
    timeZone: zone,
  };
}

/** In a component: the page's language and the person's time zone (the root loader's). */
export function useFormat(): Formats {
  const { i18n } = useTranslation();
  const root = useRouteLoaderData("root") as { timeZone?: string } | undefined;
  return formatsFor(i18n.language, root?.timeZone);
}
