// What an uploaded import file is, told from its bytes (a renamed PDF stays a PDF), and the checks a
// Word document passes before mammoth opens it. An upload is hostile until shown otherwise: a .docx
// is a zip, and a zip can unpack to gigabytes (a "zip bomb"), hide entries, or make Word fetch
// content from elsewhere when someone opens the stored copy. None of that reaches the reader.
//
// The zip is walked the way mammoth's unzipper (JSZip) reads it, from the central directory at the
// end of the file, rather than front to back through the local headers as fflate's `Unzip` does:
// the two can be made to disagree (entries the front-to-back walk never sees), and the check has
// to cover what the reader will read. Entries that share bytes (the "better zip bomb") are refused.
// Every entry is inflated with fflate's streaming `Inflate`, counting the bytes that actually come
// out and stopping at the limit: the sizes a zip declares are not trusted.
import { Inflate } from "fflate";

import { UnsupportedFileTypeError } from "~/domain/errors.server.ts";

import { UnreadableFileError } from "./errors.server.ts";
import type { Words } from "./reader-words.server.ts";

export type ImportFormat = "docx" | "csv" | "json";

/** The largest file accepted for import. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** A Word document has a few dozen parts; 2,000 is far beyond any real report. */
export const MAX_ZIP_ENTRIES = 2_000;
/** All parts of a Word document together, unpacked (images included). */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
/** Unpacked size over file size: text compresses about 10 times, images hardly at all. */
export const MAX_UNPACK_RATIO = 200;
/**
 * The XML parts together, unpacked: mammoth parses XML at about 3 MB a second, so this bounds the
 * time a document takes to read to about 2 seconds. It holds some 15,000 paragraphs of two lines
 * (fewer as Word writes them, with its revision marks): several hundred pages.
 */
export const MAX_XML_BYTES = 6 * 1024 * 1024;

/** The sentence for a file that is damaged or not a Word document. */
export const damagedMessage = ({ t }: Words) => t("imports:reader.file.damaged");

// ---------------------------------------------------------------------------------------------
// The file's type

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

// Files people might pick by mistake, each with what to do instead (imports:reader.file.*).
const KNOWN_BINARIES: { signature: number[]; at?: number; message: string }[] = [
  { signature: ascii("%PDF-"), message: "pdf" },
  { signature: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], message: "olderOffice" },
  { signature: ascii("{\\rtf"), message: "rtf" },
  { signature: [0x89, 0x50, 0x4e, 0x47], message: "image" },
  { signature: [0xff, 0xd8, 0xff], message: "image" },
  { signature: ascii("GIF8"), message: "image" },
  { signature: ascii("WEBP"), at: 8, message: "image" },
];

const ZIP_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06], // an empty zip
];

