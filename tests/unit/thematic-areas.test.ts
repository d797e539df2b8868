// The thematic areas' pure helpers (app/lib/areas.ts) and what the import readers make of areas
// CTED administers: an area added since names headings by its label and code, a renamed one by
// its new label (and its default words), a retired one's rows are left for the user to place.
import { describe, expect, it } from "vitest";

import { areaForHeading, parseAreaName, type ReaderArea } from "~/import/area-headings.ts";
import { readImportFile } from "~/import/read-upload.server.ts";
import {
  areaChoices,
  areaCode,
  areaLabel,
  areasShown,
  DEFAULT_THEMATIC_AREAS,
  slugFromLabel,
  type ThematicArea,
} from "~/lib/areas.ts";

const AREAS: ThematicArea[] = [
  { slug: "border-control", code: "BC", label: "Border management", position: 1, retired: false },
  { slug: "gender", code: "GE", label: "Gender", position: 2, retired: true },
  { slug: "drones", code: "UA", label: "Unmanned aircraft systems", position: 3, retired: false },
];

describe("the areas' helpers", () => {
  it("name an area by its label and code from the list given", () => {
    expect(areaLabel(AREAS, "border-control")).toBe("Border management");
    expect(areaLabel(AREAS, "nowhere")).toBe("nowhere");
    expect(areaCode(AREAS, "drones")).toBe("UA");
    expect(areaCode(AREAS, "nowhere")).toBeUndefined();
  });

  it("offer the areas in use, and a retired one only where it is already chosen or has cases", () => {
    expect(areaChoices(AREAS).map((a) => a.slug)).toEqual(["border-control", "drones"]);
    expect(areaChoices(AREAS, "gender").map((a) => a.slug)).toEqual(["border-control", "gender", "drones"]);
    expect(areasShown(AREAS, []).map((a) => a.slug)).toEqual(["border-control", "drones"]);
    expect(areasShown(AREAS, ["gender", "drones"]).map((a) => a.slug)).toEqual([
      "border-control",
      "gender",
      "drones",
    ]);
  });

  it("make a slug from a label: lower case, accents dropped, words joined by '-', at most 60 characters", () => {
    expect(slugFromLabel("Terrorist use of unmanned aircraft systems")).toBe(
      "terrorist-use-of-unmanned-aircraft-systems",
    );
    expect(slugFromLabel("  Protection des cibles vulnérables & infrastructures  ")).toBe(
      "protection-des-cibles-vulnerables-and-infrastructures",
    );
    expect(slugFromLabel("Gender: the role of women")).toBe("gender-the-role-of-women");
    const long = slugFromLabel("word ".repeat(30));
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^word(-word)+$/);
    expect(slugFromLabel("Контроль границ")).toBe("");
    // The nine default areas' slugs are not what their labels make: slugs never follow a label.
    expect(DEFAULT_THEMATIC_AREAS.map((a) => a.slug)).toContain("internet-ftf-and-organized-crime");
  });
});

describe("the import readers, with the areas CTED keeps", () => {
  const areas: ReaderArea[] = AREAS;

  it("read a heading by an area's label (an added one, or a default one renamed), its code, or its default words", () => {
    expect(areaForHeading("IV. Unmanned aircraft systems", {}, areas)).toBe("drones");
    expect(areaForHeading("UA", {}, areas)).toBe("drones");
    expect(areaForHeading("3. Border management", {}, areas)).toBe("border-control");
    expect(areaForHeading("Customs", {}, areas)).toBe("border-control");
    // An area the list does not hold names nothing, whatever the defaults say.
    expect(areaForHeading("Law enforcement", {}, areas)).toBeNull();
    expect(parseAreaName("ua", {}, areas)).toBe("drones");
    expect(parseAreaName("law-enforcement", {}, areas)).toBeNull();
  });

  it("leave a retired area's rows without an area, saying why", async () => {
    const csv = "area,text\nUA,Register drones.\nGE,Train women officers.\nwomen,Recruit women.\n";
    const report = await readImportFile(new TextEncoder().encode(csv), "rows.csv", { areas });
    expect(report.rows.map((r) => [r.area, r.warnings])).toEqual([
      ["drones", []],
      [null, ["The thematic area “Gender” is retired and takes no new cases: choose another."]],
      [null, ["The thematic area “Gender” is retired and takes no new cases: choose another."]],
    ]);
  });
});
