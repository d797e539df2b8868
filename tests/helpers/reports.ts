// Reading back what the exports and reports produce (CSV, XLSX, DOCX, PDF), and the data they need
// that the factories do not make: a saved response, and many cases at once.
import { parse } from "csv-parse/sync";
import { strFromU8, unzipSync } from "fflate";
import * as Y from "yjs";

import { prisma } from "~/db/client.server.ts";
import { appendUpdates, caseDocName } from "~/domain/documents.server.ts";

/** The rows of a CSV file, its byte order mark dropped, parsed by csv-parse as RFC 4180 says. */
export const csvRows = (text: string): string[][] => parse(text, { bom: true, relaxQuotes: false });

/** One file of a zip (DOCX, XLSX), as text. */
export function zippedText(bytes: Uint8Array, path: string): string {
  const file = unzipSync(bytes, { filter: (f) => f.name === path })[path];
  if (!file) throw new Error(`${path} is not in the file`);
  return strFromU8(file);
}

const decodeXml = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** The text of a piece of WordprocessingML: its runs' text, a line per paragraph. */
const wordText = (xml: string) =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decodeXml(t[1]!)).join(""))
    .join("\n");

/** A DOCX document's body text, a line per paragraph. */
export const docxText = (bytes: Uint8Array) => wordText(zippedText(bytes, "word/document.xml"));

/** The DOCX document's tables (not nested), as rows of cell texts. */
export function docxTables(bytes: Uint8Array): string[][][] {
  const xml = zippedText(bytes, "word/document.xml");
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((table) =>
    [...table[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
      [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => wordText(cell[0])),
    ),
  );
}

/** The number of pages of a PDF, counted from its page objects. */
export const pdfPageCount = (bytes: Uint8Array) =>
  (
    Buffer.from(bytes)
      .toString("latin1")
      .match(/\/Type\s*\/Page(?![s\w])/g) ?? []
  ).length;

/** Saves `text` as the case's response, as the co-editor would (one paragraph). */
export async function saveResponse(caseId: string, text: string): Promise<void> {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("response").insert(0, [paragraph]);
  await appendUpdates([{ docName: caseDocName(caseId), update: Y.encodeStateAsUpdate(doc) }]);
  doc.destroy();
}

/**
 * `count` copies of a case, straight into the table (references `<prefix>-0001`, ...): for a list
 * longer than an export's page, which would take minutes through the domain. They have no history.
 */
export async function copiesOfCase(caseId: string, count: number, refPrefix: string): Promise<void> {
  const {
    id: _id,
    ref: _ref,
    createdAt: _c,
    updatedAt: _u,
    snapshot,
    ...row
  } = await prisma().case.findUniqueOrThrow({
    where: { id: caseId },
  });
  await prisma().case.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      ...row,
      snapshot: snapshot ?? {},
      ref: `${refPrefix}-${String(i + 1).padStart(4, "0")}`,
      title: `${row.title} (copy ${i + 1})`,
    })),
  });
}
