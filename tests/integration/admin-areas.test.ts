// Administering thematic areas through the JSON API and the pages' forms (no JavaScript), with
// real Requests on this file's own (seeded demo) database: CTED administrators only (403 from the
// API, 404 from the pages for anyone else), duplicates refused with a sentence beside the field,
// every change in the audit log with what it changed; and what the rest of the app makes of the
// areas: a new one offered to new cases and its code in their references, a renamed one's label
// everywhere, a retired one refused for new cases, changes of area and imports, yet still shown
// on its cases, in the list's filter, on the dashboard and in exports.
import { beforeAll, describe, expect, it } from "vitest";

import type { SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { caseFormOptions } from "~/domain/cases.server.ts";
import { areaChoices, areaLabel, type ThematicArea } from "~/lib/areas.ts";
import * as areasPage from "~/routes/admin.areas._index.tsx";
import * as areaPage from "~/routes/admin.areas.$slug.tsx";
import * as newAreaPage from "~/routes/admin.areas.new.tsx";
import * as areasApi from "~/routes/api.admin.areas._index.ts";
import * as areaApi from "~/routes/api.admin.areas.$slug.ts";
import * as listApi from "~/routes/api.cases._index.ts";
import * as exportCsv from "~/routes/api.cases.export[.]csv.ts";
import * as importsApi from "~/routes/api.imports._index.ts";
import * as confirmApi from "~/routes/api.imports.$id.confirm.ts";
import * as casesPage from "~/routes/cases._index.tsx";
import * as casePage from "~/routes/cases.$id._index.tsx";
import * as editCasePage from "~/routes/cases.$id.edit.tsx";
import * as newCasePage from "~/routes/cases.new.tsx";
import * as dashboardPage from "~/routes/dashboard.tsx";
import { sessionOf } from "~tests/helpers/factories.ts";
import { call, DEMO_ACCOUNTS, signInAs } from "~tests/helpers/http.ts";

type Who = keyof typeof DEMO_ACCOUNTS;
const as = {} as Record<Who, string>;
let expert: SessionUser;
beforeAll(async () => {
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS) as [Who, string][])
    as[who] = await signInAs(email);
  expert = await sessionOf({ email: DEMO_ACCOUNTS.expert });
});

