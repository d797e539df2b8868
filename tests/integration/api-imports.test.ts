// Importing recommendations (issue 12): the sample report through the API into drafted cases,
// corrected rows, duplicates on a second import, hostile files refused with nothing written,
// who may import, and lineage: the later Tajik report proposes the 2017 cases it follows, and the
// confirmed links show on both sides. Routes are called with real Requests on this file's own
// (seeded demo) database.
import { readFile } from "node:fs/promises";

import { zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";

import type { SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { caseHistory } from "~/domain/cases.server.ts";
import type { ImportPreview } from "~/domain/imports.server.ts";
import { caseLineage } from "~/domain/lineage.server.ts";
import { currentUser } from "~/http/session.server.ts";
import * as listRoute from "~/routes/api.cases._index.ts";
import * as importsRoute from "~/routes/api.imports._index.ts";
import * as previewRoute from "~/routes/api.imports.$id._index.ts";
import * as confirmRoute from "~/routes/api.imports.$id.confirm.ts";
import { call, DEMO_ACCOUNTS, signInAs } from "~tests/helpers/http.ts";

type Who = keyof typeof DEMO_ACCOUNTS;
const cookies = {} as Record<Who, string>;
const users = {} as Record<Who, SessionUser>;
const sample = (name: string) => readFile(new URL(`../../docs/samples/${name}`, import.meta.url));

let kyrgyzstan: string;
beforeAll(async () => {
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS) as [Who, string][]) {
    cookies[who] = await signInAs(email);
    users[who] = (await currentUser(new Request("http://x", { headers: { cookie: cookies[who] } })))!;
  }
  kyrgyzstan = (await prisma().assessment.findFirstOrThrow({ where: { countryCode: "KGZ" } })).id;
});

/** POST /api/imports as a browser sends the form: assessmentId, then the file. */
async function upload(who: Who, assessmentId: string, name: string, bytes: Uint8Array, type = "") {
  const form = new FormData();
  form.append("assessmentId", assessmentId);
  form.append("file", new Blob([Buffer.from(bytes)], { type }), name);
  const request = new Request("http://localhost/api/imports", {
    method: "POST",
    headers: { cookie: cookies[who] },
    body: form,
  });
  return (await importsRoute.action({ request, params: {}, context: {} })) as Response;
}

const confirm = (who: Who, id: string, body: unknown) =>
  call(confirmRoute, `/api/imports/${id}/confirm`, { cookie: cookies[who], params: { id }, body });

/** What any refused file must leave behind: nothing. */
const counts = async () => ({
  imports: await prisma().recommendationImport.count(),
  cases: await prisma().case.count(),
});

