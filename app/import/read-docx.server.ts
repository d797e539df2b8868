// Recommendations from a visit report in Word (.docx). A report is headings (one per thematic
// area, some for parts that hold no recommendations) with narrative and numbered paragraphs under
// them; the numbered paragraphs under a heading that names an area are its recommendations.
//
// What counts, in the order the reader decides (docs/import.md says the same for users):
// - A heading is a paragraph in a "Heading 1" … "Heading 9" style, or a short paragraph (at most
//   100 characters, no closing punctuation) that is all bold or all capitals; a numbered one of
//   those only when it names an area or a part of a report ("1. Border control" in bold). Headings
//   nest by level; the bold or capitals ones sit below every styled level.
// - A recommendation is a paragraph in a Word numbered list (not bulleted), or one that starts
//   with a typed number: "12.", "12)", "(12)", "3.2", "Recommendation 4:", or a letter "(a)".
// - What follows a recommendation belongs to it until the next recommendation, heading, or
//   unindented narrative paragraph: items of a deeper list level, bulleted items, lettered items
//   "(a)" after a numbered recommendation, and indented or "List Paragraph" paragraphs. They are
//   added to its text as lines of their own.
// - Its area comes from the innermost heading above it that names one ("III. Border control" →
//   "Recommendations" → the items: border-control). Under "Executive summary", "Introduction",
//   "Annex …" and the like (area-headings.ts) nothing is read, with one warning per such part.
// - Its number is the one Word shows (worked out from the list definitions, as Word numbers: a
//   list continues across headings unless it restarts), or the typed one.
// Only plain text leaves this module: no HTML, no control characters, white space collapsed.
import mammoth from "mammoth";

import {
  areaForHeading,
  isNeutralHeading,
  isNonRecommendationHeading,
  type ReaderArea,
} from "./area-headings.ts";
import { UnreadableFileError } from "./errors.server.ts";
import type { Words } from "./reader-words.server.ts";
import { cleanLine, finishRow, type FoundRow, type ReadReport } from "./rows.ts";
import { checkWordPackage, damagedMessage, readZipText } from "./upload-check.server.ts";

export interface DocxOptions {
  /** The deployment's heading mappings (IMPORT_HEADINGS_FILE), which win over the defaults. */
  headings?: Record<string, string>;
  /** The thematic areas (the nine of the reports so far when not given). */
  areas?: readonly ReaderArea[];
  /** The words of warnings and refusals, in the language of who uploads the file. */
  words: Words;
}

// ---------------------------------------------------------------------------------------------
// mammoth's document model, as far as it is read here (mammoth/lib/documents.js)

interface MammothElement {
  type: string;
  children?: MammothElement[];
  value?: string;
  styleName?: string | null;
  styleId?: string | null;
  numbering?: { level: string; isOrdered: boolean } | null;
  indent?: { start: string | null };
  isBold?: boolean;
  isAllCaps?: boolean;
}

/** The text of an element: runs, hyperlinks, tabs and breaks; notes and images leave nothing. */
function textOf(element: MammothElement): string {
  switch (element.type) {
    case "text":
      return element.value ?? "";
    case "tab":
    case "break":
      return " ";
    case "noteReference":
    case "commentReference":
    case "image":
    case "checkbox":
      return "";
    default:
      return (element.children ?? []).map(textOf).join("");
  }
}

/** The runs of a paragraph that carry text (through hyperlinks and the like). */
function textRuns(element: MammothElement): MammothElement[] {
  if (element.type === "run") return textOf(element).trim() === "" ? [] : [element];
  return (element.children ?? []).flatMap(textRuns);
}