// The main part a package names in [Content_Types].xml says what it is, and what to do about a
// package that is not a Word document (imports:reader.file.*).
const PACKAGE_KINDS: { contentType: string; message: string | null }[] = [
  {
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    message: null,
  },
  { contentType: "application/vnd.ms-word.document.macroenabled.main+xml", message: "docm" },
  {
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    message: "dotx",
  },
  { contentType: "application/vnd.ms-word.template.macroenabledtemplate.main+xml", message: "dotm" },
  { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml", message: "excel" },
  { contentType: "application/vnd.ms-excel", message: "excel" },
  { contentType: "application/vnd.openxmlformats-officedocument.presentationml", message: "powerPoint" },
];

/**
 * The format of an import file, decided by its bytes: a zip must be a Word document (.docx); other
 * binaries are refused (415) with a sentence naming what is accepted; text must be UTF-8 (a BOM is
 * fine) without NUL, and is JSON when it starts with "[" or "{" (or is named .json), CSV otherwise.
 * The name only chooses between CSV and JSON.
 */
export function detectFormat(bytes: Uint8Array, fileName: string, words: Words): ImportFormat {
  const { t } = words;
  if (bytes.length === 0) throw new UnreadableFileError(t("imports:reader.file.empty"));
  for (const known of KNOWN_BINARIES) {
    if (startsWith(bytes, known.signature, known.at))
      throw new UnsupportedFileTypeError(t(`imports:reader.file.${known.message}`));
  }
  if (ZIP_SIGNATURES.some((signature) => startsWith(bytes, signature))) return packageFormat(bytes, words);
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) throw utf16Error(words);

  const text = decodeUtf8(bytes, words, { allowNul: true });
  if (text === null) {
    // Text in another encoding (Excel's "CSV" on Windows is Windows-1252) has no control bytes;
    // anything else is binary.
    const looksLikeText = !bytes.some(
      (b) => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f,
    );
    throw new UnsupportedFileTypeError(
      t(looksLikeText ? "imports:reader.file.notUtf8" : "imports:reader.file.notAccepted"),
    );
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    // Every other byte NUL: UTF-16 saved without its byte-order mark.
    if (countNul(bytes) * 10 > bytes.length) throw utf16Error(words);
    const line = text.slice(0, nul).split("\n").length;
    throw new UnreadableFileError(t("imports:reader.file.nulAt", { line: words.count(line) }));
  }
  const start = text.trimStart();
  if (start.startsWith("<")) {
    throw new UnsupportedFileTypeError(t("imports:reader.file.markup"));
  }
  if (start.startsWith("[") || start.startsWith("{") || /\.json$/i.test(fileName.trim())) return "json";
  return "csv";
}

const utf16Error = ({ t }: Words) => new UnsupportedFileTypeError(t("imports:reader.file.utf16"));

const countNul = (bytes: Uint8Array) => bytes.reduce((n, b) => (b === 0 ? n + 1 : n), 0);

/**
 * The text of a UTF-8 file without its byte-order mark, or null when it is not UTF-8. NUL is
 * refused (400) unless `allowNul`: PostgreSQL cannot store it.
 */
export function decodeUtf8(bytes: Uint8Array, words: Words, { allowNul = false } = {}): string | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
  if (!allowNul && text.includes("\u0000")) throw new UnreadableFileError(words.t("imports:reader.file.nul"));
  return text;
}

function packageFormat(bytes: Uint8Array, words: Words): ImportFormat {
  const { t } = words;
  const entries = zipEntries(bytes, words);
  const types = entries.find((e) => e.name === "[Content_Types].xml");
  if (!types) {
    const mimetype = entries.find((e) => e.name === "mimetype");
    const odf = mimetype
      ? latin1(inflateAll(bytes, mimetype, { left: 1024, message: damagedMessage(words) }, words))
      : "";
    throw new UnsupportedFileTypeError(
      t(
        odf.startsWith("application/vnd.oasis.opendocument.text")
          ? "imports:reader.file.odt"
          : "imports:reader.file.zip",
      ),
    );
  }
  // A real one is a few kilobytes.
  const most = 1024 * 1024;
  const declared = latin1(
    inflateAll(
      bytes,
      types,
      { left: most, message: t("imports:reader.file.contentsTooLarge", { size: words.megabytes(most) }) },
      words,
    ),
  ).toLowerCase();
  const kind = PACKAGE_KINDS.find((k) => declared.includes(`contenttype="${k.contentType}`));
  if (!kind) throw new UnsupportedFileTypeError(t("imports:reader.file.otherOffice"));
  if (kind.message) throw new UnsupportedFileTypeError(t(`imports:reader.file.${kind.message}`));
  return "docx";
}

const latin1 = (bytes: Uint8Array) => new TextDecoder("latin1").decode(bytes);

// ---------------------------------------------------------------------------------------------
// Reading the zip as JSZip does

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** Where its local header starts, and its data. */
  local: number;
  dataStart: number;
}

const damaged = (words: Words) => new UnreadableFileError(damagedMessage(words));

/**
 * The entries of the zip, from its central directory. Refused as damaged: no end record, a
 * directory that does not end where the end record starts (data before or between, or ZIP64,
 * which no Word document under 4 GB needs), entries outside the file or sharing bytes, duplicate
 * names, encryption, or a compression other than stored and deflate.
 */
