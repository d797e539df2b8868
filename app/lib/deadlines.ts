// Overdue means the same thing everywhere: a due date in the past on a case not yet verified.
export function isOverdue(dueAt: Date | string | null, state: string, now = new Date()): boolean {
  if (!dueAt || state === "verified") return false;
  return new Date(dueAt).getTime() < now.getTime();
}

/** By default a case is due six months after the report's adoption (the Committee's practice). */
export function defaultDueDate(reportAdoptedAt: Date | null): Date | null {
  if (!reportAdoptedAt) return null;
  const due = new Date(reportAdoptedAt);
  const day = due.getUTCDate();
  due.setUTCMonth(due.getUTCMonth() + 6, 1);
  // 31 August + 6 months is 28/29 February, not 3 March.
  const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
  due.setUTCDate(Math.min(day, lastDay));
  return due;
}