const form = (fields: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
const api = async (route: Parameters<typeof call>[0], path: string, options: Parameters<typeof call>[2]) => {
  const res = await call(route, path, options);
  return { status: res.status, body: await res.json() };
};
const postArea = (body: unknown, who: Who = "admin") =>
  api(areasApi, "/api/admin/areas", { cookie: as[who], body });
const patchArea = (slug: string, body: unknown, who: Who = "admin") =>
  api(areaApi, `/api/admin/areas/${slug}`, { method: "PATCH", cookie: as[who], params: { slug }, body });
const getArea = (slug: string, who: Who = "admin") =>
  api(areaApi, `/api/admin/areas/${slug}`, { cookie: as[who], params: { slug } });
const listAreas = async () =>
  (await api(areasApi, "/api/admin/areas", { cookie: as.admin })).body.items as (ThematicArea & {
    cases: number;
  })[];
const areaEntries = (slug: string) =>
  prisma().auditEntry.findMany({ where: { subjectType: "area", subjectId: slug }, orderBy: { id: "asc" } });
const counts = async () => ({
  areas: await prisma().thematicArea.count(),
  cases: await prisma().case.count(),
  audited: await prisma().auditEntry.count({ where: { subjectType: "area" } }),
});

/** The case form's fields for a new recommendation on the 2017 Tajik visit. */
async function caseForm(area: string, title: string) {
  const assessment = await prisma().assessment.findFirstOrThrow({
    where: { countryCode: "TJK" },
    orderBy: { visitStart: "asc" },
  });
  return form({
    assessmentId: assessment.id,
    area,
    title,
    text: "Demo: regulate the use of drones near critical infrastructure.",
    priority: "MEDIUM",
    ownerId: expert.id,
    dueAt: "",
  });
}

const DRONES = "Terrorist use of unmanned aircraft systems";
const SLUG = "terrorist-use-of-unmanned-aircraft-systems";
let droneCaseId = "";

describe("creating an area", () => {
  it("takes a slug from its label, its code upper-cased, comes last, and is in the audit log", async () => {
    const before = await listAreas();
    expect(before.map((a) => a.code)).toEqual(["LJ", "CF", "LE", "BC", "IC", "VE", "GE", "HR", "IF"]);
    const res = await postArea({ label: `  ${DRONES} `, code: "ua" });
    expect(res.status).toBe(201);
    expect(res.body.area).toEqual({
      slug: SLUG,
      code: "UA",
      label: DRONES,
      position: 10,
      retired: false,
      retiredAt: null,
      cases: 0,
    });
    const after = await listAreas();
    expect(after.map((a) => a.slug)).toEqual([...before.map((a) => a.slug), SLUG]);
    expect((await getArea(SLUG)).body.area).toMatchObject({ slug: SLUG, label: DRONES });

    const admin = await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.admin } });
    const [entry] = await areaEntries(SLUG);
    expect(entry).toMatchObject({
      action: "admin.area.created",
      actorId: admin.id,
      actorEmail: admin.email,
      subjectType: "area",
      subjectId: SLUG,
      details: { label: DRONES, code: "UA", position: 10 },
    });
  });

  it("through the page's form too, placed where asked; the list says so", async () => {
    const res = await call(newAreaPage, "/admin/areas/new", {
      cookie: as.admin,
      body: form({
        intent: "save",
        label: "Protection of critical infrastructure & soft targets",
        code: "PI",
        position: "3",
      }),
    });
    expect(res.status).toBe(302);
    const slug = "protection-of-critical-infrastructure-and-soft-targets";
    expect(res.headers.get("Location")).toBe(`/admin/areas?created=${slug}`);
    const list = await call(areasPage, `/admin/areas?created=${slug}`, { cookie: as.admin });
    const { items, notice } = await list.json();
    // The sentence ("Created Protection of critical infrastructure & soft targets.") is the page's,
    // in the reader's language (tests/e2e/admin-areas.test.ts); the loader says what happened to which.
    expect(notice).toEqual({ kind: "created", slug });
    // Third, the others moved down; positions stay 1, 2, 3...
    expect(items.map((a: ThematicArea) => a.code)).toEqual([
      "LJ",
      "CF",
      "PI",
      "LE",
      "BC",
      "IC",
      "VE",
      "GE",
      "HR",
      "IF",
      "UA",
    ]);
    expect(items.map((a: ThematicArea) => a.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect((await areaEntries(slug))[0]!.details).toEqual({
      label: "Protection of critical infrastructure & soft targets",
      code: "PI",
      position: 3,
    });
    // The new page offers one place more than there are areas.
    expect(await (await call(newAreaPage, "/admin/areas/new", { cookie: as.admin })).json()).toEqual({
      places: 12,
    });
  });

  it("refuses a label or code already used, and a code that is not two letters, with a sentence each; writes nothing", async () => {
    const before = await counts();
    const refused = async (body: Record<string, unknown>) => {
      const res = await postArea(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      return res.body.fields as Record<string, string>;
    };
    // Labels compare without regard to case.
    expect(await refused({ label: "border CONTROL", code: "ZZ" })).toEqual({
      label: "is already used by another area (BC)",
    });
    expect(await refused({ label: "Border management", code: "bc" })).toEqual({
      code: "BC is already the code of Border control",
    });
    expect(await refused({ label: "Law enforcement", code: "LE" })).toEqual({
      label: "is already used by another area (LE)",
      code: "LE is already the code of Law enforcement",
    });
    for (const code of ["B", "BCD", "B1", "É1", "É", "  "])
      expect((await refused({ label: "Another area", code })).code, code).toMatch(
        /^(must be two letters, A to Z, such as BC|is required)$/,
      );
    expect(await refused({ label: "", code: "ZZ" })).toEqual({ label: "is required" });
    expect(await refused({ label: "Another area", code: "ZZ", position: 0 })).toEqual({
      position: "must be 1 or more",
    });
    expect(await refused({ label: "Another area", code: "ZZ", slug: "chosen" })).toMatchObject({
      body: expect.stringMatching(/^has fields this request does not take: slug/),
    });

    // The page's form alike: 400, the sentence beside its field, what was typed kept.
    const page = await call(newAreaPage, "/admin/areas/new", {
      cookie: as.admin,
      body: form({ intent: "save", label: "Another area", code: "ua", position: "" }),
    });
    expect(page.status).toBe(400);
    expect(await page.json()).toMatchObject({
      ok: false,
      fields: { code: `UA is already the code of ${DRONES}` },
      values: { label: "Another area", code: "ua" },
    });
    expect(await counts()).toEqual(before);
  });
});

describe("cases in an area", () => {
  it("a new area is offered to new cases, and its code goes into their references", async () => {
    const options = await caseFormOptions(expert);
    expect(areaChoices(options.areas).map((a) => a.slug)).toContain(SLUG);
    const res = await call(newCasePage, "/cases/new", {
      cookie: as.expert,
      body: await caseForm(SLUG, "Regulate drones near airports"),
    });
    expect(res.status).toBe(302);
    droneCaseId = res.headers.get("Location")!.split("/").pop()!;
    const made = await prisma().case.findUniqueOrThrow({ where: { id: droneCaseId } });
    expect(made).toMatchObject({ ref: "TJK-2017-UA-01", area: SLUG });
    // The case page names it by its label.
    const page = await (
      await call(casePage, `/cases/${droneCaseId}`, { cookie: as.tjk, params: { id: droneCaseId } })
    ).json();
    expect(areaLabel(page.areas, page.case.area)).toBe(DRONES);
  });

  it("an area that is not one is refused for a case, and for the list's filter", async () => {
    const before = await counts();
    const res = await call(newCasePage, "/cases/new", {
      cookie: as.expert,
      body: await caseForm("moon", "To the moon"),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).fields).toEqual({ area: "must be one of the thematic areas" });
    const list = await api(listApi, "/api/cases?area=moon", { cookie: as.expert });
    expect(list.status).toBe(400);
    expect(list.body.fields).toEqual({ area: "must be one of the thematic areas" });
    expect(await counts()).toEqual(before);
  });
});

describe("changing an area", () => {
  it("renames it and moves it; the audit says what changed, old and new; its label follows everywhere", async () => {
    const renamed = await patchArea(SLUG, { label: "Unmanned aircraft systems" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.area).toMatchObject({
      slug: SLUG,
      label: "Unmanned aircraft systems",
      code: "UA",
      cases: 1,
    });
    const moved = await patchArea(SLUG, { position: 1 });
    expect(moved.body.area.position).toBe(1);
    const order = await listAreas();
    expect(order.map((a) => a.code)).toEqual([
      "UA",
      "LJ",
      "CF",
      "PI",
      "LE",
      "BC",
      "IC",
      "VE",
      "GE",
      "HR",
      "IF",
    ]);
    expect(order.map((a) => a.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // A place past the end is the last.
    expect((await patchArea(SLUG, { position: 99 })).body.area.position).toBe(11);
    expect((await patchArea(SLUG, { position: 1 })).body.area.position).toBe(1);

    const entries = await areaEntries(SLUG);
    expect(entries.slice(1).map((e) => [e.action, e.details])).toEqual([
      ["admin.area.changed", { label: { old: DRONES, new: "Unmanned aircraft systems" } }],
      ["admin.area.changed", { position: { old: 11, new: 1 } }],
      ["admin.area.changed", { position: { old: 1, new: 11 } }],
      ["admin.area.changed", { position: { old: 11, new: 1 } }],
    ]);
    // Nothing changed: nothing written, nothing audited.
    const same = await patchArea(SLUG, { label: "Unmanned aircraft systems", position: 1, retired: false });
    expect(same.status).toBe(200);
    expect(await areaEntries(SLUG)).toHaveLength(entries.length);
    expect((await patchArea(SLUG, {})).body.fields).toEqual({
      body: "must change at least one of label, code, position and retired",
    });
    expect((await patchArea(SLUG, { retired: "yes" })).body.fields).toEqual({
      retired: "must be true or false",
    });

    // The case list, its export and the dashboard name it by its new label, first.
    const listPage = await (await call(casesPage, `/cases?area=${SLUG}`, { cookie: as.expert })).json();
    expect(listPage.result.items.map((c: { id: string }) => c.id)).toEqual([droneCaseId]);
    expect(listPage.options.areas[0]).toMatchObject({ slug: SLUG, label: "Unmanned aircraft systems" });
    const csv = await (
      await call(exportCsv, `/api/cases/export.csv?area=${SLUG}`, { cookie: as.expert })
    ).text();
    expect(csv).toContain("TJK-2017-UA-01,TJK,Unmanned aircraft systems,Regulate drones near airports");
    const dashboard = await (await call(dashboardPage, "/dashboard", { cookie: as.expert })).json();
    expect(dashboard.areas[0]).toMatchObject({ slug: SLUG, label: "Unmanned aircraft systems" });
  });

  it("renames it from the page's form, where its code in use is shown fixed with the reason", async () => {
    const page = await (
      await call(areaPage, `/admin/areas/${SLUG}`, { cookie: as.admin, params: { slug: SLUG } })
    ).json();
    expect(page).toMatchObject({
      area: { slug: SLUG, code: "UA", cases: 1 },
      places: 11,
      pinned: { code: "Its code cannot change: its case’s reference carries it." },
    });
    const saved = await call(areaPage, `/admin/areas/${SLUG}`, {
      cookie: as.admin,
      params: { slug: SLUG },
      body: form({ intent: "save", label: "Unmanned aircraft systems (drones)", code: "UA", position: "1" }),
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/admin/areas?saved=${SLUG}`);
    const list = await (await call(areasPage, `/admin/areas?saved=${SLUG}`, { cookie: as.admin })).json();
    expect(list.notice).toEqual({ kind: "saved", slug: SLUG });
    // A duplicate label from the form: the sentence beside it, what was typed kept.
    const refused = await call(areaPage, `/admin/areas/${SLUG}`, {
      cookie: as.admin,
      params: { slug: SLUG },
      body: form({
        intent: "save",
        label: "GENDER: the role of women in countering terrorism",
        code: "UA",
        position: "1",
      }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      fields: { label: "is already used by another area (GE)" },
      values: { label: "GENDER: the role of women in countering terrorism" },
    });
  });

  it("its code cannot change once a case has it; an area without cases may change its code", async () => {
    const before = await counts();
    const recoded = await patchArea(SLUG, { code: "DR" });
    expect(recoded.status).toBe(400);
    expect(recoded.body.fields).toEqual({
      code: "cannot change while Unmanned aircraft systems (drones) has 1 case: their references carry UA",
    });
    expect(await counts()).toEqual(before);
    const slug = "protection-of-critical-infrastructure-and-soft-targets";
    const changed = await patchArea(slug, { code: "ci" });
    expect(changed.status).toBe(200);
    expect(changed.body.area.code).toBe("CI");
    expect((await areaEntries(slug)).at(-1)!.details).toEqual({ code: { old: "PI", new: "CI" } });
  });
});

describe("retiring an area", () => {
  it("keeps its cases and their label, and offers it to no new case, change of area or import", async () => {
    const retired = await call(areaPage, `/admin/areas/${SLUG}`, {
      cookie: as.admin,
      params: { slug: SLUG },
      body: form({ intent: "retire" }),
    });
    expect(retired.status).toBe(302);
    expect(retired.headers.get("Location")).toBe(`/admin/areas?retired=${SLUG}`);
    const list = await (await call(areasPage, `/admin/areas?retired=${SLUG}`, { cookie: as.admin })).json();
    expect(list.notice).toEqual({ kind: "retired", slug: SLUG });
    expect(list.items[0]).toMatchObject({
      slug: SLUG,
      retired: true,
      retiredAt: expect.any(String),
      cases: 1,
    });
    expect((await areaEntries(SLUG)).at(-1)).toMatchObject({
      action: "admin.area.changed",
      details: { retired: { old: false, new: true } },
    });

    // No new case in it, from the form; nothing written.
    const before = await counts();
    const refused = await call(newCasePage, "/cases/new", {
      cookie: as.expert,
      body: await caseForm(SLUG, "Register drones"),
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).fields).toEqual({
      area: "cannot be Unmanned aircraft systems (drones): that area is retired and takes no new cases",
    });
    expect(await counts()).toEqual(before);

    // The new case form offers it no more; its own case's form still shows it.
    const newForm = await (await call(newCasePage, "/cases/new", { cookie: as.expert })).json();
    expect(areaChoices(newForm.options.areas).map((a) => a.slug)).not.toContain(SLUG);
    const editForm = await (
      await call(editCasePage, `/cases/${droneCaseId}/edit`, {
        cookie: as.expert,
        params: { id: droneCaseId },
      })
    ).json();
    expect(areaChoices(editForm.options.areas, editForm.case.area).map((a) => a.slug)).toContain(SLUG);

    // Its case may still be edited in it, but no case may move into it.
    const drone = await prisma().case.findUniqueOrThrow({ where: { id: droneCaseId } });
    const edit = (c: typeof drone, area: string, title: string) =>
      call(editCasePage, `/cases/${c.id}/edit`, {
        cookie: as.expert,
        params: { id: c.id },
        body: form({
          area,
          title,
          text: c.text,
          priority: c.priority,
          ownerId: c.ownerId,
          dueAt: "",
          version: c.version,
        }),
      });
    expect((await edit(drone, SLUG, "Regulate drones near all airports")).status).toBe(302);
    const other = await prisma().case.findUniqueOrThrow({ where: { ref: "TJK-2017-LE-01" } });
    const moved = await edit(other, SLUG, other.title);
    expect(moved.status).toBe(400);
    expect((await moved.json()).fields.area).toMatch(/that area is retired and takes no new cases$/);
    expect((await prisma().case.findUniqueOrThrow({ where: { id: other.id } })).area).toBe(other.area);

    // Its case still shows its label; the list filters by it and the dashboard counts it.
    const page = await (
      await call(casePage, `/cases/${droneCaseId}`, { cookie: as.tjk, params: { id: droneCaseId } })
    ).json();
    expect(areaLabel(page.areas, page.case.area)).toBe("Unmanned aircraft systems (drones)");
    const filtered = await api(listApi, `/api/cases?area=${SLUG}`, { cookie: as.tjk });
    expect(filtered.body.items.map((c: { ref: string }) => c.ref)).toEqual(["TJK-2017-UA-01"]);
    const dashboard = await (await call(dashboardPage, "/dashboard", { cookie: as.tjk })).json();
    expect(dashboard.areas.map((a: ThematicArea) => a.slug)).toContain(SLUG);
    // Not for another State, whose cases are not in it: it learns nothing of it.
    const kazakh = await (await call(dashboardPage, "/dashboard", { cookie: as.kaz })).json();
    expect(kazakh.areas.map((a: ThematicArea) => a.slug)).not.toContain(SLUG);
    const kazakhList = await (await call(casesPage, "/cases", { cookie: as.kaz })).json();
    expect(kazakhList.options.areas.map((a: ThematicArea) => a.slug)).not.toContain(SLUG);
  });

  it("an import finds a retired area's rows no area, says why, and confirms none into it", async () => {
    const kyrgyzstan = await prisma().assessment.findFirstOrThrow({ where: { countryCode: "KGZ" } });
    const csv =
      "area,text\n" +
      `${"IV. Protection of critical infrastructure & soft targets"},Protect stadiums during major events.\n` +
      "CI,Designate the critical infrastructure in law.\n" +
      "UA,Register the drones sold in the country.\n";
    const upload = new FormData();
    upload.append("assessmentId", kyrgyzstan.id);
    upload.append("file", new Blob([csv], { type: "text/csv" }), "rows.csv");
    const request = new Request("http://localhost/api/imports", {
      method: "POST",
      headers: { cookie: as.expert },
      body: upload,
    });
    const res = (await importsApi.action({ request, params: {}, context: {} })) as Response;
    expect(res.status).toBe(200);
    const preview = await res.json();
    const slug = "protection-of-critical-infrastructure-and-soft-targets";
    expect(preview.rows.map((r: { area: string | null }) => r.area)).toEqual([slug, slug, null]);
    expect(preview.rows[0].areaLabel).toBe("Protection of critical infrastructure & soft targets");
    expect(preview.rows[2].warnings).toEqual([
      "The thematic area “Unmanned aircraft systems (drones)” is retired and takes no new cases: choose another.",
    ]);

    const confirm = (body: unknown) =>
      api(confirmApi, `/api/imports/${preview.id}/confirm`, {
        cookie: as.expert,
        params: { id: preview.id },
        body,
      });
    const rows = preview.rows.map((r: { key: string; area: string | null; title: string; text: string }) => ({
      key: r.key,
      area: r.area ?? SLUG,
      title: r.title,
      text: r.text,
    }));
    const before = await counts();
    const refused = await confirm({ rows });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual({
      rows: "give row 3 a thematic area in use: Unmanned aircraft systems (drones) is retired and takes no new cases",
    });
    expect(await counts()).toEqual(before);
    const confirmed = await confirm({ rows: rows.slice(0, 2) });
    expect(confirmed.status).toBe(201);
    const made = await prisma().case.findMany({
      where: { id: { in: confirmed.body.created } },
      orderBy: { ref: "asc" },
    });
    expect(made.map((c) => c.ref)).toEqual(["KGZ-2025-CI-01", "KGZ-2025-CI-02"]);
  });

  it("taken back into use, it is offered again; the last area in use cannot be retired", async () => {
    const restored = await patchArea(SLUG, { retired: false });
    expect(restored.status).toBe(200);
    expect(restored.body.area).toMatchObject({ retired: false, retiredAt: null });
    expect((await areaEntries(SLUG)).at(-1)!.details).toEqual({ retired: { old: true, new: false } });
    const options = await caseFormOptions(expert);
    expect(areaChoices(options.areas).map((a) => a.slug)).toContain(SLUG);
    const made = await call(newCasePage, "/cases/new", {
      cookie: as.expert,
      body: await caseForm(SLUG, "Register drones"),
    });
    expect(made.status).toBe(302);

    // Every other area retired: the last one in use stays.
    const others = (await listAreas()).filter((a) => a.slug !== SLUG);
    for (const a of others) expect((await patchArea(a.slug, { retired: true })).status).toBe(200);
    const last = await patchArea(SLUG, { retired: true });
    expect(last.status).toBe(400);
    expect(last.body.fields).toEqual({
      retired:
        "Unmanned aircraft systems (drones) is the only area in use: new cases need one, so it cannot be retired",
    });
    // From the page, the sentence comes back for the retire button.
    const page = await call(areaPage, `/admin/areas/${SLUG}`, {
      cookie: as.admin,
      params: { slug: SLUG },
      body: form({ intent: "retire" }),
    });
    expect(page.status).toBe(400);
    expect((await page.json()).fields.retired).toMatch(/is the only area in use/);
    for (const a of others) expect((await patchArea(a.slug, { retired: false })).status).toBe(200);
  });
});

describe("only CTED administrators", () => {
  const OTHERS = ["expert", "verifier", "tjk", "partner", "observer"] as const;

  it("anyone else gets 403 from the API and 404 from the pages, and nothing is written", async () => {
    const before = await counts();
    const body = { label: "Someone else's area", code: "SE" };
    for (const who of OTHERS) {
      const cookie = as[who];
      const apiAnswers = [
        await call(areasApi, "/api/admin/areas", { cookie }),
        await call(areasApi, "/api/admin/areas", { cookie, body }),
        // Before the body is read: a bad body is not a reason to tell them more.
        await call(areasApi, "/api/admin/areas", { cookie, body: {} }),
        await call(areaApi, "/x", { cookie, params: { slug: SLUG } }),
        await call(areaApi, "/x", {
          method: "PATCH",
          cookie,
          params: { slug: SLUG },
          body: { retired: true },
        }),
        await call(areaApi, "/x", { method: "PATCH", cookie, params: { slug: "no-such-area" }, body: {} }),
      ];
      for (const res of apiAnswers) {
        expect(res.status, who).toBe(403);
        expect(await res.json()).toEqual({
          error: "Only CTED administrators manage thematic areas",
          code: "forbidden",
        });
      }
      const pageAnswers = [
        await call(areasPage, "/admin/areas", { cookie }),
        await call(newAreaPage, "/admin/areas/new", { cookie }),
        await call(newAreaPage, "/admin/areas/new", { cookie, body: form(body) }),
        await call(areaPage, "/x", { cookie, params: { slug: SLUG } }),
        await call(areaPage, "/x", { cookie, params: { slug: SLUG }, body: form({ intent: "retire" }) }),
      ];
      for (const res of pageAnswers) expect(res.status, who).toBe(404);
    }
    // Signed out: the API says so, the pages go to sign-in.
    expect((await call(areasApi, "/api/admin/areas", {})).status).toBe(401);
    const signedOut = await call(areasPage, "/admin/areas", {});
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fareas");
    expect(await counts()).toEqual(before);
  });

  it("an unknown area is 404, a wrong method 405 with Allow, a body that is not JSON 415", async () => {
    expect((await getArea("no-such-area")).status).toBe(404);
    expect((await patchArea("no-such-area", { retired: true })).status).toBe(404);
    expect((await getArea("Not A Slug!")).status).toBe(404);
    const page = await call(areaPage, "/x", { cookie: as.admin, params: { slug: "no-such-area" } });
    expect(page.status).toBe(404);
    const put = await call(areaApi, "/x", {
      method: "PUT",
      cookie: as.admin,
      params: { slug: SLUG },
      body: {},
    });
    expect(put.status).toBe(405);
    expect(put.headers.get("Allow")).toBe("GET, PATCH");
    const del = await call(areasApi, "/api/admin/areas", { method: "DELETE", cookie: as.admin });
    expect(del.status).toBe(405);
    expect(del.headers.get("Allow")).toBe("GET, POST");
    const text = await call(areasApi, "/api/admin/areas", {
      cookie: as.admin,
      body: "label=X",
      headers: { "Content-Type": "text/plain" },
    });
    expect(text.status).toBe(415);
  });
});