describe("the sample report", () => {
  let preview: ImportPreview;

  it("reads into a preview of proposed cases with references, areas and warnings", async () => {
    const res = await upload(
      "expert",
      kyrgyzstan,
      "visit-report-sample.docx",
      await sample("visit-report-sample.docx"),
    );
    expect(res.status).toBe(200);
    preview = await res.json();
    expect(preview.format).toBe("docx");
    expect(preview.rows.length).toBe(12);
    const placed = preview.rows.filter((r) => r.area);
    // Each placed row has the next reference of its area, numbered from 01 for a visit without cases.
    for (const row of placed) expect(row.ref).toMatch(/^KGZ-2025-[A-Z]{2}-\d{2}$/);
    expect(new Set(placed.map((r) => r.ref)).size).toBe(placed.length);
    const unplaced = preview.rows.filter((r) => !r.area);
    expect(unplaced).toHaveLength(1);
    expect(unplaced[0]!.ref).toBeNull();
    expect(unplaced[0]!.warnings.join(" ")).toMatch(/thematic area/);
    // Nothing is written before confirming.
    expect(await prisma().case.count({ where: { assessmentId: kyrgyzstan } })).toBe(0);
  });

  it("refuses to confirm a row without a thematic area until it is given one or dropped", async () => {
    const res = await confirm("expert", preview.id, {});
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe(
      "Check “rows”: Row 12 has no thematic area: choose one, or drop the row.",
    );
    expect(await prisma().case.count({ where: { assessmentId: kyrgyzstan } })).toBe(0);
  });

  it("creates the corrected rows as drafted cases in one go, with their history", async () => {
    const rows = preview.rows
      .filter((r) => r.area)
      .map((r, i) => ({
        key: r.key,
        area: r.area!,
        title: i === 0 ? "Corrected title of the first recommendation" : r.title,
        text: r.text,
      }));
    const res = await confirm("expert", preview.id, { rows });
    expect(res.status).toBe(201);
    const { created, skipped } = await res.json();
    expect(created).toHaveLength(11);
    expect(skipped).toEqual([]);
    const cases = await prisma().case.findMany({ where: { id: { in: created } }, orderBy: { ref: "asc" } });
    expect(cases.map((c) => c.state)).toEqual(Array(11).fill("drafted"));
    expect(cases.every((c) => c.importId === preview.id && c.ownerId === users.expert.id)).toBe(true);
    expect(cases.map((c) => c.ref).sort()).toEqual(
      preview.rows
        .filter((r) => r.area)
        .map((r) => r.ref)
        .sort(),
    );
    expect(cases.find((c) => c.title === "Corrected title of the first recommendation")).toBeDefined();
    // The list filtered by the visit holds them and nothing else.
    const listed = await call(listRoute, `/api/cases?assessment=${kyrgyzstan}&pageSize=100`, {
      cookie: cookies.expert,
    });
    expect(((await listed.json()).items as { id: string }[]).map((c) => c.id).sort()).toEqual(
      [...created].sort(),
    );
    const history = await caseHistory(users.expert, created[0]);
    expect(history.map((h) => [h.type, h.reason])).toEqual([["IMPORTED", "From visit-report-sample.docx"]]);
  });

  it("is confirmed once", async () => {
    const res = await confirm("expert", preview.id, {});
    expect(res.status).toBe(409);
    expect(await prisma().case.count({ where: { assessmentId: kyrgyzstan } })).toBe(11);
  });

  it("imported again, finds what exists and creates no duplicate", async () => {
    const res = await upload(
      "admin",
      kyrgyzstan,
      "visit-report-sample.docx",
      await sample("visit-report-sample.docx"),
    );
    const again: ImportPreview = await res.json();
    const placedBefore = preview.rows.filter((r) => r.area);
    // The first row's title was corrected, not its text: it is found by its text.
    for (const row of again.rows.filter((r) => r.area)) expect(row.duplicateOf).toMatch(/^KGZ-2025-/);
    expect(again.rows.filter((r) => r.duplicateOf)).toHaveLength(placedBefore.length);
    const confirmed = await confirm("admin", again.id, {
      rows: again.rows.map((r) => ({
        key: r.key,
        area: r.area ?? "border-control",
        title: r.title,
        text: r.text,
      })),
    });
    expect(confirmed.status).toBe(201);
    const { created, skipped } = await confirmed.json();
    // Only the row dropped the first time is new.
    expect(created).toHaveLength(1);
    expect(skipped).toHaveLength(11);
    expect(skipped[0].reason).toMatch(/^Already a recommendation of this visit: KGZ-2025-/);
  });
});

