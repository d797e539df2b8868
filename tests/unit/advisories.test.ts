// The CI's advisory check (scripts/advisories.ts): advisories fail it, an unreachable service is
// said plainly and does not.
import { describe, expect, it } from "vitest";

import { verdictOf } from "~scripts/advisories.ts";

describe("the advisory check", () => {
  it("passes a clean report and says how many lesser advisories there are", () => {
    const report = { metadata: { vulnerabilities: { low: 2, moderate: 1, high: 0, critical: 0, total: 3 } } };
    expect(verdictOf(JSON.stringify(report))).toEqual({
      ok: true,
      said: "No high or critical advisory (3 of any severity).",
    });
  });

  it("fails on a high or critical advisory and names the packages", () => {
    const report = {
      vulnerabilities: {
        lodash: { severity: "critical" },
        debug: { severity: "low" },
        ws: { severity: "high" },
      },
      metadata: { vulnerabilities: { low: 1, high: 1, critical: 1, total: 3 } },
    };
    expect(verdictOf(JSON.stringify(report))).toEqual({
      ok: false,
      said: "2 high or critical advisories: lodash (critical), ws (high). Run npm audit for the details.",
    });
  });

  it("says so when the advisory service cannot be asked, without failing", () => {
    const unreachable = {
      message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
      statusCode: 405,
    };
    expect(verdictOf(JSON.stringify(unreachable))).toEqual({
      ok: true,
      said: "The advisory service could not be asked (405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk): dependencies NOT checked for advisories.",
    });
    expect(verdictOf("npm ERR! something")).toMatchObject({ ok: false });
  });
});