/** The paragraphs of the body in reading order, those in tables too. */
function paragraphsOf(element: MammothElement): MammothElement[] {
  if (element.type === "paragraph") return [element];
  if (element.type === "document" || element.type.startsWith("table")) {
    return (element.children ?? []).flatMap(paragraphsOf);
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// The numbers Word shows. mammoth tells whether a paragraph is in a list and at what level, not
// which list nor where it starts, so the list definitions (word/numbering.xml) and the list of
// each numbered paragraph (word/document.xml) are read here, and matched to mammoth's paragraphs
// by their text, in order. A paragraph that does not match (numbering from a style, say) is
// counted in mammoth's terms instead: one count per list level, continuing through the document.

interface ListLevel {
  start: number;
  format: string;
  text: string;
}
interface ListInstance {
  abstractId: string;
  starts: Map<number, number>;
}
interface WordNumber {
  key: string;
  /** As Word shows it: "7.", "(b)", "Recommendation 4:". */
  label: string;
  /** The number in it: "7", "b", "4", "3.2". */
  number: string;
}

const attribute = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

function listDefinitions(xml: string) {
  const abstracts = new Map<string, Map<number, ListLevel>>();
  for (const [, tag = "", body = ""] of xml.matchAll(
    /<w:abstractNum\b([^>]*)>([\s\S]*?)<\/w:abstractNum>/g,
  )) {
    const levels = new Map<number, ListLevel>();
    for (const [, lvlTag = "", lvl = ""] of body.matchAll(/<w:lvl\b([^>]*)>([\s\S]*?)<\/w:lvl>/g)) {
      levels.set(Number(attribute(lvlTag, "w:ilvl") ?? 0), {
        start: Number(/<w:start\b[^>]*w:val="(\d+)"/.exec(lvl)?.[1] ?? 1),
        format: /<w:numFmt\b[^>]*w:val="([^"]*)"/.exec(lvl)?.[1] ?? "decimal",
        text: /<w:lvlText\b[^>]*w:val="([^"]*)"/.exec(lvl)?.[1] ?? "",
      });
    }
    abstracts.set(attribute(tag, "w:abstractNumId") ?? "", levels);
  }
  const instances = new Map<string, ListInstance>();
  for (const [, tag = "", body = ""] of xml.matchAll(/<w:num\b([^>]*)>([\s\S]*?)<\/w:num>/g)) {
    const starts = new Map<number, number>();
    for (const [, overrideTag = "", override = ""] of body.matchAll(
      /<w:lvlOverride\b([^>]*)>([\s\S]*?)<\/w:lvlOverride>/g,
    )) {
      const start = /<w:startOverride\b[^>]*w:val="(\d+)"/.exec(override)?.[1];
      if (start) starts.set(Number(attribute(overrideTag, "w:ilvl") ?? 0), Number(start));
    }
    const abstractId = /<w:abstractNumId\b[^>]*w:val="(\d+)"/.exec(body)?.[1];
    const numId = attribute(tag, "w:numId");
    if (abstractId !== undefined && numId !== undefined) instances.set(numId, { abstractId, starts });
  }
  return { abstracts, instances };
}

const ROMAN: [number, string][] = [
  [1000, "m"],
  [900, "cm"],
  [500, "d"],
  [400, "cd"],
  [100, "c"],
  [90, "xc"],
  [50, "l"],
  [40, "xl"],
  [10, "x"],
  [9, "ix"],
  [5, "v"],
  [4, "iv"],
  [1, "i"],
];
function roman(n: number): string {
  let out = "";
  for (const [value, letters] of ROMAN) {
    while (n >= value) {
      out += letters;
      n -= value;
    }
  }
  return out;
}
function letters(n: number): string {
  // Word's letters: a … z, then aa … zz.
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}
function formatNumber(n: number, format: string): string {
  switch (format) {
    case "lowerLetter":
      return letters(n);
    case "upperLetter":
      return letters(n).toUpperCase();
    case "lowerRoman":
      return roman(n);
    case "upperRoman":
      return roman(n).toUpperCase();
    case "decimalZero":
      return String(n).padStart(2, "0");
    default:
      return String(n);
  }
}

/** Letters and digits only: how a paragraph of mammoth's and one of the XML are matched. */
const matchKey = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "")
    .slice(0, 300);

