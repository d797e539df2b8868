// Which thematic area a heading of a visit report names ("III. Border control" → border-control),
// and which headings open parts of a report that hold no recommendations (the executive summary,
// annexes). Report templates differ from visit to visit, so the match is by keywords rather than by
// exact titles; a deployment whose template the keywords miss adds exact headings of its own
// (IMPORT_HEADINGS_FILE, docs/import.md), which win over everything here. The areas themselves
// are CTED's to administer: the readers are given them (`areas`, from the database), and know the
// nine of the reports so far when they are not (the unit tests, the benchmarks).
import { DEFAULT_THEMATIC_AREAS, type DefaultAreaSlug } from "~/lib/areas.ts";

/** An area as the readers know it: a heading may name it by its label, slug or code. */
export interface ReaderArea {
  slug: string;
  code: string;
  label: string;
  /** Retired: a row it is found for is left without an area, with a warning (read-upload.server.ts). */
  retired?: boolean;
}

/**
 * The words that make a heading name an area, as they appear in a heading once normalised (lower
 * case, punctuation as spaces: "rule-of-law" is "rule of law"). Matched as whole words, except
 * those ending in "*", which match any word starting so ("legislat*": legislation, legislative).
 * Each area's own label counts too (and its code, when it is the whole heading), as does the label
 * of an area CTED added since, which has no words of its own here.
 */
export const DEFAULT_AREA_KEYWORDS: Readonly<Record<DefaultAreaSlug, readonly string[]>> = {
  "legislation-and-judicial-practice": [
    "legislat*",
    "legal framework",
    "judicia*",
    "criminal justice",
    "criminal code",
  ],
  "counter-financing-of-terrorism": [
    "financ*",
    "money laundering",
    "terrorist funds",
    "targeted financial sanctions",
    "asset freez*",
  ],
  "law-enforcement": ["law enforcement", "police", "policing"],
  "border-control": ["border*", "customs", "immigration", "aviation security", "maritime security"],
  "international-cooperation": [
    "international cooperation",
    "international co-operation",
    "regional cooperation",
    "judicial cooperation",
    "mutual legal assistance",
    "extradition",
  ],
  "countering-violent-extremism": [
    "violent extremism",
    "extremism",
    "cve",
    "pve",
    "radicali*",
    "deradicali*",
    "incitement",
  ],
  gender: ["gender", "women"],
  "human-rights-and-rule-of-law": ["human rights", "rule of law", "fair trial"],
  "internet-ftf-and-organized-crime": [
    "internet",
    "ict",
    "icts",
    "online",
    "cyber*",
    "social media",
    "foreign terrorist fighter*",
    "ftf",
    "ftfs",
    "returnee*",
    "organized crime",
    "organised crime",
  ],
};

/**
 * Headings of the parts of a report that hold no recommendations, matched at the start of the
 * normalised heading: numbered paragraphs under them are left out, with a file-level warning.
 * "Annex" covers a consolidated list of recommendations at the end, which would repeat them.
 */
export const NON_RECOMMENDATION_HEADINGS: readonly string[] = [
  "executive summary",
  "summary",
  "introduction",
  "background",
  "table of contents",
  "contents",
  "methodology",
  "acknowledg*",
  "abbreviations",
  "acronyms",
  "glossary",
  "foreword",
  "preface",
  "annex*",
  "appendix",
  "appendices",
  "list of interlocutors",
  "list of participants",
  "list of abbreviations",
];

/**
 * Headings that name no subject of their own ("Recommendations" under "III. Border control"): a
 * recommendation under one takes its area from the heading above it.
 */
const NEUTRAL_HEADING =
  /^(?:(?:main|key|priority|specific|general|additional|proposed)\s+)?(?:recommendations?|findings|observations|conclusions?|assessment)(?:\s+and\s+(?:recommendations?|findings|conclusions?|observations))?$/;

// "III.", "2.", "3.2", "A.", "(a)", "Chapter 3", "Section II:", "Part one –" at the start.
const LEADING_NUMBERING =
  /^(?:(?:chapter|section|part)\s+(?:[0-9]+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten)\b[\s.:–—-]*|\(?(?:[0-9]+(?:\.[0-9]+)*|[ivxlc]{1,6}|[a-z])(?:[.):]|\s*[–—-])\s*)/i;

