// The follow-up report of an assessment (GET /api/assessments/:id/report.docx and .pdf) through the
// whole HTTP stack (startInProcessApp) on this file's own database: the Word file lists every
// recommendation its reader may see, with the status counts, responses, tasks, history and
// lineage; another State's government gets the same 404 as for no assessment; a partner gets only
// its cases and tasks, without responses or the reasons between the State and CTED. The PDF is
// Chromium's print of the HTML renderer's document (skipped, saying why, without Chromium).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { followUpReport } from "~/reports/follow-up-report.server.ts";
import { assertPdfAvailable } from "~/reports/pdf-browser.server.ts";
import { renderReportHtml } from "~/reports/report-html.server.tsx";
import { hasChromium, NO_CHROMIUM_REASON } from "~tests/helpers/browser.ts";
import {
  dayFromToday,
  makeCase,
  makeCtedExpert,
  makePartner,
  makeState,
  makeTask,
  moveCase,
  sessionOf,
  type State,
} from "~tests/helpers/factories.ts";
import { DEMO_ACCOUNTS, signInAs, startInProcessApp } from "~tests/helpers/http.ts";
import { docxTables, docxText, pdfPageCount, saveResponse } from "~tests/helpers/reports.ts";

const TODAY = new Date().toISOString().slice(0, 10);
const TEXTS = {
  agreed: "The Government agreed to screen every passenger against national and INTERPOL lists.",
  draft: "Draft: the Ministry is still consulting the border service.",
  c3Response: "The Ministry of Internal Affairs will train 40 officers.",
  stateReason: "The State asks for two more years because of the elections.",
  taskA: "Deploy I-24/7 access at the northern border post",
  taskB: "Assess the legal framework against ICAO Annex 9",
};

let app: Awaited<ReturnType<typeof startInProcessApp>>;
let state: State;
let ctedUser: SessionUser;
let partnerUser: SessionUser;
const cookies = {} as Record<
  "cted" | "focal" | "otherFocal" | "partnerA" | "observer" | "demoPartner",
  string
>;
const refs = {} as Record<"c1" | "c2" | "c3" | "c4" | "earlier1" | "earlier2", string>;
const titles = {} as Record<"c1" | "c3", string>;

beforeAll(async () => {
  app = await startInProcessApp();
  const expert = await makeCtedExpert();
  const by = await sessionOf(expert);
  state = await makeState();
  const focal = await sessionOf(state.focal);
  // The State's earlier visit, whose recommendations two of this visit's reiterate.
  const earlier = await prisma().assessment.create({
    data: {
      countryCode: state.countryCode,
      countryName: `State ${state.countryCode}`,
      title: `Earlier visit to State ${state.countryCode}`,
      visitStart: new Date("2019-10-07"),
      visitEnd: new Date("2019-10-11"),
      resolutions: ["1373 (2001)"],
    },
    select: { id: true },
  });
  const earlier1 = await makeCase(by, { assessmentId: earlier.id }, { area: "border-control" });
  const earlier2 = await makeCase(by, { assessmentId: earlier.id }, { area: "law-enforcement" });

  const [partnerA, partnerB] = [await makePartner(), await makePartner()];
  // c1, border control: agreed with a response; reiterates earlier1.
  const c1 = await makeCase(by, state, { area: "border-control", dueAt: dayFromToday(90) });
  await saveResponse(c1.id, TEXTS.agreed);
  await moveCase(c1.id, [{ type: "AGREE", by: focal }]);
  // c2, law enforcement: drafted, with a draft response.
  const c2 = await makeCase(by, state, { area: "law-enforcement", dueAt: dayFromToday(90) });
  await saveResponse(c2.id, TEXTS.draft);
  // c3, law enforcement: changes requested (a reason), agreed, in progress; a task for each partner;
  // reiterates earlier2, which partner A does not see.
  const c3 = await makeCase(by, state, { area: "law-enforcement", dueAt: dayFromToday(90) });
  await moveCase(c3.id, [{ type: "REQUEST_CHANGES", by: focal, reason: TEXTS.stateReason }]);
  await saveResponse(c3.id, TEXTS.c3Response);
  await moveCase(c3.id, [
    { type: "AGREE", by: focal },
    { type: "START", by: focal },
  ]);
  await makeTask(by, c3.id, {
    title: TEXTS.taskA,
    assigneeOrgId: partnerA.organizationId,
    dueAt: dayFromToday(30),
  });
  await makeTask(by, c3.id, {
    title: TEXTS.taskB,
    assigneeOrgId: partnerB.organizationId,
    dueAt: dayFromToday(30),
  });
  // c4, border control: drafted, overdue, nothing written.
  const c4 = await makeCase(by, state, { area: "border-control", dueAt: dayFromToday(-10) });
  await prisma().case.update({ where: { id: c1.id }, data: { followsCaseId: earlier1.id } });
  await prisma().case.update({ where: { id: c3.id }, data: { followsCaseId: earlier2.id } });

  Object.assign(refs, {
    c1: c1.ref,
    c2: c2.ref,
    c3: c3.ref,
    c4: c4.ref,
    earlier1: earlier1.ref,
    earlier2: earlier2.ref,
  });
  Object.assign(titles, { c1: c1.title, c3: c3.title });
  ctedUser = by;
  partnerUser = await sessionOf(partnerA.officer);
  cookies.cted = await signInAs(expert.email);
  cookies.focal = await signInAs(state.focal.email);
  cookies.otherFocal = await signInAs((await makeState()).focal.email);
  cookies.partnerA = await signInAs(partnerA.officer.email);
  cookies.observer = await signInAs(DEMO_ACCOUNTS.observer);
  cookies.demoPartner = await signInAs(DEMO_ACCOUNTS.partner);
});
afterAll(() => app?.close());

