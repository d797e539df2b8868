// The thematic areas of visit reports are data CTED administers (the ThematicArea table:
// app/models/thematic-areas.server.ts, app/domain/thematic-areas.server.ts), and reach pages
// through their loaders as a list. What is here takes that list and needs no database: shared by
// the server and the browser. `slug` is what URLs, the API and cases use; `code` goes into case
// references (TJK-2017-BC-03).

/** A thematic area as loaders, forms and reports have it. */
export interface ThematicArea {
  slug: string;
  code: string;
  label: string;
  /** Its place in forms, lists and reports (1 first). */
  position: number;
  /** A retired area keeps its cases but takes no new ones. */
  retired: boolean;
}

/**
 * The nine areas of the reports so far, as migration 20261206300000_thematic_areas created them:
 * for what genuinely needs a default (the importer's keyword table, which keys by their slugs; the
 * demo data; benchmarks). Their labels may since have changed in the database: read them there.
 */
export const DEFAULT_THEMATIC_AREAS = [
  { slug: "legislation-and-judicial-practice", code: "LJ", label: "Legislation and judicial practice" },
  { slug: "counter-financing-of-terrorism", code: "CF", label: "Counter-financing of terrorism" },
  { slug: "law-enforcement", code: "LE", label: "Law enforcement" },
  { slug: "border-control", code: "BC", label: "Border control" },
  { slug: "international-cooperation", code: "IC", label: "International cooperation" },
  {
    slug: "countering-violent-extremism",
    code: "VE",
    label: "Countering violent extremism that leads to terrorism",
  },
  { slug: "gender", code: "GE", label: "Gender: the role of women in countering terrorism" },
  { slug: "human-rights-and-rule-of-law", code: "HR", label: "Human rights and rule-of-law-based responses" },
  {
    slug: "internet-ftf-and-organized-crime",
    code: "IF",
    label: "Internet abuse, foreign terrorist fighters and organized crime",
  },
] as const;

export type DefaultAreaSlug = (typeof DEFAULT_THEMATIC_AREAS)[number]["slug"];

/** What a slug looks like: lower-case letters and digits in words joined by "-". */
export const AREA_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The longest slug made from a label. */
export const AREA_SLUG_MAX = 60;
/** A code: two capital letters, A to Z. */
export const AREA_CODE_PATTERN = /^[A-Z]{2}$/;

import type { Translate } from "~/i18n/languages.ts";

type Named = Pick<ThematicArea, "slug" | "label">;

/**
 * The area's label, or its slug when the list does not hold it. With `t`, one of the nine areas
 * still named as the migration named it reads in the person's language (workflow:areas); a label
 * an administrator wrote stays as they wrote it.
 */
export function areaLabel(areas: readonly Named[], slug: string, t?: Translate): string {
  const label = areas.find((a) => a.slug === slug)?.label;
  if (label === undefined) return slug;
  const standard = DEFAULT_THEMATIC_AREAS.find((a) => a.slug === slug)?.label === label;
  return t && standard ? t(`workflow:areas.${slug}`) : label;
}

/** The area's code for case references, or undefined when the list does not hold it. */
export function areaCode(areas: readonly Pick<ThematicArea, "slug" | "code">[], slug: string) {
  return areas.find((a) => a.slug === slug)?.code;
}

/** The areas a form offers: those in use, and the one already chosen even if it is retired. */
export function areaChoices<A extends Pick<ThematicArea, "slug" | "retired">>(
  areas: readonly A[],
  chosen?: string | null,
): A[] {
  return areas.filter((a) => !a.retired || a.slug === chosen);
}

/** The areas a list or a count shows: those in use, and retired ones that still have cases. */
export function areasShown<A extends Pick<ThematicArea, "slug" | "retired">>(
  areas: readonly A[],
  withCases: Iterable<string>,
): A[] {
  const used = new Set(withCases);
  return areas.filter((a) => !a.retired || used.has(a.slug));
}

/**
 * The slug a label makes: lower case, accents dropped, words of letters and digits joined by "-",
 * at most 60 characters (cut after a whole word). Empty when the label has no such letter
 * (the caller then makes one from the code).
 */
export function slugFromLabel(label: string): string {
  const words = label
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > AREA_SLUG_MAX) return slug || word.slice(0, AREA_SLUG_MAX);
    slug = next;
  }
  return slug;
}
