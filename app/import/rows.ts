// What the import readers (read-docx, read-table) make of an uploaded file: proposed
// recommendation rows for the user to check before any case exists. A row that would not make a
// valid case (no area, a title too short, text too long) is still a row, with warnings saying what
// to fix: the preview is where it gets fixed, so nothing here throws over the content of a row.
import type { Translate } from "~/i18n/languages.ts";

export type ImportPriority = "HIGH" | "MEDIUM" | "LOW";

export interface ImportRow {
  /** The report's own numbering ("12", "3.2", "a"), if it has any. */
  number: string | null;
  /** The thematic area's slug, when the reader could tell it. */
  area: string | null;
  /** The heading the recommendation was found under (Word reports; null in CSV and JSON). */
  heading: string | null;
  title: string;
  text: string;
  /** From a CSV or JSON file's priority column; null from a Word report, which has none. */
  priority: ImportPriority | null;
  /** What the user should check or fix, in sentences (in the language of who uploaded the file). */
  warnings: string[];
}

/**
 * How the readers word their warnings and refusals: in the language of the request that uploads
 * the file (reader-words.server.ts makes one; the readers run on a thread without the request).
 */
export interface ReaderWords {
  /** Translates in that language ("imports:reader.…"). */
  t: Translate;
  /** A count in that language's digits and grouping: "20,000", "20 000". */
  count: (n: number) => string;
}

export interface ReadReport {
  format: "docx" | "csv" | "json";
  rows: ImportRow[];
  /** About the file as a whole: columns ignored, sections left out, nothing found. */
  warnings: string[];
}

// The limits of a case's title and text (app/domain/case-input.ts): a row outside them warns.
export const TITLE_MIN = 3;
export const TITLE_MAX = 300;
export const TEXT_MAX = 20_000;
/** A title made from the text is at most this long. */
export const MADE_TITLE_MAX = 120;

// C0 and C1 controls (tab and line feed are turned into spaces or kept as line breaks by
// `cleanText`), DEL, the bidirectional controls that can make text read backwards, and unpaired
// surrogates (half a character): none belongs in a recommendation, and PostgreSQL cannot store NUL.
const CONTROL =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One line of text: control characters removed, every run of white space one space. */
export function cleanLine(value: string): string {
  return value.replace(CONTROL, "").replace(LONE_SURROGATE, "").replace(/\s+/g, " ").trim();
}

/** Text of several lines: each cleaned as `cleanLine`, empty lines dropped, joined by "\n". */
export function cleanText(value: string): string {
  return value
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map(cleanLine)
    .filter((line) => line !== "")
    .join("\n");
}

// Abbreviations whose full stop does not end a sentence ("No. 512", "e.g. the police").
const NOT_SENTENCE_END =
  /\b(?:e\.g|i\.e|etc|no|nos|para|paras|art|arts|vol|mr|mrs|ms|dr|st|vs|cf|incl|approx)\.$/i;

/**
 * A title made from a recommendation's text: its first sentence without the final full stop, at
 * most 120 characters, cut after a whole word with "…" when longer.
 */
export function titleFromText(text: string): string {
  // The first sentence counts only up to the longest title: no need to look further.
  const flat = cleanLine(text.slice(0, 4 * MADE_TITLE_MAX));
  let end = flat.length;
  const sentenceEnd = /[.!?](?=\s+["“‘(]?[\p{Lu}\p{N}])/gu;
  for (let match = sentenceEnd.exec(flat); match; match = sentenceEnd.exec(flat)) {
    if (!NOT_SENTENCE_END.test(flat.slice(Math.max(0, match.index - 8), match.index + 1))) {
      end = match.index + 1;
      break;
    }
  }
  const sentence = flat
    .slice(0, end)
    .replace(/[.;:,]+$/, "")
    .trim();
  if (sentence.length <= MADE_TITLE_MAX) return sentence;
  const room = sentence.slice(0, MADE_TITLE_MAX - 1);
  const lastSpace = room.lastIndexOf(" ");
  const cut = lastSpace > MADE_TITLE_MAX / 2 ? room.slice(0, lastSpace) : room;
  return `${cut.replace(/[\s,;:.–—-]+$/, "")}…`;
}

/** What a reader found for one recommendation, before the limits are applied. */
export interface FoundRow {
  number: string | null;
  area: string | null;
  heading: string | null;
  /** Absent or empty: made from the text. */
  title?: string | null;
  text: string;
  priority: ImportPriority | null;
  warnings?: string[];
}

/**
 * The row as the preview shows it: text cleaned, a title made when there is none, and a warning
 * for every limit of a case it does not keep (text over 20,000 characters is cut, with a warning).
 */
export function finishRow(found: FoundRow, { t, count }: ReaderWords): ImportRow {
  const warnings = [...(found.warnings ?? [])];
  // Cleaning can only shorten text; what is far beyond the limit is not worth cleaning.
  const tooLong = found.text.length > 10 * TEXT_MAX;
  let text = cleanText(tooLong ? found.text.slice(0, 10 * TEXT_MAX) : found.text);
  if (tooLong || text.length > TEXT_MAX) {
    // Not in the middle of a character made of two UTF-16 units.
    const cutAt = /[\uD800-\uDBFF]/.test(text[TEXT_MAX - 1] ?? "") ? TEXT_MAX - 1 : TEXT_MAX;
    text = text.slice(0, cutAt);
    warnings.push(t("imports:reader.row.textCut", { max: count(TEXT_MAX) }));
  }
  if (text === "") warnings.push(t("imports:reader.row.noText"));
  const given = cleanLine(found.title ?? "");
  const title = given !== "" ? given : titleFromText(text);
  if (title.length < TITLE_MIN) {
    warnings.push(t("imports:reader.row.titleShort", { min: count(TITLE_MIN) }));
  } else if (title.length > TITLE_MAX) {
    warnings.push(t("imports:reader.row.titleLong", { max: count(TITLE_MAX) }));
  }
  const heading = found.heading === null ? null : cleanLine(found.heading) || null;
  const number = found.number === null ? null : cleanLine(found.number) || null;
  return { number, area: found.area, heading, title, text, priority: found.priority, warnings };
}