describe("hostile and wrong files", () => {
  const docx = () => sample("visit-report-sample.docx");
  const cases: [string, () => Promise<Uint8Array>, string, number][] = [
    [
      "a PNG named .docx",
      async () => Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"),
      "report.docx",
      415,
    ],
    ["a PDF named .csv", async () => Buffer.from("%PDF-1.4\n%%EOF\n"), "recommendations.csv", 415],
    ["a truncated Word document", async () => (await docx()).subarray(0, 2000), "report.docx", 400],
    [
      "a zip bomb",
      async () => zipSync({ "[Content_Types].xml": new Uint8Array(30 * 1024 * 1024) }, { level: 1 }),
      "report.docx",
      400,
    ],
    ["malformed JSON", async () => Buffer.from('[{"area": "border-control", "text": '), "rows.json", 400],
    [
      "a CSV without the text column",
      async () => Buffer.from("area,title\nborder-control,Screen\n"),
      "rows.csv",
      400,
    ],
    ["a file over 10 MB", async () => new Uint8Array(10 * 1024 * 1024 + 1).fill(65), "rows.csv", 413],
  ];
  it.each(cases)(
    "%s is refused with a sentence, and nothing is written",
    async (_name, bytes, fileName, status) => {
      const before = await counts();
      const res = await upload("expert", kyrgyzstan, fileName, await bytes());
      expect(res.status).toBe(status);
      const { error } = await res.json();
      expect(error).toMatch(/^[A-Z]/);
      expect(error).not.toMatch(/Zod|Expected|TypeError|at \w+ \(/);
      expect(await counts()).toEqual(before);
    },
  );
});

describe("who may import", () => {
  it.each(["tjk", "partner", "observer"] as const)(
    "%s may not (403), and nothing is written",
    async (who) => {
      const before = await counts();
      const res = await upload(
        who,
        kyrgyzstan,
        "rows.csv",
        Buffer.from("area,text\nborder-control,Screen passengers\n"),
      );
      expect(res.status).toBe(403);
      expect(await counts()).toEqual(before);
    },
  );

  it("an import is CTED's: others get 403 on its preview and confirmation", async () => {
    const res = await upload(
      "expert",
      kyrgyzstan,
      "rows.csv",
      Buffer.from("area,text\nborder-control,Screen passengers\n"),
    );
    const { id } = await res.json();
    const seen = await call(previewRoute, `/api/imports/${id}`, { cookie: cookies.tjk, params: { id } });
    expect(seen.status).toBe(403);
    expect((await confirm("tjk", id, {})).status).toBe(403);
    const missing = await call(previewRoute, "/api/imports/nope", {
      cookie: cookies.expert,
      params: { id: "nope" },
    });
    expect(missing.status).toBe(404);
  });
});

describe("lineage across visits", () => {
  it("the demo's 2024 Tajik visit came in through the importer, linked to the 2017 cases", async () => {
    const later = await prisma().case.findMany({
      where: { countryCode: "TJK", assessment: { visitStart: { gte: new Date("2024-01-01") } } },
      select: { followsCaseId: true },
    });
    expect(later.length).toBeGreaterThan(0);
    expect(later.filter((c) => c.followsCaseId).length).toBeGreaterThanOrEqual(5);
  });

  it("importing the later Tajik report proposes the 2017 cases it follows, and confirmed links show on both", async () => {
    const visit = await prisma().assessment.create({
      data: {
        countryCode: "TJK",
        countryName: "Tajikistan",
        title: "Lineage test visit to Tajikistan, 2026",
        visitStart: new Date("2026-05-04"),
        visitEnd: new Date("2026-05-08"),
        resolutions: ["1373 (2001)"],
      },
    });
    const res = await upload(
      "expert",
      visit.id,
      "tajikistan-2024-visit-report.docx",
      await sample("tajikistan-2024-visit-report.docx"),
    );
    const preview: ImportPreview = await res.json();
    const suggested = preview.rows.filter((r) => r.suggested);
    expect(suggested.length).toBeGreaterThanOrEqual(5);
    for (const row of suggested) {
      const best = row.candidates[0]!;
      expect(best.caseId).toBe(row.suggested);
      expect(best.score).toBeGreaterThanOrEqual(0.4);
      expect(best.ref.startsWith("TJK-")).toBe(true);
    }
    // The user confirms the first link and clears the others.
    const [kept] = suggested;
    const confirmed = await confirm("expert", preview.id, {
      links: [{ ref: kept!.ref, followsCaseId: kept!.suggested }],
    });
    expect(confirmed.status).toBe(201);
    const { created } = await confirmed.json();
    const linked = await prisma().case.findMany({
      where: { id: { in: created }, followsCaseId: { not: null } },
    });
    expect(linked).toHaveLength(1);
    const [newCase] = linked;
    expect(newCase!.followsCaseId).toBe(kept!.suggested);
    expect(newCase!.ref).toBe(kept!.ref);

    // Both sides show it, to CTED and to the State's focal point alike.
    for (const who of ["expert", "tjk"] as const) {
      const forward = await caseLineage(users[who], newCase!.id);
      expect(forward.follows?.id).toBe(kept!.suggested);
      const backward = await caseLineage(users[who], kept!.suggested!);
      expect(backward.followedBy.map((c) => c.id)).toContain(newCase!.id);
    }
    const earlierHistory = await caseHistory(users.expert, kept!.suggested!);
    expect(earlierHistory.at(-1)).toMatchObject({
      type: "REITERATED",
      reason: `Reiterated by ${newCase!.ref}`,
    });
    // Another State's focal point sees neither.
    await expect(caseLineage(users.kaz, newCase!.id)).rejects.toMatchObject({ status: 404 });
  });

  it("a link to a case that is not an earlier visit's of the same State is refused", async () => {
    const res = await upload(
      "expert",
      kyrgyzstan,
      "rows.csv",
      Buffer.from("area,text\nborder-control,Check travel documents at land borders\n"),
    );
    const { id, rows } = (await res.json()) as ImportPreview;
    const kazakh = await prisma().case.findFirstOrThrow({ where: { countryCode: "KAZ" } });
    const before = await counts();
    const refused = await confirm("expert", id, { links: [{ key: rows[0]!.key, followsCaseId: kazakh.id }] });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatch(/earlier visit to this State/);
    expect(await counts()).toEqual(before);
  });
});