function zipEntries(bytes: Uint8Array, words: Words): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw damaged(words);
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryStart = view.getUint32(end + 16, true);
  if (
    view.getUint16(end + 4, true) !== 0 ||
    view.getUint16(end + 6, true) !== 0 ||
    view.getUint16(end + 8, true) !== count ||
    count === 0xffff ||
    directoryStart + directorySize !== end
  ) {
    throw damaged(words);
  }
  if (count > MAX_ZIP_ENTRIES) {
    throw new UnreadableFileError(
      words.t("imports:reader.file.tooManyParts", { max: words.count(MAX_ZIP_ENTRIES) }),
    );
  }

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = directoryStart;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) throw damaged(words);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    if (next > end || (flags & 1) !== 0 || (method !== 0 && method !== 8)) throw damaged(words);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = (flags & 0x800) !== 0 ? new TextDecoder().decode(nameBytes) : latin1(nameBytes);
    if (names.has(name)) throw damaged(words);
    names.add(name);
    if (local + 30 > directoryStart || view.getUint32(local, true) !== 0x04034b50) throw damaged(words);
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (dataStart + compressedSize > directoryStart) throw damaged(words);
    entries.push({ name, method, compressedSize, dataStart, local });
    at = next;
  }
  if (at !== end) throw damaged(words);
  // Entries that share bytes: a legitimate zip has none; a "better zip bomb" is made of them.
  const inOrder = [...entries].sort((a, b) => a.local - b.local);
  for (let i = 1; i < inOrder.length; i++) {
    const before = inOrder[i - 1]!;
    if (inOrder[i]!.local < before.dataStart + before.compressedSize) throw damaged(words);
  }
  return entries;
}

/** What may still come out of the zip, and the sentence for going over it. */
interface Budget {
  left: number;
  message: string;
}

// A compressed chunk of 4 KiB inflates to at most about 4 MiB, so a count that stops after a
// chunk passes the limit by no more than that.
const CHUNK = 4 * 1024;

