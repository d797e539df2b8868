// A small, valid one-page PDF made in code (A4, Helvetica, a title and a few lines), for the demo's
// evidence files and the browser tests: no binary file in the repository, the same bytes each time.

/** Text as a PDF string literal: backslashes and parentheses escaped, printable ASCII only. */
const pdfString = (text: string) =>
  `(${text.replace(/[^\x20-\x7e]/g, "-").replace(/[\\()]/g, (c) => `\\${c}`)})`;

/** A one-page PDF showing `title` in bold and `lines` below it. */
export function onePagePdf(title: string, lines: string[]): Buffer {
  const text = [
    "BT",
    "/F2 14 Tf",
    "72 770 Td",
    `${pdfString(title)} Tj`,
    "/F1 11 Tf",
    "0 -28 Td",
    "15 TL",
    ...lines.map((line) => `${pdfString(line)} '`),
    "ET",
  ].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    `<< /Length ${Buffer.byteLength(text, "latin1")} >>\nstream\n${text}\nendstream`,
  ];
  let body = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