const decodeXmlText = (value: string) =>
  value.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) =>
    name === "lt" ? "<" : name === "gt" ? ">" : name === "amp" ? "&" : name === "quot" ? '"' : "'",
  );

/** The number Word shows for each numbered paragraph of the document, in document order. */
function wordNumbers(documentXml: string, numberingXml: string): WordNumber[] {
  const { abstracts, instances } = listDefinitions(numberingXml);
  // Former formatting (tracked changes) and the fallback copies of text boxes are not what shows.
  const xml = documentXml
    .replace(/<w:pPrChange\b[\s\S]*?<\/w:pPrChange>/g, "")
    .replace(/<mc:Fallback\b[\s\S]*?<\/mc:Fallback>/g, "");
  const paragraphs: { numId?: string; level?: number; text: string[] }[] = [];
  const open: (typeof paragraphs)[number][] = [];
  const tokens =
    /<w:p(?=[\s>/])[^>]*?(\/)?>|<\/w:p>|<w:numId\b[^>]*?w:val="(\d+)"|<w:ilvl\b[^>]*?w:val="(\d+)"|<w:t(?=[\s>])[^>]*>([^<]*)<\/w:t>/g;
  for (const [token, selfClosing, numId, level, text] of xml.matchAll(tokens)) {
    const current = open[open.length - 1];
    if (token === "</w:p>") open.pop();
    else if (token.startsWith("<w:p")) {
      if (!selfClosing) {
        const paragraph = { text: [] };
        paragraphs.push(paragraph);
        open.push(paragraph);
      }
    } else if (numId !== undefined && current) current.numId ??= numId;
    else if (level !== undefined && current) current.level ??= Number(level);
    else if (text !== undefined && current) current.text.push(decodeXmlText(text));
  }

  const counts = new Map<string, (number | undefined)[]>();
  const out: WordNumber[] = [];
  for (const paragraph of paragraphs) {
    const instance = paragraph.numId === undefined ? undefined : instances.get(paragraph.numId);
    const levels = instance && abstracts.get(instance.abstractId);
    if (!instance || !levels) continue;
    const level = paragraph.level ?? 0;
    const definition = levels.get(level);
    if (!definition || definition.format === "bullet" || definition.format === "none") continue;
    // Lists that restart (a start override) count on their own; the others share their
    // definition's count, as Word continues them.
    const countKey = instance.starts.size > 0 ? `num:${paragraph.numId}` : `abstract:${instance.abstractId}`;
    const startOf = (l: number) => instance.starts.get(l) ?? levels.get(l)?.start ?? 1;
    const count = counts.get(countKey) ?? [];
    count[level] = count[level] === undefined ? startOf(level) : count[level] + 1;
    count.length = level + 1; // deeper levels start again
    counts.set(countKey, count);
    const render = (text: string) =>
      text.replace(/%([1-9])/g, (_, k: string) => {
        const l = Number(k) - 1;
        return formatNumber(count[l] ?? startOf(l), levels.get(l)?.format ?? "decimal");
      });
    const template = definition.text || `%${level + 1}.`;
    const first = template.search(/%[1-9]/);
    const last = Math.max(...[...template.matchAll(/%[1-9]/g)].map((m) => m.index + 2));
    out.push({
      key: matchKey(paragraph.text.join("")),
      label: render(template).trim(),
      number: first >= 0 ? render(template.slice(first, last)) : "",
    });
  }
  return out;
}

/** Hands out Word's numbers to mammoth's numbered paragraphs, matching them by text in order. */
function numberMatcher(numbers: WordNumber[]) {
  let next = 0;
  const fallback = new Map<object, number[]>();
  return (paragraph: MammothElement, text: string): { label: string; number: string } => {
    const key = matchKey(text);
    for (let i = next; i < Math.min(numbers.length, next + 50); i++) {
      if (numbers[i]!.key === key) {
        next = i + 1;
        return numbers[i]!;
      }
    }
    // mammoth gives the same object for a level of a list definition: count on that.
    const numbering = paragraph.numbering!;
    const level = Number(numbering.level) || 0;
    const count = fallback.get(numbering) ?? [0];
    count[0]! += 1;
    fallback.set(numbering, count);
    return { label: level === 0 ? `${count[0]}.` : `(${letters(count[0]!)})`, number: String(count[0]) };
  };
}

