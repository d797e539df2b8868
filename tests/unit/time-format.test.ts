// Comment times read as the case history's: in UTC, with "UTC" written, whatever the browser's zone.
import { describe, expect, it } from "vitest";

import { formatUtcTime } from "~/lib/time-format.ts";

describe("formatUtcTime", () => {
  it("writes the time in UTC, ending with UTC", () => {
    expect(formatUtcTime("2026-12-01T23:30:00.000Z")).toBe("1 Dec 2026, 23:30 UTC");
    expect(formatUtcTime(new Date("2026-03-04T05:06:00+02:00"))).toBe("4 Mar 2026, 03:06 UTC");
  });

  it("does not depend on the process's time zone", () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = "Asia/Dushanbe";
      expect(formatUtcTime("2026-12-01T23:30:00.000Z")).toMatch(/^1 Dec 2026, 23:30 UTC$/);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("is empty for a missing or unreadable time", () => {
    expect(formatUtcTime(undefined)).toBe("");
    expect(formatUtcTime(null)).toBe("");
    expect(formatUtcTime("")).toBe("");
    expect(formatUtcTime("not a time")).toBe("");
  });
});