const report = (cookie: string | undefined, format: "docx" | "pdf", id = state.assessmentId) =>
  fetch(`${app.url}/api/assessments/${id}/report.${format}`, { headers: cookie ? { cookie } : {} });

async function docx(cookie: string) {
  const res = await report(cookie, "docx");
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: docxText(bytes), tables: docxTables(bytes) };
}

const STATUS_HEADER = ["Thematic area", "Drafted", "Agreed", "In progress", "Verified", "Total", "Overdue"];

describe("the Word report, for CTED", () => {
  it("is a .docx attachment named for the State, the visit's year and the day, not to be kept", async () => {
    const { res, bytes } = await docx(cookies.cted);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(res.headers.get("content-disposition")).toContain(
      `filename="follow-up-${state.countryCode}-2024-${TODAY}.docx"`,
    );
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(Buffer.from(bytes.slice(0, 2)).toString()).toBe("PK");
  });

  it("lists every recommendation of the assessment, with the status counts by area", async () => {
    const { text, tables } = await docx(cookies.cted);
    const all = await prisma().case.findMany({
      where: { assessmentId: state.assessmentId },
      select: { ref: true },
    });
    expect(all).toHaveLength(4);
    for (const { ref } of all) expect(text).toContain(ref);
    expect(tables[0]).toEqual([
      STATUS_HEADER,
      ["Law enforcement", "1", "0", "1", "0", "2", "0"],
      ["Border control", "1", "1", "0", "0", "2", "1"],
      ["All areas", "2", "1", "1", "0", "4", "1"],
    ]);
    // The chart's bars carry their numbers, and say them in words.
    expect(text).toContain("Drafted 1, Agreed 1, In progress 0, Verified 0");
    expect(text).toContain("Drafted 1, Agreed 0, In progress 1, Verified 0");
  });

  it("gives the agreed response, or says it is not yet agreed with the draft; reasons; every task", async () => {
    const { text } = await docx(cookies.cted);
    expect(text).toContain(TEXTS.agreed);
    expect(text).toMatch(
      /Not yet agreed\.\nCurrent draft:\nDraft: the Ministry is still consulting the border service\./,
    );
    expect(text).toContain("No draft response has been written yet.");
    expect(text).toContain(TEXTS.stateReason);
    expect(text).toContain(TEXTS.taskA);
    expect(text).toContain(TEXTS.taskB);
  });

  it("says which recommendations reiterate an earlier visit's, in the summary and in their sections", async () => {
    const { text } = await docx(cookies.cted);
    expect(text).toContain(`${refs.c1} ${titles.c1}: Reiterated from ${refs.earlier1} (2019 visit)`);
    expect(text).toContain(`${refs.c3} ${titles.c3}: Reiterated from ${refs.earlier2} (2019 visit)`);
    expect(text.match(/Reiterated from /g)).toHaveLength(4);
  });
});

