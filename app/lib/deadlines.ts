// Deadlines mean the same thing everywhere (pages, API, My work, reminders). A due date is a
// calendar day in UTC: a case or task due on 1 March is overdue from 2 March 00:00 UTC, and due
// soon from 15 days before that (the due day and the 14 days before it).
import { caseStateHas } from "~workflows/state-tags.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
export const DUE_SOON_DAYS = 14;

export type DueStatus = "overdue" | "due_soon" | null;

/** Midnight UTC of the day `at` falls on. */
export function utcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** Due dates strictly before this are overdue. */
export const overdueBefore = (now: Date) => utcDay(now);
/** Due dates before this (and not overdue) are due soon. */
export const dueSoonBefore = (now: Date) => new Date(utcDay(now).getTime() + (DUE_SOON_DAYS + 1) * DAY_MS);

/** Overdue, due soon, or neither; work that is finished is neither. */
export function dueStatus(dueAt: Date | string | null, finished: boolean, now = new Date()): DueStatus {
  if (!dueAt || finished) return null;
  const due = utcDay(new Date(dueAt)).getTime();
  if (due < overdueBefore(now).getTime()) return "overdue";
  return due < dueSoonBefore(now).getTime() ? "due_soon" : null;
}

/** A case is finished once locked (verified). */
export function isOverdue(dueAt: Date | string | null, state: string, now = new Date()): boolean {
  return dueStatus(dueAt, caseStateHas(state, "locked"), now) === "overdue";
}

/** `months` later on the same day of the month, or the month's last day: 31 August + 6 is 28/29 February. */
export function addMonths(date: Date, months: number): Date {
  const day = date.getUTCDate();
  const first = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, lastDay)));
}

/** By default a case is due six months after the report's adoption (the Committee's practice). */
export function defaultDueDate(reportAdoptedAt: Date | null): Date | null {
  return reportAdoptedAt ? addMonths(utcDay(reportAdoptedAt), 6) : null;
}

/**
 * The due date a case drafted `now` gets when none is given: the default, only while it is still
 * ahead. On an older visit (2017's, say) it is today or past, and a default that makes a new case
 * overdue at once is no default: then none, for CTED to choose one.
 */
export function defaultDueDateFrom(reportAdoptedAt: Date | null, now = new Date()): Date | null {
  const due = defaultDueDate(reportAdoptedAt);
  return due && due.getTime() > utcDay(now).getTime() ? due : null;
}

/** Whether a calendar day written YYYY-MM-DD (a date input's value) is before today (UTC); false for anything else. */
export function isPastDay(day: string, now = new Date()): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && day < utcDay(now).toISOString().slice(0, 10);
}

/** The State's factual observations on the draft report are due 30 days after it was sent. */
export function observationsDueDate(reportSentAt: Date | null): Date | null {
  return reportSentAt ? new Date(utcDay(reportSentAt).getTime() + 30 * DAY_MS) : null;
}
