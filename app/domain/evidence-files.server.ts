// What an evidence file is, told from its bytes rather than its name or the type the browser
// claims: a renamed executable stays an executable. The accepted types, the sanitised file name
// kept with an item, and how a download names it.
import { fileTypeFromBuffer } from "file-type";

/** How much of a file's start is read to tell its type (Office files: their first zip entries). */
export const SNIFF_BYTES = 64 * 1024;

// The types file-type reports that are accepted, as stored and served.
const DETECTED = new Set([
  "application/pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
]);

// Legacy Word and Excel files are Compound File Binary containers (application/x-cfb), as are
// installer packages (.msi): accepted only when named as a document, and stored as that type.
const CFB_BY_EXTENSION: Record<string, string> = {
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
};

// Text has no signature: accepted only when named so and its first bytes are UTF-8 without NUL.
const TEXT_BY_EXTENSION: Record<string, string> = {
  txt: "text/plain; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};

/** The types a browser shows by itself without running anything of the file's: PDFs and images. */
const PREVIEWABLE = new Set(["application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"]);

// The accepted types, as a refusal names them to a person: evidence:errors.acceptedTypes.

const extensionOf = (fileName: string) => {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
};

function isUtf8Text(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    // `stream`: the sample may end in the middle of a character.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The content type of a file from its first bytes (up to SNIFF_BYTES) and its sanitised name, or
 * null when it is not a type accepted as evidence.
 */
export async function detectContentType(head: Uint8Array, fileName: string): Promise<string | null> {
  const extension = extensionOf(fileName);
  const detected = await fileTypeFromBuffer(head).catch(() => undefined);
  if (detected) {
    if (DETECTED.has(detected.mime)) return detected.mime;
    if (detected.mime === "application/x-cfb") return CFB_BY_EXTENSION[extension] ?? null;
    return null;
  }
  const text = TEXT_BY_EXTENSION[extension];
  return text && isUtf8Text(head) ? text : null;
}

export const isPreviewable = (contentType: string | null) =>
  contentType !== null && PREVIEWABLE.has(contentType);

// C0 and C1 controls, DEL, and the bidirectional controls that can make "exe.pdf" read as
// "fdp.exe"; unpaired surrogates (half a character).
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNWANTED = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAX_NAME = 200;

/**
 * The name an uploaded file is kept under: its last path segment, without control characters or
 * path separators, at most 200 characters, its extension kept when it has to be shortened.
 */
export function sanitizeFileName(raw: string): string {
  let name = (raw.split(/[/\\]/).pop() ?? "").replace(UNWANTED, "").replace(LONE_SURROGATE, "").trim();
  if (name === "" || /^\.+$/.test(name)) name = "file";
  const chars = Array.from(name);
  if (chars.length <= MAX_NAME) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length === 0 || extension.length > 20) return chars.slice(0, MAX_NAME).join("");
  return chars.slice(0, MAX_NAME - extension.length).join("") + extension.join("");
}

/**
 * Content-Disposition for a stored file: the name as RFC 5987 UTF-8 (filename*), with an ASCII
 * stand-in (filename) for clients that do not read it.
 */
export function contentDisposition(disposition: "attachment" | "inline", fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