describe("the Word report, for others", () => {
  it("the State's government reads the whole report", async () => {
    const { text } = await docx(cookies.focal);
    for (const ref of [refs.c1, refs.c2, refs.c3, refs.c4]) expect(text).toContain(ref);
    expect(text).toContain(TEXTS.agreed);
    expect(text).toContain(TEXTS.stateReason);
  });

  it("another State's government gets the 404 that an assessment that does not exist gets", async () => {
    const hidden = await report(cookies.otherFocal, "docx");
    const absent = await report(cookies.cted, "docx", "cabsent000000000000000000");
    expect(hidden.status).toBe(404);
    expect(absent.status).toBe(404);
    expect(await hidden.json()).toEqual(await absent.json());
    expect((await report(cookies.otherFocal, "pdf")).status).toBe(404);
  });

  it("a partner gets only its cases and its tasks, no response and no reason between the State and CTED", async () => {
    const { text, tables } = await docx(cookies.partnerA);
    expect(text).toContain(refs.c3);
    for (const ref of [refs.c1, refs.c2, refs.c4]) expect(text).not.toContain(ref);
    expect(tables[0]).toEqual([
      STATUS_HEADER,
      ["Law enforcement", "0", "0", "1", "0", "1", "0"],
      ["All areas", "0", "0", "1", "0", "1", "0"],
    ]);
    expect(text).toContain(TEXTS.taskA);
    expect(text).not.toContain(TEXTS.taskB);
    for (const secret of [TEXTS.agreed, TEXTS.draft, TEXTS.c3Response, TEXTS.stateReason]) {
      expect(text).not.toContain(secret);
    }
    // The earlier case it reiterates is not the partner's to see.
    expect(text).not.toContain("Reiterated from");
    expect(text).not.toContain(refs.earlier2);
    expect(text).toContain("The response is between the State and CTED and is not included here.");
    expect(text).toMatch(/This report holds only the recommendations on which PARTNER-\w+ holds a task/);
  });

  it("a partner without a task on the assessment gets a 404; an observer reads it all", async () => {
    expect((await report(cookies.demoPartner, "docx")).status).toBe(404);
    const { text } = await docx(cookies.observer);
    for (const ref of [refs.c1, refs.c2, refs.c3, refs.c4]) expect(text).toContain(ref);
  });

  it("without a session, 401", async () => {
    for (const format of ["docx", "pdf"] as const) {
      const res = await report(undefined, format);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "Sign in first", code: "unauthenticated" });
    }
  });
});

describe("the PDF report", () => {
  it("its HTML is one self-contained English document holding every recommendation the reader sees", async () => {
    const html = await renderReportHtml(await followUpReport(ctedUser, state.assessmentId));
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en" dir="ltr">/);
    for (const ref of [refs.c1, refs.c2, refs.c3, refs.c4]) expect(html).toContain(ref);
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<script|<link|\ssrc=|url\((?!#)/i);
    const partners = await renderReportHtml(await followUpReport(partnerUser, state.assessmentId));
    expect(partners).toContain(refs.c3);
    expect(partners).not.toContain(refs.c1);
    expect(partners).not.toContain(TEXTS.c3Response);
  });

  it("without Chromium on the server, the answer is 503 with a sentence that points to the Word report", () => {
    expect(() => assertPdfAvailable("/nonexistent/chromium")).toThrow(
      expect.objectContaining({
        status: 503,
        message: "PDF reports need Chromium on the server; download the Word report instead.",
      }),
    );
  });

  it.skipIf(!hasChromium)(
    hasChromium ? "is an A4 PDF of several pages, printed by Chromium" : `PDF printing ${NO_CHROMIUM_REASON}`,
    async () => {
      const [first, second] = await Promise.all([
        report(cookies.cted, "pdf"),
        report(cookies.partnerA, "pdf"),
      ]);
      for (const res of [first, second]) {
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("application/pdf");
        expect(res.headers.get("content-disposition")).toContain(
          `filename="follow-up-${state.countryCode}-2024-${TODAY}.pdf"`,
        );
      }
      const bytes = new Uint8Array(await first.arrayBuffer());
      expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
      expect(pdfPageCount(bytes)).toBeGreaterThan(1);
      expect(pdfPageCount(new Uint8Array(await second.arrayBuffer()))).toBeGreaterThanOrEqual(1);
    },
  );
});
