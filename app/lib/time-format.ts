// Times as the case history shows them: in UTC, with "UTC" written, the same on the server and in
// every browser whatever its time zone. Comments on tasks and on the response use it too.

/** "1 Dec 2026, 14:03 UTC"; "" for a missing or unreadable time. */
export function formatUtcTime(value: string | Date | null | undefined): string {
  if (value == null || value === "") return "";
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) return "";
  return `${at.toLocaleString("en-GB", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" })} UTC`;
}
