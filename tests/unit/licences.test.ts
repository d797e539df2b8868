// Supply chain (issue 13, point 5): the licences of what the app runs with are listed in
// docs/licences.md, current with package-lock.json, and each is one we accept.
import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import {
  ACCEPTED,
  LICENCES_FILE,
  licencesMarkdown,
  productionLicences,
  REVIEWED_UNSTATED,
} from "~scripts/licences.ts";

describe("licences", () => {
  const items = productionLicences();

  it("docs/licences.md lists the packages of package-lock.json as they are (npm run licences)", () => {
    expect(items.length).toBeGreaterThan(100);
    expect(readFileSync(LICENCES_FILE, "utf8")).toBe(licencesMarkdown(items));
  });

  it("every package the app runs with has a licence we accept, or states none and was reviewed", () => {
    const refused = items.filter(
      (i) =>
        !ACCEPTED.has(i.licence) &&
        !(i.licence === "UNKNOWN" && `${i.name}@${i.version}` in REVIEWED_UNSTATED),
    );
    expect(refused.map((i) => `${i.name}@${i.version}: ${i.licence}`)).toEqual([]);
  });
});
