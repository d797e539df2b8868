// Recommendations from a spreadsheet export: CSV (comma, semicolon or tab between cells, a header
// row naming the columns) or JSON (a list of objects, or {"recommendations": [...]}). The columns
// are documented in docs/import.md: number, area (required), title, text (required), priority.
// A cell that is wrong (an unknown area, an odd priority) makes a warning on its row; only a file
// that cannot be read as rows at all (malformed, a required column missing, too many rows) is
// refused, with a sentence.
import { CsvError, parse } from "csv-parse/sync";

import { parseAreaName, type ReaderArea } from "./area-headings.ts";
import { UnreadableFileError } from "./errors.server.ts";
import type { Words } from "./reader-words.server.ts";
import { finishRow, type FoundRow, type ImportPriority, type ReadReport } from "./rows.ts";

export const TABLE_COLUMNS = ["number", "area", "title", "text", "priority"] as const;
type Column = (typeof TABLE_COLUMNS)[number];
const REQUIRED: readonly Column[] = ["area", "text"];

/** At most this many recommendations in one file. */
export const MAX_TABLE_ROWS = 2_000;
/** Rows of a CSV file, those of empty cells included. */
const MAX_CSV_ROWS = 5 * MAX_TABLE_ROWS;
/** A row longer than this is not a recommendation (a case's text is at most 20,000). */
const MAX_ROW_CHARACTERS = 1_000_000;
/** More cells than this in a row: not a table of recommendations (and slow to split). */
const MAX_CSV_CELLS = 200;
/** JSON nested deeper than this is not a list of recommendations (and would be slow to parse). */
const MAX_JSON_DEPTH = 32;

export interface TableOptions {
  /** The deployment's heading mappings, for areas given as heading text. */
  headings?: Record<string, string>;
  /** The thematic areas (the nine of the reports so far when not given). */
  areas?: readonly ReaderArea[];
  /** The words of warnings and refusals, in the language of who uploads the file. */
  words: Words;
}

type Cells = Partial<Record<Column, string>>;

const tooManyRows = ({ t, count }: Words) =>
  new UnreadableFileError(t("imports:reader.table.tooManyRows", { max: count(MAX_TABLE_ROWS) }));

function refuseNul(text: string, { t }: Words) {
  if (text.includes("\u0000")) throw new UnreadableFileError(t("imports:reader.file.nul"));
}

/** The row a table's cells make, with warnings for the cells that are wrong. */
function rowFromCells(cells: Cells, options: TableOptions, warnings: string[] = []): FoundRow {
  const { t } = options.words;
  const areaCell = (cells.area ?? "").trim();
  let area: string | null = null;
  if (areaCell === "") {
    warnings.push(t("imports:reader.table.noArea"));
  } else {
    area = parseAreaName(areaCell, options.headings, options.areas);
    if (!area) warnings.push(t("imports:reader.table.unknownArea", { area: areaCell }));
  }
  return {
    number: (cells.number ?? "").trim() || null,
    area,
    heading: null,
    title: cells.title ?? null,
    text: cells.text ?? "",
    priority: priorityOf(cells.priority ?? "", warnings, options.words),
    warnings,
  };
}

function priorityOf(value: string, warnings: string[], { t }: Words): ImportPriority {
  const given = value.trim();
  if (given === "") return "MEDIUM";
  const upper = given.toUpperCase();
  if (upper === "HIGH" || upper === "MEDIUM" || upper === "LOW") return upper;
  warnings.push(t("imports:reader.table.priority", { priority: given }));
  return "MEDIUM";
}

/** The column a header cell or JSON key names, or null; case and surrounding spaces do not count. */
const columnOf = (name: string): Column | null => {
  const key = name.trim().toLowerCase();
  return (TABLE_COLUMNS as readonly string[]).includes(key) ? (key as Column) : null;
};

