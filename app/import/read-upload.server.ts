// The one way into the import readers: an uploaded file, as bytes and the name it came with, to
// the recommendation rows it proposes. Whatever is wrong with the file ends as a DomainError with
// a sentence (400 unreadable, 413 too large, 415 not a type we read), never as a library's own
// error: the upload is hostile until read.
import { DomainError, FileTooLargeError } from "~/domain/errors.server.ts";
import { requestLanguage } from "~/i18n/detect.server.ts";
import { areaLabel } from "~/lib/areas.ts";
import { log } from "~/lib/log.server.ts";

import type { ReaderArea } from "./area-headings.ts";
import { UnreadableFileError } from "./errors.server.ts";
import { readDocx } from "./read-docx.server.ts";
import { readCsv, readJson } from "./read-table.server.ts";
import { readerWords, type Words } from "./reader-words.server.ts";
import type { ReadReport } from "./rows.ts";
import { damagedMessage, decodeUtf8, detectFormat, IMPORT_MAX_BYTES } from "./upload-check.server.ts";

export interface ImportOptions {
  /** The deployment's heading mappings (IMPORT_HEADINGS_FILE): heading text → area. */
  headings?: Record<string, string>;
  /**
   * The thematic areas, retired ones included (the nine of the reports so far when not given): a
   * row found to be in a retired one is left without an area, with a warning saying so.
   */
  areas?: readonly ReaderArea[];
  /**
   * The language of the request that uploads the file, for the warnings and refusals (the
   * reader's thread has no request to ask): requestLanguage() of the request's thread. Absent:
   * the language of the request this runs in, English outside one.
   */
  language?: string;
}

/** A retired area takes no new cases: its rows are left for the user to place, and told why. */
function withoutRetiredAreas(
  report: ReadReport,
  areas: readonly ReaderArea[] = [],
  { t }: Words,
): ReadReport {
  const retired = new Map(areas.filter((a) => a.retired).map((a) => [a.slug, a]));
  if (retired.size === 0) return report;
  return {
    ...report,
    rows: report.rows.map((row) => {
      const area = row.area === null ? undefined : retired.get(row.area);
      if (!area) return row;
      return {
        ...row,
        area: null,
        warnings: [
          ...row.warnings,
          t("imports:reader.row.areaRetired", { label: areaLabel(areas, area.slug, t) }),
        ],
      };
    }),
  };
}

/**
 * Reads an uploaded file into proposed recommendation rows: a visit report in Word (.docx), or a
 * CSV or JSON export with the documented columns (docs/import.md). The format comes from the
 * bytes; a Word document is checked (zip bomb, external links) before it is opened.
 */
export async function readImportFile(
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions = {},
): Promise<ReadReport> {
  if (bytes.length > IMPORT_MAX_BYTES) throw new FileTooLargeError(IMPORT_MAX_BYTES);
  const words = readerWords(options.language ?? requestLanguage());
  const { t } = words;
  const format = detectFormat(bytes, fileName, words);
  try {
    const read = { ...options, words };
    if (format === "docx") return withoutRetiredAreas(await readDocx(bytes, read), options.areas, words);
    const text = decodeUtf8(bytes, words);
    if (text === null) throw new UnreadableFileError(t("imports:reader.file.notUtf8Text"));
    return withoutRetiredAreas(
      format === "csv" ? readCsv(text, read) : readJson(text, read),
      options.areas,
      words,
    );
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // A case no check foresaw (a library failing on a strange file): still a sentence, and a log
    // entry to find out what it was.
    log.warn("import file could not be read", {
      format,
      error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error),
    });
    throw new UnreadableFileError(
      format === "docx"
        ? damagedMessage(words)
        : t("imports:reader.file.unreadable", { format: format.toUpperCase() }),
    );
  }
}
