// Administering organisations and assessment visits, through the JSON API and the pages' forms
// (no JavaScript), with real Requests: CTED administrators only (403 from the API, 404 from the
// pages for anyone else), every refusal a sentence beside its field with nothing written, and a
// new visit reaching the case form's choices.
import { beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { caseFormOptions } from "~/domain/cases.server.ts";
import * as organizationsPage from "~/routes/admin.organizations._index.tsx";
import * as organizationPage from "~/routes/admin.organizations.$id.tsx";
import * as newOrganizationPage from "~/routes/admin.organizations.new.tsx";
import * as visitsPage from "~/routes/admin.visits._index.tsx";
import * as visitPage from "~/routes/admin.visits.$id.tsx";
import * as newVisitPage from "~/routes/admin.visits.new.tsx";
import * as organizationsApi from "~/routes/api.admin.organizations._index.ts";
import * as organizationApi from "~/routes/api.admin.organizations.$id.ts";
import * as visitsApi from "~/routes/api.admin.visits._index.ts";
import * as visitApi from "~/routes/api.admin.visits.$id.ts";
import { makeCase, sessionOf } from "~tests/helpers/factories.ts";
import { call, DEMO_ACCOUNTS, signInAs } from "~tests/helpers/http.ts";

const as: Record<string, string> = {};
beforeAll(async () => {
  for (const [key, email] of Object.entries(DEMO_ACCOUNTS)) as[key] = await signInAs(email);
});

const form = (fields: Record<string, string>) => new URLSearchParams(Object.entries(fields));
const api = async (route: Parameters<typeof call>[0], path: string, options: Parameters<typeof call>[2]) => {
  const res = await call(route, path, options);
  return { status: res.status, body: await res.json() };
};
const postOrganization = (body: unknown, who = "admin") =>
  api(organizationsApi, "/api/admin/organizations", { cookie: as[who], body });
const putOrganization = (id: string, body: unknown, who = "admin") =>
  api(organizationApi, `/api/admin/organizations/${id}`, {
    method: "PUT",
    cookie: as[who],
    params: { id },
    body,
  });
const postVisit = (body: unknown, who = "admin") =>
  api(visitsApi, "/api/admin/visits", { cookie: as[who], body });
const putVisit = (id: string, body: unknown, who = "admin") =>
  api(visitApi, `/api/admin/visits/${id}`, { method: "PUT", cookie: as[who], params: { id }, body });
const orgByShortName = (shortName: string) =>
  prisma().organization.findUniqueOrThrow({ where: { shortName } });
const counts = async () => ({
  organizations: await prisma().organization.count(),
  visits: await prisma().assessment.count(),
  partners: await prisma().assessmentPartner.count(),
});

const UZBEKISTAN = {
  kind: "GOVERNMENT",
  name: "Government of the Republic of Uzbekistan",
  shortName: "Government of Uzbekistan",
  countryCode: "uzb",
};

describe("organisations", () => {
  it("an administrator creates a State (its code upper-cased), a ministry under it and a partner", async () => {
    const state = await postOrganization(UZBEKISTAN);
    expect(state.status).toBe(201);
    expect(state.body.organization).toMatchObject({
      kind: "GOVERNMENT",
      name: UZBEKISTAN.name,
      countryCode: "UZB",
      governmentId: null,
      users: 0,
    });

    const ministry = await postOrganization({
      kind: "MINISTRY",
      name: "Ministry of Internal Affairs of the Republic of Uzbekistan",
      shortName: "UZB Ministry of Internal Affairs",
      governmentId: state.body.organization.id,
    });
    expect(ministry.status).toBe(201);
    expect(ministry.body.organization).toMatchObject({
      kind: "MINISTRY",
      countryCode: null,
      government: { id: state.body.organization.id, shortName: "Government of Uzbekistan" },
    });

    // The partner through the page's form, without JavaScript: back to the list, which says so.
    const page = await call(newOrganizationPage, "/admin/organizations/new", {
      cookie: as.admin,
      body: form({
        kind: "PARTNER",
        name: "United Nations Office on Drugs and Crime",
        shortName: "UNODC",
        countryCode: "",
        governmentId: "",
      }),
    });
    expect(page.status).toBe(302);
    const partner = await orgByShortName("UNODC");
    expect(page.headers.get("Location")).toBe(`/admin/organizations?created=${partner.id}`);
    expect(partner).toMatchObject({ kind: "PARTNER", countryCode: null, governmentId: null });
    const list = await call(organizationsPage, `/admin/organizations?created=${partner.id}`, {
      cookie: as.admin,
    });
    expect(list.status).toBe(200);
    const { items, notice } = await list.json();
    expect(notice).toEqual({ kind: "created", name: "United Nations Office on Drugs and Crime" });
    // By kind, with their accounts: the demo's CTED first, with its three accounts.
    expect(items[0]).toMatchObject({ kind: "CTED", shortName: "CTED", users: 3 });
    expect(
      items.find((o: { shortName: string }) => o.shortName === "UZB Ministry of Internal Affairs"),
    ).toMatchObject({ kind: "MINISTRY", governmentId: state.body.organization.id });

    // The API lists the same.
    const fromApi = await api(organizationsApi, "/api/admin/organizations", { cookie: as.admin });
    expect(fromApi.status).toBe(200);
    expect(fromApi.body.items.map((o: { id: string }) => o.id)).toEqual(
      items.map((o: { id: string }) => o.id),
    );
  });

  it("refuses duplicates, bad codes and misplaced fields with sentences, writing nothing", async () => {
    const before = await counts();
    const refused = async (body: Record<string, unknown>) => {
      const res = await postOrganization(body);
      expect(res.status).toBe(400);
      return res.body.fields as Record<string, string>;
    };
    // Names compare without regard to case.
    expect(await refused({ kind: "PARTNER", name: "Interpol liaison", shortName: "interpol" })).toEqual({
      shortName: "is already used by International Criminal Police Organization",
    });
    expect(
      await refused({
        kind: "PARTNER",
        name: "international criminal police organization",
        shortName: "ICPO",
      }),
    ).toEqual({ name: "is already used by INTERPOL" });
    expect(
      await refused({
        ...UZBEKISTAN,
        name: "Government of Tajikistan",
        shortName: "GoT",
        countryCode: "tjk",
      }),
    ).toEqual({ countryCode: "TJK is already the code of Government of the Republic of Tajikistan" });
    for (const countryCode of ["TJI", "TJ", "T1K", "TAJIK"])
      expect((await refused({ ...UZBEKISTAN, name: "X", shortName: "Y", countryCode })).countryCode).toBe(
        "must be an ISO 3166 alpha-3 code: three letters, such as TJK for Tajikistan",
      );
    expect(
      await refused({ kind: "GOVERNMENT", name: "Government of Nowhere", shortName: "Nowhere" }),
    ).toEqual({
      countryCode: "is required for a government: its State's ISO 3166 alpha-3 code, such as TJK",
    });
    expect(
      await refused({ kind: "PARTNER", name: "A partner", shortName: "Partner A", countryCode: "FRA" }),
    ).toEqual({ countryCode: "is only for governments (their State); leave it empty" });
    expect(await refused({ kind: "MINISTRY", name: "A ministry", shortName: "Ministry A" })).toEqual({
      governmentId: "is required for a ministry",
    });
    const interpol = await orgByShortName("INTERPOL");
    expect(
      await refused({
        kind: "MINISTRY",
        name: "A ministry",
        shortName: "Ministry A",
        governmentId: interpol.id,
      }),
    ).toEqual({ governmentId: "must be a government; INTERPOL is a partner organisation" });
    expect(await refused({ kind: "EMBASSY", name: "", shortName: "x", extra: 1 })).toMatchObject({
      kind: "must be one of CTED, GOVERNMENT, MINISTRY, PARTNER, COMMITTEE",
    });

    // The page's form alike: 400, each field's sentence, and what was typed kept for the form.
    const page = await call(newOrganizationPage, "/admin/organizations/new", {
      cookie: as.admin,
      body: form({
        kind: "PARTNER",
        name: "Another name",
        shortName: "INTERPOL",
        countryCode: "",
        governmentId: "",
      }),
    });
    expect(page.status).toBe(400);
    expect(await page.json()).toMatchObject({
      ok: false,
      fields: { shortName: "is already used by International Criminal Police Organization" },
      values: { name: "Another name", shortName: "INTERPOL" },
    });
    expect(await counts()).toEqual(before);
  });

  it("what depends on an organisation pins its kind, its code and its government; names may change", async () => {
    const interpol = await orgByShortName("INTERPOL");
    const asGovernment = await putOrganization(interpol.id, {
      kind: "GOVERNMENT",
      name: interpol.name,
      shortName: interpol.shortName,
      countryCode: "FRA",
    });
    expect(asGovernment.status).toBe(400);
    expect(asGovernment.body.fields.kind).toMatch(
      /^cannot change while INTERPOL has 1 account, \d+ tasks and \d+ visits?, which depend on it being a partner organisation$/,
    );

    const tajikistan = await orgByShortName("Government of Tajikistan");
    const recoded = await putOrganization(tajikistan.id, {
      kind: "GOVERNMENT",
      name: tajikistan.name,
      shortName: tajikistan.shortName,
      countryCode: "UZB",
    });
    expect(recoded.status).toBe(400);
    expect(recoded.body.fields.countryCode).toMatch(
      /^cannot change while Government of Tajikistan has 1 account(, \d+ tasks?)?, 2 ministries and 2 visits, which belong to its State \(TJK\)$/,
    );
    expect((await prisma().organization.findUniqueOrThrow({ where: { id: interpol.id } })).kind).toBe(
      "PARTNER",
    );

    // A ministry with tasks keeps its government: the tasks are on that State's cases.
    const ministry = await prisma().organization.findFirstOrThrow({
      where: { kind: "MINISTRY", tasks: { some: {} } },
      include: { _count: { select: { tasks: true } } },
    });
    const kazakhstan = await orgByShortName("Government of Kazakhstan");
    const rehomed = await putOrganization(ministry.id, {
      kind: "MINISTRY",
      name: ministry.name,
      shortName: ministry.shortName,
      governmentId: kazakhstan.id,
    });
    expect(rehomed.status).toBe(400);
    const tasks = ministry._count.tasks === 1 ? "1 task" : `${ministry._count.tasks} tasks`;
    expect(rehomed.body.fields).toEqual({
      governmentId: `cannot change while ${ministry.shortName} has ${tasks} on its present government's cases`,
    });

    // The form shows why: the loader says what is pinned.
    const page = await call(organizationPage, `/admin/organizations/${tajikistan.id}`, {
      cookie: as.admin,
      params: { id: tajikistan.id },
    });
    expect(page.status).toBe(200);
    expect((await page.json()).pinned).toMatchObject({
      kind: expect.stringMatching(/^Its kind cannot change while it has 1 account, /),
      countryCode: expect.stringMatching(/^Its code cannot change while it has /),
    });

    // Renaming is fine, through the page's form too.
    const renamed = await call(organizationPage, `/admin/organizations/${interpol.id}`, {
      cookie: as.admin,
      params: { id: interpol.id },
      body: form({
        kind: "PARTNER",
        name: "International Criminal Police Organization (INTERPOL)",
        shortName: "INTERPOL",
        countryCode: "",
        governmentId: "",
      }),
    });
    expect(renamed.status).toBe(302);
    expect(renamed.headers.get("Location")).toBe(`/admin/organizations?saved=${interpol.id}`);
    expect((await orgByShortName("INTERPOL")).name).toBe(
      "International Criminal Police Organization (INTERPOL)",
    );

    // An organisation on which nothing depends may change kind.
    const made = await postOrganization({ kind: "COMMITTEE", name: "Made in error", shortName: "ERR" });
    const changed = await putOrganization(made.body.organization.id, {
      kind: "PARTNER",
      name: "Made in error",
      shortName: "ERR",
    });
    expect(changed.status).toBe(200);
    expect(changed.body.organization.kind).toBe("PARTNER");
    expect((await putOrganization("no-such-id", { kind: "PARTNER", name: "N", shortName: "N" })).status).toBe(
      404,
    );
  });
});

describe("only CTED administrators", () => {
  const OTHERS = ["expert", "verifier", "tjk", "partner", "observer"] as const;

  it("anyone else gets 403 from the API and 404 from the pages, and nothing is written", async () => {
    const before = await counts();
    const tajikistan = await orgByShortName("Government of Tajikistan");
    const visit = await prisma().assessment.findFirstOrThrow({ where: { countryCode: "TJK" } });
    const visitBody = {
      countryCode: "TJK",
      title: "Visit by someone else",
      visitStart: "2026-01-05",
      visitEnd: "2026-01-09",
      resolutions: ["1373 (2001)"],
    };
    const organizationBody = { kind: "PARTNER", name: "Someone else's partner", shortName: "SEP" };
    for (const who of OTHERS) {
      const cookie = as[who];
      const apiAnswers = [
        await call(organizationsApi, "/api/admin/organizations", { cookie }),
        await call(organizationsApi, "/api/admin/organizations", { cookie, body: organizationBody }),
        // Before the body is read: a bad body is not a reason to tell them more.
        await call(organizationsApi, "/api/admin/organizations", { cookie, body: {} }),
        await call(organizationApi, "/x", { method: "PUT", cookie, params: { id: tajikistan.id }, body: {} }),
        await call(organizationApi, "/x", { method: "PUT", cookie, params: { id: "nope" }, body: {} }),
        await call(visitsApi, "/api/admin/visits", { cookie }),
        await call(visitsApi, "/api/admin/visits", { cookie, body: visitBody }),
        await call(visitApi, "/x", { cookie, params: { id: visit.id } }),
        await call(visitApi, "/x", { method: "PUT", cookie, params: { id: visit.id }, body: visitBody }),
      ];
      for (const res of apiAnswers) {
        expect(res.status, who).toBe(403);
        expect(await res.json()).toEqual({
          error: "Only CTED administrators manage organisations and visits",
          code: "forbidden",
        });
      }
      const pageAnswers = [
        await call(organizationsPage, "/admin/organizations", { cookie }),
        await call(newOrganizationPage, "/admin/organizations/new", { cookie }),
        await call(newOrganizationPage, "/admin/organizations/new", {
          cookie,
          body: form(organizationBody),
        }),
        await call(organizationPage, "/x", { cookie, params: { id: tajikistan.id } }),
        await call(organizationPage, "/x", {
          cookie,
          params: { id: tajikistan.id },
          body: form(organizationBody),
        }),
        await call(visitsPage, "/admin/visits", { cookie }),
        await call(newVisitPage, "/admin/visits/new", { cookie }),
        await call(newVisitPage, "/admin/visits/new", {
          cookie,
          body: form({ ...visitBody, resolutions: "1373 (2001)" }),
        }),
        await call(visitPage, "/x", { cookie, params: { id: visit.id } }),
      ];
      for (const res of pageAnswers) expect(res.status, who).toBe(404);
    }
    // Signed out: the API says so, the pages go to sign-in.
    expect((await call(visitsApi, "/api/admin/visits", {})).status).toBe(401);
    const signedOut = await call(visitsPage, "/admin/visits", {});
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fvisits");
    expect(await counts()).toEqual(before);
  });
});

describe("assessment visits", () => {
  const VISIT = {
    countryCode: "UZB",
    title: "Assessment visit to Uzbekistan, 2026",
    visitStart: "2026-03-02",
    visitEnd: "2026-03-06",
    resolutions: "1373(2001), 2178 (2014)\n2396 (2017); 1373 (2001)",
    reportSentAt: "2026-05-04",
    reportAdoptedAt: "2026-06-15",
  };
  let visitId = "";

  it("an administrator creates a visit to the new State with its partners and dates", async () => {
    const uzbekistan = await orgByShortName("Government of Uzbekistan");
    expect(uzbekistan.countryCode).toBe("UZB");
    const [unodc, interpol] = [await orgByShortName("UNODC"), await orgByShortName("INTERPOL")];
    const res = await postVisit({ ...VISIT, partnerIds: [unodc.id, interpol.id, unodc.id] });
    expect(res.status).toBe(201);
    expect(res.body.visit).toMatchObject({
      countryCode: "UZB",
      // From the government's short name, "Government of Uzbekistan".
      countryName: "Uzbekistan",
      title: VISIT.title,
      visitStart: "2026-03-02",
      visitEnd: "2026-03-06",
      resolutions: ["1373 (2001)", "2178 (2014)", "2396 (2017)"],
      reportSentAt: "2026-05-04",
      reportAdoptedAt: "2026-06-15",
      isDemo: false,
      cases: 0,
    });
    expect(res.body.visit.partners.map((p: { shortName: string }) => p.shortName)).toEqual([
      "INTERPOL",
      "UNODC",
    ]);
    visitId = res.body.visit.id;

    // Latest first, in the API and on the page.
    const list = await api(visitsApi, "/api/admin/visits", { cookie: as.admin });
    expect(list.body.items[0]).toMatchObject({ id: visitId, title: VISIT.title });
    const starts = list.body.items.map((v: { visitStart: string }) => v.visitStart);
    expect(starts).toEqual([...starts].sort().reverse());
    const page = await call(visitsPage, `/admin/visits?created=${visitId}`, { cookie: as.admin });
    expect(await page.json()).toMatchObject({ notice: { kind: "created", title: VISIT.title } });
    expect((await api(visitApi, "/x", { cookie: as.admin, params: { id: visitId } })).body.visit.id).toBe(
      visitId,
    );
  });

  it("appears in the case form's choices for CTED, and a case can be drafted on it", async () => {
    const expert = await sessionOf({ email: DEMO_ACCOUNTS.expert });
    const options = await caseFormOptions(expert);
    expect(options.assessments).toContainEqual({
      id: visitId,
      title: VISIT.title,
      countryCode: "UZB",
      countryName: "Uzbekistan",
    });
    expect(options.countries).toContainEqual({ code: "UZB", name: "Uzbekistan" });
    const made = await makeCase(expert, { assessmentId: visitId });
    expect(made.ref).toMatch(/^UZB-2026-BC-01$/);
  });

  it("refuses wrong dates, resolutions, States and partners with sentences, writing nothing", async () => {
    const before = await counts();
    const refused = async (body: Record<string, unknown>) => {
      const res = await postVisit({ ...VISIT, ...body });
      expect(res.status).toBe(400);
      return res.body.fields as Record<string, string>;
    };
    expect(await refused({ visitEnd: "2026-03-01" })).toEqual({
      visitEnd: "must be on or after the visit's start",
    });
    expect(await refused({ reportSentAt: "2026-03-05" })).toEqual({
      reportSentAt: "must be on or after the visit's end: the report follows the visit",
    });
    expect(await refused({ reportAdoptedAt: "2026-05-01" })).toEqual({
      reportAdoptedAt: "must be on or after the day the report was sent",
    });
    expect(await refused({ reportSentAt: "" })).toEqual({
      reportSentAt: "is required once the report is adopted",
    });
    expect(await refused({ visitStart: "2026-02-30", visitEnd: "" })).toEqual({
      visitStart: "is not a day of the calendar (2026-02-30 does not exist)",
      visitEnd: "is required",
    });
    expect(await refused({ resolutions: "1373 (2001), resolution 2178" })).toEqual({
      resolutions:
        'must each be written like 1373 (2001), a number and its year in brackets; "resolution 2178" is not',
    });
    expect(await refused({ resolutions: [] })).toEqual({
      resolutions: "must list at least one resolution, such as 1373 (2001)",
    });
    // A State without a government here (the demo's Kyrgyzstan visit has none).
    expect(await refused({ countryCode: "KGZ" })).toEqual({
      countryCode:
        "must be a State with a government in Follow-up; KGZ has none (add it under Organisations first)",
    });
    const uzbekistan = await orgByShortName("Government of Uzbekistan");
    expect(await refused({ partnerIds: [uzbekistan.id] })).toEqual({
      partnerIds: "must each be a partner organisation",
    });
    expect(await refused({ title: "", isDemo: true })).toMatchObject({
      title: "is required",
      body: expect.stringMatching(/^has fields this request does not take: isDemo/),
    });

    // The page's form alike, with what was typed (the partners ticked too) kept for the form.
    const unodc = await orgByShortName("UNODC");
    const page = await call(newVisitPage, "/admin/visits/new", {
      cookie: as.admin,
      body: form({ ...VISIT, visitEnd: "2026-03-01", [`partner:${unodc.id}`]: "on" }),
    });
    expect(page.status).toBe(400);
    expect(await page.json()).toMatchObject({
      fields: { visitEnd: "must be on or after the visit's start" },
      values: { title: VISIT.title, visitEnd: "2026-03-01", partnerIds: [unodc.id] },
    });
    expect(await counts()).toEqual(before);
  });

  it("a visit with cases keeps its State; its other fields change, from the page's form too", async () => {
    const tajikistan2017 = await prisma().assessment.findFirstOrThrow({
      where: { countryCode: "TJK" },
      orderBy: { visitStart: "asc" },
    });
    const moved = await putVisit(tajikistan2017.id, {
      countryCode: "KAZ",
      title: tajikistan2017.title,
      visitStart: "2017-02-19",
      visitEnd: "2017-02-24",
      resolutions: tajikistan2017.resolutions,
    });
    expect(moved.status).toBe(400);
    expect(moved.body.fields.countryCode).toMatch(
      /^cannot change: this visit has \d+ cases, whose references and visibility follow its State \(TJK\)$/,
    );
    // The new visit now has a case too.
    const uzbek = await putVisit(visitId, { ...VISIT, countryCode: "TJK" });
    expect(uzbek.status).toBe(400);
    expect(uzbek.body.fields.countryCode).toBe(
      "cannot change: this visit has 1 case, whose references and visibility follow its State (UZB)",
    );
    expect((await prisma().assessment.findUniqueOrThrow({ where: { id: visitId } })).countryCode).toBe("UZB");

    // Through the page: a new title, the report's dates cleared, one partner left.
    const page = await call(visitPage, `/admin/visits/${visitId}`, {
      cookie: as.admin,
      params: { id: visitId },
    });
    expect((await page.json()).visit).toMatchObject({ id: visitId, cases: 1 });
    const unodc = await orgByShortName("UNODC");
    const saved = await call(visitPage, `/admin/visits/${visitId}`, {
      cookie: as.admin,
      params: { id: visitId },
      body: form({
        ...VISIT,
        countryName: "Republic of Uzbekistan",
        title: "Assessment visit to Uzbekistan, March 2026",
        reportSentAt: "",
        reportAdoptedAt: "",
        [`partner:${unodc.id}`]: "on",
      }),
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/admin/visits?saved=${visitId}`);
    const after = await api(visitApi, "/x", { cookie: as.admin, params: { id: visitId } });
    expect(after.body.visit).toMatchObject({
      countryCode: "UZB",
      countryName: "Republic of Uzbekistan",
      title: "Assessment visit to Uzbekistan, March 2026",
      reportSentAt: null,
      reportAdoptedAt: null,
      partners: [{ id: unodc.id, shortName: "UNODC" }],
      isDemo: false,
    });

    // A visit without cases may move to another State.
    const spare = await postVisit({
      ...VISIT,
      title: "Planned visit",
      reportSentAt: "",
      reportAdoptedAt: "",
    });
    expect(spare.status).toBe(201);
    const elsewhere = await putVisit(spare.body.visit.id, {
      ...VISIT,
      title: "Planned visit",
      countryCode: "TJK",
    });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.visit).toMatchObject({ countryCode: "TJK", countryName: "Tajikistan" });
    expect((await putVisit("nope", VISIT)).status).toBe(404);
  });

  it("a wrong method is 405 with Allow, and a body that is not JSON 415", async () => {
    const del = await call(visitApi, "/x", { method: "DELETE", cookie: as.admin, params: { id: visitId } });
    expect(del.status).toBe(405);
    expect(del.headers.get("Allow")).toBe("GET, PUT");
    const put = await call(organizationsApi, "/api/admin/organizations", {
      method: "PUT",
      cookie: as.admin,
      body: {},
    });
    expect(put.status).toBe(405);
    expect(put.headers.get("Allow")).toBe("GET, POST");
    const text = await call(visitsApi, "/api/admin/visits", {
      cookie: as.admin,
      body: "countryCode=UZB",
      headers: { "Content-Type": "text/plain" },
    });
    expect(text.status).toBe(415);
  });
});
