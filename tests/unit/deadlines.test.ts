import { describe, expect, it } from "vitest";

import {
  addMonths,
  defaultDueDate,
  defaultDueDateFrom,
  dueStatus,
  isOverdue,
  isPastDay,
  observationsDueDate,
} from "~/lib/deadlines.ts";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("deadlines", () => {
  it("is due six months after the report's adoption", () => {
    expect(defaultDueDate(d("2017-06-15"))).toEqual(d("2017-12-15"));
    expect(defaultDueDate(null)).toBeNull();
  });

  it("gives a new case the default only while it is ahead: none when it is today or past", () => {
    // Adopted 15 June 2017: due 15 December 2017, long past for a case drafted now.
    expect(defaultDueDateFrom(d("2017-06-15"), new Date("2026-12-01T10:00:00Z"))).toBeNull();
    expect(defaultDueDateFrom(d("2017-06-15"), new Date("2017-12-14T23:59:59Z"))).toEqual(d("2017-12-15"));
    // On the due day itself (UTC) it is no longer ahead.
    expect(defaultDueDateFrom(d("2017-06-15"), new Date("2017-12-15T00:00:00Z"))).toBeNull();
    expect(defaultDueDateFrom(d("2026-10-15"), new Date("2026-12-01T10:00:00Z"))).toEqual(d("2027-04-15"));
    expect(defaultDueDateFrom(null, new Date("2026-12-01T10:00:00Z"))).toBeNull();
  });

  it("tells a day before today (UTC) from today and later, and ignores what is not a day", () => {
    const now = new Date("2026-12-01T01:00:00Z");
    expect(isPastDay("2026-11-30", now)).toBe(true);
    expect(isPastDay("2017-12-15", now)).toBe(true);
    expect(isPastDay("2026-12-01", now)).toBe(false);
    expect(isPastDay("2027-01-15", now)).toBe(false);
    // 23:00 on 30 November in New York is 1 December in UTC: 30 November is past.
    expect(isPastDay("2026-11-30", new Date("2026-11-30T23:00:00-05:00"))).toBe(true);
    expect(isPastDay("", now)).toBe(false);
    expect(isPastDay("yesterday", now)).toBe(false);
  });

  it("clamps to the month's last day, leap years included", () => {
    expect(defaultDueDate(d("2017-08-31"))).toEqual(d("2018-02-28"));
    expect(defaultDueDate(d("2019-08-31"))).toEqual(d("2020-02-29"));
    expect(defaultDueDate(d("2017-12-31"))).toEqual(d("2018-06-30"));
    expect(addMonths(d("2024-01-31"), 1)).toEqual(d("2024-02-29"));
    expect(addMonths(d("2024-03-31"), -1)).toEqual(d("2024-02-29"));
    expect(addMonths(d("2023-11-30"), 3)).toEqual(d("2024-02-29"));
  });

  it("takes the calendar day in UTC, whatever the time zone a date was written in", () => {
    // Adopted late on 31 August in New York: 1 September in UTC.
    expect(defaultDueDate(new Date("2017-08-31T22:00:00-04:00"))).toEqual(d("2018-03-01"));
    // Adopted early on 1 September in Dushanbe: still 31 August in UTC.
    expect(defaultDueDate(new Date("2017-09-01T03:00:00+05:00"))).toEqual(d("2018-02-28"));
  });

  it("has the factual observations due 30 days after the draft report was sent, across month ends", () => {
    expect(observationsDueDate(d("2017-01-31"))).toEqual(d("2017-03-02"));
    expect(observationsDueDate(d("2016-01-31"))).toEqual(d("2016-03-01"));
    expect(observationsDueDate(d("2017-12-15"))).toEqual(d("2018-01-14"));
    expect(observationsDueDate(null)).toBeNull();
  });

  it("is overdue from the day after the due day (UTC) unless finished", () => {
    const due = d("2018-03-01");
    expect(dueStatus(due, false, new Date("2018-03-01T23:59:59.999Z"))).toBe("due_soon");
    expect(dueStatus(due, false, new Date("2018-03-02T00:00:00Z"))).toBe("overdue");
    // 02:00 on 2 March in Dushanbe is still 1 March in UTC: not overdue yet.
    expect(dueStatus(due, false, new Date("2018-03-02T02:00:00+05:00"))).toBe("due_soon");
    expect(dueStatus(due, true, new Date("2018-04-01T00:00:00Z"))).toBeNull();
    expect(isOverdue(d("2017-12-31"), "agreed", d("2018-01-01"))).toBe(true);
    expect(isOverdue(d("2017-12-31"), "verified", d("2018-01-01"))).toBe(false);
    expect(isOverdue(null, "drafted", d("2018-01-01"))).toBe(false);
  });

  it("is due soon on the due day and the 14 days before it", () => {
    const due = d("2018-03-01");
    expect(dueStatus(due, false, d("2018-02-15"))).toBe("due_soon");
    expect(dueStatus(due, false, new Date("2018-02-14T23:59:59Z"))).toBeNull();
    // Across the end of February in a leap year: 14 days before 14 March 2020 is 29 February.
    expect(dueStatus(d("2020-03-14"), false, d("2020-02-29"))).toBe("due_soon");
    expect(dueStatus(d("2020-03-14"), false, d("2020-02-28"))).toBeNull();
  });
});