// ---------------------------------------------------------------------------------------------
// Headings and recommendations

const HEADING_STYLE = /^heading\s*([1-9])$/i;
/** Bold or capitals headings sit below every styled level. */
const PLAIN_HEADING_LEVEL = 10;
const HEADING_MAX = 100;

// Typed numbers at the start of a paragraph: the number, and what is left.
const TYPED_NUMBERS = [
  /^recommendations?\s+(?:no\.?\s*)?(\d{1,3}(?:\.\d{1,3})*)\s*[:.)–—-]\s*(.*)$/is,
  /^(\d{1,3}(?:\.\d{1,3})+)\.?\s+(.*)$/s,
  /^(\d{1,3})[.)]\s+(.*)$/s,
  /^\((\d{1,3})\)\s+(.*)$/s,
];
const TYPED_LETTER = /^\(?([a-z]|[ivx]{2,5})\)\s+(.*)$/is;

interface Paragraph {
  element: MammothElement;
  text: string;
  wordList: { level: number; isOrdered: boolean } | null;
  typed: { number: string; rest: string; letter: boolean } | null;
}

function typedNumber(text: string): Paragraph["typed"] {
  for (const pattern of TYPED_NUMBERS) {
    const match = pattern.exec(text);
    if (match) return { number: match[1]!, rest: match[2]!, letter: false };
  }
  const letter = TYPED_LETTER.exec(text);
  return letter ? { number: letter[1]!.toLowerCase(), rest: letter[2]!, letter: true } : null;
}

/**
 * The heading level of a paragraph, or null when it is not a heading: a "Heading n" style, or a
 * short paragraph without closing punctuation that is all bold or all capitals. A numbered one
 * ("1. Border control" in bold) only when it names an area or a part of a report: a short bold
 * recommendation stays a recommendation.
 */
function headingLevel(
  p: Paragraph,
  extra: Record<string, string>,
  areas: readonly ReaderArea[] | undefined,
): number | null {
  const styled = HEADING_STYLE.exec(p.element.styleName ?? "") ?? HEADING_STYLE.exec(p.element.styleId ?? "");
  if (styled) return Number(styled[1]);
  const numbered = p.wordList !== null || (p.typed !== null && !p.typed.letter);
  const text = p.typed && !p.typed.letter ? p.typed.rest : p.text;
  if (text.length > HEADING_MAX || /[.,;:!?…]$/.test(text)) return null;
  const runs = textRuns(p.element);
  const bold = runs.length > 0 && runs.every((r) => r.isBold);
  const capitals =
    /\p{L}.*\p{L}/su.test(text) && (text === text.toUpperCase() || runs.every((r) => r.isAllCaps));
  if (!bold && !capitals) return null;
  if (numbered && areaForHeading(text, extra, areas) === null && !isNonRecommendationHeading(text, extra))
    return null;
  return PLAIN_HEADING_LEVEL;
}

interface Heading {
  level: number;
  text: string;
  area: string | null;
  skip: boolean;
  neutral: boolean;
}

