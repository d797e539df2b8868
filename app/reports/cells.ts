// Text as it goes into a spreadsheet cell, the same for CSV and XLSX. Case titles and references
// are typed by people: a cell that starts like a formula (=, +, -, @, or a tab or carriage return
// before one) would be run by Excel or LibreOffice when the file is opened ("CSV injection"), so
// it is written with a leading apostrophe, which both show as text.

const FORMULA_START = /^[=+\-@\t\r]/;

/** The value with a leading apostrophe when a spreadsheet would read it as a formula. */
export const neutraliseFormula = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. */
export function csvField(value: string): string {
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, ended by CRLF as RFC 4180 asks. */
export const csvRecord = (values: string[]): string => `${values.map(csvField).join(",")}\r\n`;

/** YYYY-MM-DD of a UTC calendar day (due dates, visit dates), or "" for none. */
export const isoDay = (value: Date | null): string => (value ? value.toISOString().slice(0, 10) : "");

/** "YYYY-MM-DD HH:MM UTC" of a moment, or "" for none. */
export const isoMinute = (value: Date | null): string =>
  value ? `${value.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
