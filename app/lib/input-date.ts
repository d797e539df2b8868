// Due dates in input: a calendar day written YYYY-MM-DD (the date input's format and the API's).
// Only text is accepted (true or 0 are not dates), only days that exist (2027-02-30 is not 2 March)
// and only within a range that makes sense for follow-up work and that every layer below can hold
// (JavaScript dates reach +275760, PostgreSQL does not).
import { z } from "zod";

import { keyed } from "./input-messages.ts";
import { text } from "./input-text.ts";

export const EARLIEST_DATE = "2000-01-01";
export const LATEST_DATE = "2100-12-31";

const FORMAT_MESSAGE = "errors:input.dateExample";

/** A day in UTC, as a Date at midnight UTC (app/lib/deadlines.ts). */
export function calendarDate() {
  return text()
    .regex(/^\d{4}-\d{2}-\d{2}$/, FORMAT_MESSAGE)
    .transform((value, ctx) => {
      const date = new Date(`${value}T00:00:00.000Z`);
      // Date.parse rolls 2027-02-30 over into March: a real day reads back the same.
      if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: keyed("errors:input.noSuchDay", { value }),
        });
        return z.NEVER;
      }
      if (value < EARLIEST_DATE || value > LATEST_DATE) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: "errors:input.dateRange",
        });
        return z.NEVER;
      }
      return date;
    });
}
