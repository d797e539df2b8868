// One rule for dates and times (app/i18n/format.ts): a moment in the person's zone with the zone
// written, a calendar day (a deadline) as its UTC day whatever the zone, in the language's own
// conventions; whatever zone the process itself runs in.
import { describe, expect, it } from "vitest";

import { formatCount, formatDay, formatsFor, formatTime, isTimeZone } from "~/i18n/format.ts";

const AT = "2026-12-01T23:30:00.000Z";

describe("formatTime", () => {
  it("shows the moment in the zone, the zone written", () => {
    expect(formatTime(AT, "en", "UTC")).toBe("1 Dec 2026, 23:30 UTC");
    // Half past eleven at night in London is half past four the next morning in Dushanbe.
    expect(formatTime(AT, "en", "Asia/Dushanbe")).toBe("2 Dec 2026, 04:30 GMT+5");
    expect(formatTime(AT, "en", "America/New_York")).toBe("1 Dec 2026, 18:30 GMT-5");
  });

  it("in the language's conventions", () => {
    expect(formatTime(AT, "fr", "Europe/Paris")).toBe("2 déc. 2026, 00:30 UTC+1");
    expect(formatTime(AT, "ru", "Asia/Dushanbe")).toMatch(/^2 дек\. 2026 г\., 04:30 GMT\+5$/);
    expect(formatTime(AT, "ar", "UTC")).toMatch(/ديسمبر/);
  });

  it("falls back to UTC for a zone the runtime does not know, and to nothing for no time", () => {
    expect(formatTime(AT, "en", "Mars/Olympus_Mons")).toBe("1 Dec 2026, 23:30 UTC");
    expect(formatTime(null, "en", "UTC")).toBe("");
    expect(formatTime("", "en", "UTC")).toBe("");
    expect(formatTime("not a time", "en", "UTC")).toBe("");
  });
});

describe("formatDay", () => {
  it("keeps a deadline's UTC day in every zone and language", () => {
    const due = "2027-03-01T00:00:00.000Z";
    expect(formatDay(due, "en")).toBe("1 Mar 2027");
    expect(formatDay(due, "fr")).toBe("1 mars 2027");
    expect(formatDay(due, "ru")).toBe("1 мар. 2027 г.");
    // formatsFor with a zone west of UTC still says 1 March, not 28 February.
    expect(formatsFor("en", "America/Los_Angeles").day(due)).toBe("1 Mar 2027");
  });
});

describe("the rest", () => {
  it("counts in the language's grouping, and knows real zones", () => {
    expect(formatCount(12345, "en")).toBe("12,345");
    expect(formatCount(12345, "fr")).toMatch(/^12\s345$/);
    expect(isTimeZone("Asia/Dushanbe")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Asia/Nowhere")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(formatsFor("en", "Asia/Nowhere").timeZone).toBe("UTC");
  });
});
