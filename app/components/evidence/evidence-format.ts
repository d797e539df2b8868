// How an evidence item's facts read on the page: its kind, its size and its detected type in words.

export type EvidenceKind = "file" | "link" | "reference";

export const KIND_LABELS: Record<EvidenceKind, string> = {
  file: "File",
  link: "Link",
  reference: "Official reference",
};

/** 812 bytes, 14 KB, 2.4 MB: kilobytes and megabytes of 1,024, as file managers count them. */
export function formatSize(bytes: number | null): string {
  if (bytes === null) return "";
  if (bytes < 1024) return `${bytes} bytes`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${Math.round(kb)} KB`;
  const mb = kb / 1024;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

const TYPE_WORDS: Record<string, string> = {
  "application/pdf": "PDF",
  "application/msword": "Word document",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
  "application/vnd.ms-excel": "Excel spreadsheet",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint presentation",
  "application/vnd.oasis.opendocument.text": "OpenDocument text",
  "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
  "application/vnd.oasis.opendocument.presentation": "OpenDocument presentation",
  "image/png": "Image (PNG)",
  "image/jpeg": "Image (JPEG)",
  "image/gif": "Image (GIF)",
  "image/webp": "Image (WebP)",
  "text/plain": "Text",
  "text/csv": "Table (CSV)",
  "text/markdown": "Text (Markdown)",
};

/** The type the server detected from the file's bytes, as a person names it. */
export function typeInWords(contentType: string | null): string {
  if (!contentType) return "";
  const bare = contentType.split(";")[0]!.trim().toLowerCase();
  return TYPE_WORDS[bare] ?? bare;
}

export const isImage = (contentType: string | null) => Boolean(contentType?.startsWith("image/"));

/** What the file input offers to choose: the types the server accepts (it checks the bytes itself). */
export const ACCEPT_FILES =
  ".pdf,.doc,.docx,.xls,.xlsx,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp,.txt,.csv,.md";

export function formatDateTime(value: string | Date): string {
  return `${new Date(value).toLocaleString("en-GB", {
    timeZone: "UTC",
    dateStyle: "medium",
    timeStyle: "short",
  })} UTC`;
}
