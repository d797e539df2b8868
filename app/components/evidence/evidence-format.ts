// How an evidence item's facts read on the page: its kind, its size and its detected type in words,
// in the reader's language (evidence:kinds, evidence:size, evidence:types).
import type { Formats } from "~/i18n/format.ts";
import type { Translate } from "~/i18n/languages.ts";

export type EvidenceKind = "file" | "link" | "reference";

/** "File", "Link", "Official reference": evidence:kinds.<kind>. */
export const kindLabel = (kind: EvidenceKind, t: Translate): string => t(`evidence:kinds.${kind}`);

/** Every kind's label, as KIND_LABELS was. */
export const kindLabels = (t: Translate): Record<EvidenceKind, string> => ({
  file: kindLabel("file", t),
  link: kindLabel("link", t),
  reference: kindLabel("reference", t),
});

/** 812 bytes, 14 KB, 2.4 MB: kilobytes and megabytes of 1,024, as file managers count them. */
export function formatSize(bytes: number | null, t: Translate, format: Pick<Formats, "count">): string {
  if (bytes === null) return "";
  if (bytes < 1024) return t("evidence:size.bytes", { count: bytes, value: format.count(bytes) });
  const kb = bytes / 1024;
  if (kb < 1024) return t("evidence:size.kilobytes", { value: format.count(Math.round(kb)) });
  const mb = kb / 1024;
  const value = mb < 10 ? Math.round(mb * 10) / 10 : Math.round(mb);
  return t("evidence:size.megabytes", { value: format.count(value) });
}

// The detected types, named: evidence:types.<name>.
const TYPE_WORDS: Record<string, string> = {
  "application/pdf": "pdf",
  "application/msword": "word",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word",
  "application/vnd.ms-excel": "excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "excel",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "powerpoint",
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
  "application/vnd.oasis.opendocument.presentation": "odp",
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/gif": "gif",
  "image/webp": "webp",
  "text/plain": "text",
  "text/csv": "csv",
  "text/markdown": "markdown",
};

/** The type the server detected from the file's bytes, as a person names it. */
export function typeInWords(contentType: string | null, t: Translate): string {
  if (!contentType) return "";
  const bare = contentType.split(";")[0]!.trim().toLowerCase();
  const name = TYPE_WORDS[bare];
  return name ? t(`evidence:types.${name}`) : bare;
}

export const isImage = (contentType: string | null) => Boolean(contentType?.startsWith("image/"));

/** What the file input offers to choose: the types the server accepts (it checks the bytes itself). */
export const ACCEPT_FILES =
  ".pdf,.doc,.docx,.xls,.xlsx,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp,.txt,.csv,.md";