/** Inflates one entry, handing its data on chunk by chunk and counting it against `budget`. */
function inflateEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  budget: Budget,
  words: Words,
  onData: (chunk: Uint8Array) => void,
) {
  const take = (chunk: Uint8Array) => {
    budget.left -= chunk.length;
    if (budget.left < 0) throw new UnreadableFileError(budget.message);
    onData(chunk);
  };
  const body = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  if (entry.method === 0) {
    take(body);
    return;
  }
  const inflate = new Inflate((chunk) => take(chunk));
  try {
    if (body.length === 0) inflate.push(body, true);
    for (let at = 0; at < body.length; at += CHUNK) {
      inflate.push(body.subarray(at, at + CHUNK), at + CHUNK >= body.length);
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw damaged(words); // fflate: invalid or truncated compressed data
  }
}

/** An entry's whole content, for small parts read to tell the file's type. */
function inflateAll(bytes: Uint8Array, entry: ZipEntry, budget: Budget, words: Words): Uint8Array {
  const chunks: Uint8Array[] = [];
  inflateEntry(bytes, entry, budget, words, (chunk) => chunks.push(chunk));
  return concat(chunks);
}

/**
 * The text of one part of a zip already through `checkWordPackage` (at most MAX_XML_BYTES), or
 * null when there is no such part.
 */
export function readZipText(bytes: Uint8Array, name: string, words: Words): string | null {
  const entry = zipEntries(bytes, words).find((e) => e.name === name);
  return entry
    ? new TextDecoder().decode(
        inflateAll(bytes, entry, { left: MAX_XML_BYTES, message: damagedMessage(words) }, words),
      )
    : null;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The checks of a Word document

// Office Open XML forbids DTDs (ECMA-376 Part 2); one can only be there to expand entities.
const DTD_MARKERS = ["<!DOCTYPE", "<!doctype", "<!ENTITY", "<!entity"].map((m) => Buffer.from(m, "latin1"));

/**
 * Whether a part is XML, from its first bytes other than a byte-order mark and white space; null
 * while there have been none.
 */
function startsAsXml(chunk: Uint8Array, atStart: boolean): boolean | null {
  let at = atStart && startsWith(chunk, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (
    at < chunk.length &&
    (chunk[at] === 0x20 || chunk[at] === 0x09 || chunk[at] === 0x0a || chunk[at] === 0x0d)
  )
    at++;
  return at < chunk.length ? chunk[at] === 0x3c : null;
}

/**
 * Refuses (400) a Word document that unpacks to too much (more than 2,000 parts, 100 MB, 200 times
 * its size, or 6 MB of XML), has a DTD, or links to content outside it: every relationship
 * with TargetMode="External" except hyperlinks, which are only text to us. Runs before mammoth
 * opens the file.
 */
export function checkWordPackage(bytes: Uint8Array, words: Words): void {
  const { t } = words;
  const entries = zipEntries(bytes, words);
  const byRatio = bytes.length * MAX_UNPACK_RATIO < MAX_UNPACKED_BYTES;
  const budget: Budget = {
    left: Math.min(MAX_UNPACKED_BYTES, bytes.length * MAX_UNPACK_RATIO),
    message: byRatio
      ? t("imports:reader.file.expandsTimes", { ratio: words.count(MAX_UNPACK_RATIO) })
      : t("imports:reader.file.expandsTo", { size: words.megabytes(MAX_UNPACKED_BYTES) }),
  };
  const xmlBudget: Budget = {
    left: MAX_XML_BYTES,
    message: t("imports:reader.file.textTooLarge", { size: words.megabytes(MAX_XML_BYTES) }),
  };
  for (const entry of entries) {
    // A part is XML by its content, not its name: mammoth follows the relationships, whatever the
    // parts are called.
    let isXml: boolean | null = null;
    let atStart = true;
    let tail: Buffer = Buffer.alloc(0);
    const rels: Uint8Array[] = [];
    const isRels = /\.rels$/i.test(entry.name);
    inflateEntry(bytes, entry, budget, words, (chunk) => {
      isXml ??= startsAsXml(chunk, atStart);
      atStart &&= chunk.length === 0;
      if (!isXml) return;
      xmlBudget.left -= chunk.length;
      if (xmlBudget.left < 0) throw new UnreadableFileError(xmlBudget.message);
      const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      // The marker may straddle two chunks: look at the join too.
      const join = Buffer.concat([tail, data.subarray(0, 16)]);
      if (DTD_MARKERS.some((m) => data.includes(m) || join.includes(m))) throw damaged(words);
      tail = Buffer.from(data.subarray(Math.max(0, data.length - 16)));
      if (isRels) rels.push(chunk);
    });
    if (isRels && hasExternalContent(new TextDecoder().decode(concat(rels)))) {
      throw new UnreadableFileError(t("imports:reader.file.external"));
    }
  }
}

const character = (code: number) => (code <= 0x10ffff ? String.fromCodePoint(code) : "");
const decodeEntities = (value: string) =>
  value
    .replace(/&#x([0-9a-f]{1,8});/gi, (_, hex: string) => character(Number.parseInt(hex, 16)))
    .replace(/&#([0-9]{1,10});/g, (_, dec: string) => character(Number.parseInt(dec, 10)))
    .replace(
      /&(quot|apos|lt|gt|amp);/g,
      (_, name: string) => ({ quot: '"', apos: "'", lt: "<", gt: ">", amp: "&" })[name]!,
    );

/** Whether a relationships part has an external target other than a hyperlink. */
function hasExternalContent(xml: string): boolean {
  for (const [, attributes = ""] of xml.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const values = new Map<string, string>();
    for (const [, name = "", , double, single] of attributes.matchAll(
      /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g,
    )) {
      values.set(name, decodeEntities(double ?? single ?? "").trim());
    }
    if ((values.get("TargetMode") ?? "").toLowerCase() !== "external") continue;
    if (!/\/hyperlink$/i.test(values.get("Type") ?? "")) return true;
  }
  return false;
}