/** A heading as the tables match it: no leading numbering, lower case, words split by spaces. */
export function normaliseHeading(heading: string): string {
  let value = heading.normalize("NFKC").trim();
  // A heading may carry its numbering twice ("Chapter III. 2. Border control"); "A" on its own
  // is left alone ("A better future"): a letter counts only with its "." or ")".
  for (let i = 0; i < 3; i++) {
    const stripped = value.replace(LEADING_NUMBERING, "");
    if (stripped === value || stripped.trim() === "") break;
    value = stripped;
  }
  return value
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

interface Keyword {
  area: string;
  pattern: RegExp;
  length: number;
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A keyword as a pattern: whole words, or a word's start when it ends in "*". */
function keywordPattern(keyword: string, atStart = false): RegExp {
  const stem = keyword.endsWith("*");
  const words = escape(normaliseHeading(stem ? keyword.slice(0, -1) : keyword));
  const before = atStart ? "^" : "(?<![\\p{L}\\p{N}])";
  return new RegExp(`${before}${words}${stem ? "" : "(?![\\p{L}\\p{N}])"}`, "u");
}

const NON_RECOMMENDATION = NON_RECOMMENDATION_HEADINGS.map((start) => keywordPattern(start, true));
const KEYWORDS_OF: Readonly<Record<string, readonly string[] | undefined>> = DEFAULT_AREA_KEYWORDS;

interface Vocabulary {
  keywords: Keyword[];
  /** A whole heading that is an area's label, slug or code. */
  exact: Map<string, string>;
}

// The tables of a list of areas, made once per list (an import reads its file with one list).
const vocabularies = new WeakMap<readonly ReaderArea[], Vocabulary>();

function vocabularyOf(areas: readonly ReaderArea[]): Vocabulary {
  let vocabulary = vocabularies.get(areas);
  if (!vocabulary) {
    vocabulary = {
      keywords: areas.flatMap((area) =>
        [area.label, ...(KEYWORDS_OF[area.slug] ?? [])].map((keyword) => ({
          area: area.slug,
          pattern: keywordPattern(keyword),
          length: keyword.length,
        })),
      ),
      exact: new Map(
        areas.flatMap((area) => [
          [normaliseHeading(area.label), area.slug],
          [normaliseHeading(area.slug), area.slug],
          [area.code.toLowerCase(), area.slug],
        ]),
      ),
    };
    vocabularies.set(areas, vocabulary);
  }
  return vocabulary;
}

/**
 * The area a heading names, or null. In order: the deployment's own headings (`extra`, keys
 * matched after the same normalising: "II. Cadre juridique" meets "Cadre juridique"); an area's
 * label, slug or code as the whole heading; then keywords. When a heading names several areas
 * ("Law enforcement and border control") the one named first counts (law-enforcement); at the
 * same place, the longer keyword ("judicial cooperation" over "judicia*").
 */
export function areaForHeading(
  heading: string,
  extra: Record<string, string> = {},
  areas: readonly ReaderArea[] = DEFAULT_THEMATIC_AREAS,
): string | null {
  const normal = normaliseHeading(heading);
  if (normal === "") return null;
  for (const [key, slug] of Object.entries(extra)) {
    if (normaliseHeading(key) === normal) return slug;
  }
  const { exact: exactTable, keywords } = vocabularyOf(areas);
  const exact = exactTable.get(normal);
  if (exact) return exact;
  let best: { area: string; at: number; length: number } | null = null;
  for (const keyword of keywords) {
    const match = keyword.pattern.exec(normal);
    if (!match) continue;
    if (!best || match.index < best.at || (match.index === best.at && keyword.length > best.length)) {
      best = { area: keyword.area, at: match.index, length: keyword.length };
    }
  }
  return best?.area ?? null;
}

/**
 * Whether the heading opens a part of a report that holds no recommendations (unless the
 * deployment's own headings map it to an area).
 */
export function isNonRecommendationHeading(heading: string, extra: Record<string, string> = {}): boolean {
  const normal = normaliseHeading(heading);
  if (Object.keys(extra).some((key) => normaliseHeading(key) === normal)) return false;
  return NON_RECOMMENDATION.some((pattern) => pattern.test(normal));
}

/** Whether the heading names no subject of its own ("Recommendations", "Findings"). */
export function isNeutralHeading(heading: string): boolean {
  return NEUTRAL_HEADING.test(normaliseHeading(heading));
}

/**
 * The area a CSV or JSON cell names: a slug ("border-control"), a code ("BC"), a label ("Border
 * control"), or heading text matched as `areaForHeading` does ("III. Border management"). Null
 * when it names none.
 */
export function parseAreaName(
  value: string,
  extra: Record<string, string> = {},
  areas: readonly ReaderArea[] = DEFAULT_THEMATIC_AREAS,
): string | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  const bySlugOrCode = areas.find(
    (area) => area.slug === trimmed.toLowerCase() || area.code === trimmed.toUpperCase(),
  );
  return bySlugOrCode?.slug ?? areaForHeading(trimmed, extra, areas);
}