/** Recommendations from a Word document (.docx). Runs the package checks first. */
export async function readDocx(bytes: Uint8Array, options: DocxOptions): Promise<ReadReport> {
  const { words } = options;
  const { t } = words;
  checkWordPackage(bytes, words);
  const extra = options.headings ?? {};
  let body: MammothElement | null = null;
  try {
    await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        // Never read a file a document points to (mammoth's default allows it for paths).
        externalFileAccess: false,
        // The document is walked here; mammoth has nothing left to write as HTML.
        transformDocument: (document: MammothElement) => {
          body = document;
          return { ...document, children: [] };
        },
      },
    );
  } catch {
    throw new UnreadableFileError(damagedMessage(words));
  }
  if (!body) throw new UnreadableFileError(damagedMessage(words));

  const documentXml = readZipText(bytes, "word/document.xml", words);
  const numberingXml = readZipText(bytes, "word/numbering.xml", words);
  const numberOf = numberMatcher(documentXml && numberingXml ? wordNumbers(documentXml, numberingXml) : []);

  const rows: FoundRow[] = [];
  const skipped = new Map<string, number>();
  const headings: Heading[] = [];
  let open: { row: FoundRow; level: number; letter: boolean } | null = null;
  let skipping: string | null = null;

  const context = () => {
    const withArea = headings.findLast((h) => h.area !== null);
    const named = headings.findLast((h) => !h.neutral) ?? headings[headings.length - 1];
    return { withArea, named };
  };

  for (const element of paragraphsOf(body)) {
    const text = cleanLine(textOf(element));
    if (text === "") continue;
    const numbering = element.numbering ?? null;
    const p: Paragraph = {
      element,
      text,
      wordList: numbering ? { level: Number(numbering.level) || 0, isOrdered: numbering.isOrdered } : null,
      typed: typedNumber(text),
    };

    const level = headingLevel(p, extra, options.areas);
    if (level !== null) {
      while (headings.length > 0 && headings[headings.length - 1]!.level >= level) headings.pop();
      headings.push({
        level,
        text,
        area: areaForHeading(text, extra, options.areas),
        skip: isNonRecommendationHeading(text, extra),
        neutral: isNeutralHeading(text),
      });
      open = null;
      skipping = headings.find((h) => h.skip)?.text ?? null;
      continue;
    }

    const ordered = p.wordList?.isOrdered === true;
    // Belongs to the recommendation before it?
    if (open) {
      const deeperItem = ordered && p.wordList!.level > open.level;
      const bullet = p.wordList !== null && !ordered;
      const letterItem = !ordered && p.typed?.letter === true && !open.letter;
      const indented =
        !p.wordList &&
        !p.typed &&
        (Number(element.indent?.start ?? 0) > 0 ||
          /^list (paragraph|continue)/i.test(element.styleName ?? ""));
      if (deeperItem || bullet || letterItem || indented) {
        const marker = deeperItem ? `${numberOf(element, text).label} ` : bullet ? "• " : "";
        open.row.text += `\n${marker}${text}`;
        continue;
      }
    }

    if (!ordered && !p.typed) {
      open = null; // narrative
      continue;
    }
    let number: string;
    let rest = text;
    if (p.typed) {
      number = p.typed.number;
      rest = p.typed.rest;
      if (ordered) numberOf(element, text); // keep Word's count in step
    } else {
      number = numberOf(element, text).number;
    }
    if (skipping !== null) {
      skipped.set(skipping, (skipped.get(skipping) ?? 0) + 1);
      open = null;
      continue;
    }
    const { withArea, named } = context();
    const warnings: string[] = [];
    if (!named) {
      warnings.push(t("imports:reader.docx.beforeAnyHeading"));
    } else if (!withArea) {
      warnings.push(t("imports:reader.docx.headingWithoutArea", { heading: named.text }));
    }
    const row: FoundRow = {
      number: number || null,
      area: withArea?.area ?? null,
      heading: (withArea ?? named)?.text ?? null,
      text: rest,
      priority: null,
      warnings,
    };
    rows.push(row);
    open = { row, level: p.wordList?.level ?? 0, letter: p.typed?.letter === true };
  }

  const warnings: string[] = [];
  for (const [heading, count] of skipped) {
    warnings.push(t("imports:reader.docx.leftOut", { count, heading }));
  }
  if (rows.length === 0) warnings.push(t("imports:reader.docx.noneFound"));
  return { format: "docx", rows: rows.map((row) => finishRow(row, words)), warnings };
}
