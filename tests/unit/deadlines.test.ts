import { describe, expect, it } from "vitest";
import { defaultDueDate, isOverdue } from "../../app/lib/deadlines.ts";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("deadlines", () => {
  it("is due six months after the report's adoption", () => {
    expect(defaultDueDate(d("2017-06-15"))).toEqual(d("2017-12-15"));
    expect(defaultDueDate(null)).toBeNull();
  });

  it("clamps to the month's last day", () => {
    expect(defaultDueDate(d("2017-08-31"))).toEqual(d("2018-02-28"));
    expect(defaultDueDate(d("2019-08-31"))).toEqual(d("2020-02-29"));
    expect(defaultDueDate(d("2017-12-31"))).toEqual(d("2018-06-30"));
  });

  it("is overdue after the due date unless verified", () => {
    const now = d("2018-01-01");
    expect(isOverdue(d("2017-12-31"), "agreed", now)).toBe(true);
    expect(isOverdue(d("2017-12-31"), "verified", now)).toBe(false);
    expect(isOverdue(d("2018-01-02"), "in_progress", now)).toBe(false);
    expect(isOverdue(null, "drafted", now)).toBe(false);
  });
});