function checkColumns(names: string[], what: "column" | "field", words: Words): string[] {
  const { t } = words;
  const known = names.map(columnOf);
  for (const required of REQUIRED) {
    if (!known.includes(required)) {
      throw new UnreadableFileError(
        t(what === "column" ? "imports:reader.table.noColumn" : "imports:reader.table.noField", {
          name: required,
        }),
      );
    }
  }
  const unknown = [...new Set(names.filter((_, i) => known[i] === null).map((n) => n.trim()))].filter(
    (n) => n !== "",
  );
  if (unknown.length === 0) return [];
  return [
    t(what === "column" ? "imports:reader.table.columnsNotRead" : "imports:reader.table.fieldsNotRead", {
      count: unknown.length,
      names: words.list(unknown.map(words.quoted)),
      columns: words.list([...TABLE_COLUMNS]),
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * The separator of a CSV file: whichever of comma, semicolon and tab its header row has most of,
 * outside quotes (Excel writes semicolons where the decimal separator is a comma). Comma on a tie.
 */
function separatorOf(text: string): string {
  const counts = new Map([
    [",", 0],
    [";", 0],
    ["\t", 0],
  ]);
  let inQuotes = false;
  for (const char of text.slice(0, 64 * 1024)) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (char === "\n" || char === "\r")) {
      if ([...counts.values()].some((n) => n > 0)) break;
    } else if (!inQuotes && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ",";
  for (const [separator, n] of counts) if (n > counts.get(best)!) best = separator;
  return best;
}

/**
 * The CSV text as the parser will split it (a quote opens a quoted cell only at the start of one):
 * the most cells a row has, so that a row of millions of separators is refused before the parser
 * builds it; and the line where a quoted cell opens that is never closed, if one is.
 */
function scanCsv(text: string, separator: string): { mostCells: number; unclosedQuoteLine: number | null } {
  const sep = separator.charCodeAt(0);
  let most = 0;
  let cells = 1;
  let quotedSince: number | null = null;
  let cellStart = true;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    if (quotedSince !== null) {
      if (c === 0x22) {
        if (text.charCodeAt(i + 1) === 0x22) i++;
        else quotedSince = null;
      }
    } else if (c === 0x22 && cellStart) {
      quotedSince = line;
      cellStart = false;
    } else if (c === sep) {
      cells++;
      cellStart = true;
    } else if (c === 0x0a || c === 0x0d) {
      most = Math.max(most, cells);
      cells = 1;
      cellStart = true;
    } else {
      cellStart = false;
    }
  }
  return { mostCells: Math.max(most, cells), unclosedQuoteLine: quotedSince };
}

function csvErrorSentence(error: CsvError, { t, count }: Words): string {
  const at = typeof error.lines === "number" ? "At" : "";
  const line = typeof error.lines === "number" ? count(error.lines) : "";
  switch (error.code) {
    case "CSV_MAX_RECORD_SIZE":
      return t(`imports:reader.table.csvRowTooLong${at}`, { max: count(MAX_ROW_CHARACTERS), line });
    default:
      return t(`imports:reader.table.csvQuotes${at}`, { line });
  }
}

/** Recommendations from CSV text (UTF-8, a BOM allowed), a header row first. */
export function readCsv(text: string, options: TableOptions): ReadReport {
  const { words } = options;
  const { t, count } = words;
  refuseNul(text, words);
  const body = text.replace(/^\uFEFF/, "");
  const delimiter = separatorOf(body);
  const scanned = scanCsv(body, delimiter);
  if (scanned.mostCells > MAX_CSV_CELLS) {
    throw new UnreadableFileError(t("imports:reader.table.csvTooManyCells", { max: count(MAX_CSV_CELLS) }));
  }
  if (scanned.unclosedQuoteLine !== null) {
    throw new UnreadableFileError(
      t("imports:reader.table.csvUnclosedQuote", { line: count(scanned.unclosedQuoteLine) }),
    );
  }
  let records: string[][];
  try {
    records = parse(body, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_ROW_CHARACTERS,
      // Rows of empty cells count here too, so that a file of them takes no longer than the rest.
      to: MAX_CSV_ROWS + 1,
    });
  } catch (error) {
    if (error instanceof CsvError) throw new UnreadableFileError(csvErrorSentence(error, words));
    throw error;
  }
  if (records.length > MAX_CSV_ROWS) {
    throw new UnreadableFileError(t("imports:reader.table.csvTooManyLines", { max: count(MAX_CSV_ROWS) }));
  }
  // Excel writes rows it thinks used as ";;;;": they are not recommendations.
  const [header, ...data] = records.filter((record) => record.some((cell) => cell.trim() !== ""));
  if (!header) throw new UnreadableFileError(t("imports:reader.file.empty"));
  if (data.length > MAX_TABLE_ROWS) throw tooManyRows(words);
  const names = header.map((cell) => cell.trim());
  const duplicate = names.find(
    (name, i) => columnOf(name) && names.findIndex((n) => columnOf(n) === columnOf(name)) !== i,
  );
  if (duplicate) {
    throw new UnreadableFileError(t("imports:reader.table.columnTwice", { name: duplicate }));
  }
  const warnings = checkColumns(names, "column", words);
  const rows = data.map((record) => {
    const cells: Cells = {};
    names.forEach((name, i) => {
      const column = columnOf(name);
      if (column) cells[column] = record[i] ?? "";
    });
    const rowWarnings =
      record.length > names.length && record.slice(names.length).some((cell) => cell.trim() !== "")
        ? [t("imports:reader.table.extraCells")]
        : [];
    return finishRow(rowFromCells(cells, options, rowWarnings), words);
  });
  if (rows.length === 0) warnings.push(t("imports:reader.table.headerOnly"));
  return { format: "csv", rows, warnings };
}

// ---------------------------------------------------------------------------------------------
// JSON

/** How deeply the JSON text nests arrays and objects, counted without parsing it. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

function jsonErrorSentence(error: unknown, text: string, { t, count }: Words): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : "");
  if (!position) return t("imports:reader.table.jsonInvalid");
  const before = text.slice(0, Number(position[1]));
  return t("imports:reader.table.jsonInvalidAt", {
    line: count(before.split("\n").length),
    column: count(before.length - before.lastIndexOf("\n")),
  });
}

/** A JSON value as cell text: strings as they are, numbers written out; anything else is not read. */
function cellOf(value: unknown, key: string, warnings: string[], { t }: Words): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  warnings.push(t("imports:reader.table.notText", { name: key }));
  return "";
}

/** Recommendations from JSON text: a list of objects, or an object with a "recommendations" list. */
export function readJson(text: string, options: TableOptions): ReadReport {
  const { words } = options;
  const { t, count } = words;
  refuseNul(text, words);
  const body = text.replace(/^\uFEFF/, "");
  if (nestingDepth(body) > MAX_JSON_DEPTH)
    throw new UnreadableFileError(t("imports:reader.table.jsonTooDeep"));
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new UnreadableFileError(jsonErrorSentence(error, body, words));
  }
  const list = Array.isArray(value)
    ? value
    : value && typeof value === "object" && Array.isArray((value as Record<string, unknown>).recommendations)
      ? ((value as Record<string, unknown>).recommendations as unknown[])
      : null;
  if (!list) throw new UnreadableFileError(t("imports:reader.table.jsonShape"));
  if (list.length > MAX_TABLE_ROWS) throw tooManyRows(words);

  const warnings: string[] = [];
  const objects: Record<string, unknown>[] = [];
  list.forEach((item, i) => {
    if (item && typeof item === "object" && !Array.isArray(item))
      objects.push(item as Record<string, unknown>);
    else warnings.push(t("imports:reader.table.notAnObject", { item: count(i + 1) }));
  });
  if (objects.length === 0) {
    warnings.push(t("imports:reader.table.noRecommendations"));
    return { format: "json", rows: [], warnings };
  }
  warnings.unshift(...checkColumns([...new Set(objects.flatMap((o) => Object.keys(o)))], "field", words));
  const rows = objects.map((object) => {
    const rowWarnings: string[] = [];
    const cells: Cells = {};
    for (const [key, value] of Object.entries(object)) {
      const column = columnOf(key);
      if (column) cells[column] = cellOf(value, column, rowWarnings, words);
    }
    return finishRow(rowFromCells(cells, options, rowWarnings), words);
  });
  return { format: "json", rows, warnings };
}
