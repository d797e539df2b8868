// Accessibility in Chromium: axe-core's WCAG 2.1 A/AA rules (and WCAG 2.2's target size) on every
// main screen, as each kind of account sees it, at desktop (1366x768) and phone (390x844) widths;
// at phone width nothing may make the page scroll sideways. axe is injected with page.evaluate,
// which the page's Content-Security-Policy does not restrict (the policy stays as it is).
// With SCREENSHOT_DIR set, it also saves the expert's notifications and the case page's comments
// at both widths. The evidence screens: the focal point's case with evidence (a PDF previewed in
// place, a link) and the forms to add more; a submission under review as CTED reads it (the
// response compared with the agreed text, the package's PDF), with the verification's
// confirmation dialog open; agreeing's confirmation as a step on the page (?confirm=AGREE).
import path from "node:path";

import type { NodeResult, Result } from "axe-core";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { onePagePdf } from "~prisma/seed/demo-pdf.ts";
import { axeResults } from "~tests/helpers/axe.ts";
import { hasChromium, launchBrowser, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";
import { type RunningApp, startApp } from "~tests/helpers/server.ts";

const WIDTHS = [
  { name: "desktop", width: 1366, height: 768 },
  { name: "phone", width: 390, height: 844 },
] as const;

const ACCOUNTS = {
  admin: "admin@cted.example",
  expert: "expert@cted.example",
  focal: "focal@tjk.example",
  officer: "officer@interpol.example",
  observer: "observer@ctc.example",
  /** Kazakhstan's focal point, who reads Arabic: the right-to-left pages. */
  kazArabic: "focal@kaz.example",
} as const;
type Account = keyof typeof ACCOUNTS;
/** The accounts whose pages are checked in English. */
const ENGLISH: Account[] = ["admin", "expert", "focal", "officer", "observer"];

const CASE_REF = "TJK-2017-BC-01";
/** A demo case under review, submitted by the focal point with a PDF, a reference and a link. */
const REVIEW_REF = "TJK-2017-CF-02";
const DRAFTED_REF = "TJK-2017-LJ-01";
const EXPERT_COMMENT = "Please attach the API system's go-live plan and the PNR regulation draft.";
const FOCAL_REPLY = "The regulation draft is with the Ministry of Justice; we will attach it next week.";
const FOCAL_THREAD = "Should the ICAO assessment cover the Khujand airport as well?";

interface Screen {
  name: string;
  who: Account | "anonymousArabic" | null;
  /** The path, once the app runs (case ids are only known then). */
  path: () => string;
  /** Waits until what is checked is on the page. */
  ready?: (page: Page) => Promise<void>;
}

describe.skipIf(!hasChromium)(hasChromium ? "accessibility in Chromium" : NO_CHROMIUM_REASON, () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  type Who = Account | "anonymous" | "anonymousArabic";
  const pages = {} as Record<Who, Page>;
  let caseId = "";
  let officerCaseId = "";
  let reviewCaseId = "";
  let draftedCaseId = "";

  const collab = (page: Page) => page.locator(".collab");
  const comment = (page: Page, text: string): Locator =>
    page.locator(".comment-body", { hasText: text }).locator("xpath=..");
  /** The co-editing area loaded: the editor and the comment threads, not their server-rendered stand-in. */
  const collabLoaded = async (page: Page) => {
    await collab(page).locator(".editor-content").waitFor();
    await comment(page, EXPERT_COMMENT).waitFor();
  };

  let kazCaseId = "";
  const ids = { user: "", organization: "", visit: "", area: "" };
  /** The page's main heading is there: enough for pages without live parts. */
  const headed = (page: Page) => page.locator("h1").first().waitFor();
  /** The page is in Arabic, laid out right to left. */
  const rightToLeft = async (page: Page) =>
    expect(await page.locator("html").evaluate((html: HTMLElement) => [html.lang, html.dir])).toEqual([
      "ar",
      "rtl",
    ]);

  const SCREENS: Screen[] = [
    { name: "/login", who: null, path: () => "/login" },
    { name: "/reset", who: null, path: () => "/reset" },
    ...ENGLISH.flatMap((who): Screen[] => [
      { name: "/assessments", who, path: () => "/assessments" },
      { name: "/me/account", who, path: () => "/me/account" },
      { name: "/me/second-factor", who, path: () => "/me/second-factor", ready: headed },
    ]),
    // The administration, page by page.
    ...[
      "/admin",
      "/admin/users",
      "/admin/users/:id",
      "/admin/organizations",
      "/admin/organizations/:id",
      "/admin/organizations/new",
      "/admin/visits",
      "/admin/visits/:id",
      "/admin/visits/new",
      "/admin/areas",
      "/admin/areas/:slug",
      "/admin/areas/new",
      "/admin/audit",
    ].map((name): Screen => ({
      name,
      who: "admin",
      path: () =>
        name
          .replace("users/:id", `users/${ids.user}`)
          .replace("organizations/:id", `organizations/${ids.organization}`)
          .replace("visits/:id", `visits/${ids.visit}`)
          .replace(":slug", ids.area),
      ready: headed,
    })),
    { name: "/cases/new", who: "expert", path: () => "/cases/new", ready: headed },
    { name: "/cases/:id/edit", who: "expert", path: () => `/cases/${draftedCaseId}/edit`, ready: headed },
    { name: "/cases/:id/evidence", who: "focal", path: () => `/cases/${caseId}/evidence`, ready: headed },
    {
      name: "/assessments/:id/import",
      who: "expert",
      path: () => `/assessments/${ids.visit}/import`,
      ready: headed,
    },
    // Right to left: Arabic, signed out and as Kazakhstan's focal point.
    { name: "/login (Arabic)", who: "anonymousArabic", path: () => "/login", ready: rightToLeft },
    ...["/dashboard", "/cases", "/cases/:id", "/me/work", "/me/notifications", "/me/account"].map(
      (name): Screen => ({
        name: `${name} (Arabic)`,
        who: "kazArabic",
        path: () => name.replace(":id", kazCaseId),
        ready: async (page) => {
          await rightToLeft(page);
          await headed(page);
        },
      }),
    ),
    ...(["expert", "focal", "officer"] as Account[]).flatMap((who): Screen[] => [
      { name: "/dashboard", who, path: () => "/dashboard" },
      { name: "/cases", who, path: () => "/cases" },
      who === "officer"
        ? // The officer does not see TJK-2017-BC-01 (no INTERPOL task on it): their Tajik case instead, with its tasks.
          {
            name: "/cases/:id (INTERPOL's case)",
            who,
            path: () => `/cases/${officerCaseId}`,
            ready: (page) => page.locator("li[data-task]").first().waitFor(),
          }
        : { name: `/cases/:id (${CASE_REF})`, who, path: () => `/cases/${caseId}`, ready: collabLoaded },
      { name: "/me/work", who, path: () => "/me/work" },
      { name: "/me/notifications", who, path: () => "/me/notifications" },
    ]),
    {
      name: `/cases/:id (${REVIEW_REF}, submission under review)`,
      who: "expert",
      path: () => `/cases/${reviewCaseId}`,
      ready: (page) => page.locator("#submission .evidence-preview iframe").first().waitFor(),
    },
    {
      name: `/cases/:id (${REVIEW_REF}, verifying: the confirmation dialog)`,
      who: "expert",
      path: () => `/cases/${reviewCaseId}`,
      ready: async (page) => {
        await page.getByRole("button", { name: "Verify implementation" }).click();
        await page.getByRole("dialog", { name: "Verify the implementation?" }).waitFor();
      },
    },
    {
      name: `/cases/:id?confirm=AGREE (${DRAFTED_REF}, agreeing: the step on the page)`,
      who: "focal",
      path: () => `/cases/${draftedCaseId}?confirm=AGREE`,
      ready: (page) => page.getByRole("group", { name: "Agree to this recommendation?" }).waitFor(),
    },
  ];

  async function open(page: Page, url: string, ready?: (page: Page) => Promise<void>) {
    await page.goto(`${app.url}${url}`);
    // Hydrated: the page as people use it, with the controls React adds.
    await page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 });
    await ready?.(page);
  }

  async function caseIdOf(page: Page, ref: string): Promise<string> {
    const { items } = await (await page.request.get(`${app.url}/api/cases?q=${ref}`)).json();
    return items[0].id;
  }

  /** The reminders job's summaries read "N of your recommendations are overdue: ...", "Due on ...: ...". */
  const REMINDER = /are overdue|are due within|^Overdue since|^Due on/;
  async function reminderSummary(page: Page): Promise<boolean> {
    const { items } = (await (await page.request.get(`${app.url}/api/me/notifications`)).json()) as {
      items: { text: string }[];
    };
    return items.some((n) => REMINDER.test(n.text));
  }

  const describeNode = (n: NodeResult) =>
    `    ${n.target.join(" ")}\n      ${(n.failureSummary ?? "").replace(/\n/g, "\n      ")}`;
  const describeViolation = (v: Result) =>
    `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${v.nodes.map(describeNode).join("\n")}`;

  /** The innermost elements reaching past either edge of the screen (to say what overflows; left in right-to-left pages). */
  const overflowing = (page: Page) =>
    page.evaluate(() => {
      const limit = window.innerWidth;
      const wide = [...document.body.querySelectorAll<HTMLElement>("*")].filter(
        (el) => el.getBoundingClientRect().right > limit + 0.5 || el.getBoundingClientRect().left < -0.5,
      );
      const name = (el: Element) =>
        `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${[...el.classList].map((c) => `.${c}`).join("")}`;
      return wide
        .filter((el) => !wide.some((other) => other !== el && el.contains(other)))
        .slice(0, 10)
        .map(
          (el) =>
            `${name(el.parentElement!)} > ${name(el)}: from ${Math.round(el.getBoundingClientRect().left)} to ${Math.round(el.getBoundingClientRect().right)} px`,
        );
    });

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    for (const who of ["anonymous", "anonymousArabic", ...Object.keys(ACCOUNTS)] as Who[]) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      contexts.push(context);
      pages[who] = await context.newPage();
      if (who !== "anonymous" && who !== "anonymousArabic")
        await signInPage(pages[who], app.url, ACCOUNTS[who]);
      // Arabic from the language menu's form: the cookie, and for Kazakhstan's focal point the account's setting.
      if (who === "anonymousArabic" || who === "kazArabic") {
        const chosen = await pages[who].request.post(`${app.url}/language`, {
          form: { language: "ar", redirectTo: "/" },
          headers: { Origin: app.url },
          maxRedirects: 0,
        });
        expect(chosen.status()).toBe(302);
      }
    }
    kazCaseId = await caseIdOf(pages.kazArabic, "KAZ-2018");
    const firstOf = async (path: string) =>
      (
        (await (await pages.admin.request.get(`${app.url}${path}`)).json()).items as {
          id: string;
          slug: string;
        }[]
      )[0]!;
    ids.user = (await firstOf("/api/admin/users")).id;
    ids.organization = (await firstOf("/api/admin/organizations")).id;
    ids.visit = (await firstOf("/api/admin/visits")).id;
    ids.area = (await firstOf("/api/admin/areas")).slug;
    caseId = await caseIdOf(pages.expert, CASE_REF);
    reviewCaseId = await caseIdOf(pages.expert, REVIEW_REF);
    draftedCaseId = await caseIdOf(pages.expert, DRAFTED_REF);
    const { items } = await (await pages.officer.request.get(`${app.url}/api/cases?country=TJK`)).json();
    officerCaseId = items[0].id;

    // Comment threads on the case: the expert's, answered by the focal point, and the focal
    // point's, resolved by the expert.
    const { expert, focal } = pages;
    for (const page of [expert, focal])
      await open(page, `/cases/${caseId}`, (p) => collab(p).getByPlaceholder("Add a comment").waitFor());
    await collab(expert).getByPlaceholder("Add a comment").fill(EXPERT_COMMENT);
    await collab(expert).getByRole("button", { name: "Add comment" }).click();
    await comment(focal, EXPERT_COMMENT).getByRole("button", { name: "Reply" }).click();
    await collab(focal).getByPlaceholder("Write a reply").fill(FOCAL_REPLY);
    await collab(focal).getByRole("button", { name: "Reply", exact: true }).last().click();
    await collab(focal).getByPlaceholder("Add a comment").fill(FOCAL_THREAD);
    await collab(focal).getByRole("button", { name: "Add comment" }).click();
    await comment(expert, FOCAL_THREAD).getByRole("button", { name: "Resolve" }).click();
    await comment(focal, FOCAL_THREAD).locator(".badge", { hasText: "Resolved" }).waitFor();
    await comment(expert, FOCAL_REPLY).waitFor();

    // Evidence on the focal point's case: a PDF (previewed in place) and a link, both deletable.
    const added = [
      await focal.request.post(`${app.url}/api/cases/${caseId}/evidence`, {
        multipart: {
          title: "Government decree on the API system (demo)",
          description: "Signed on 20 February; published on 1 March.",
          file: {
            name: "decree-api-system.pdf",
            mimeType: "application/pdf",
            buffer: onePagePdf("Decree on the Advance Passenger Information system (demo)", ["Demo."]),
          },
        },
      }),
      await focal.request.post(`${app.url}/api/cases/${caseId}/evidence`, {
        data: {
          kind: "link",
          title: "State Border Service: API system announcement (demo page)",
          url: "https://www.example.org/demo/tj/border-service/api-system",
        },
      }),
    ];
    for (const res of added) expect(res.status(), await res.text()).toBe(201);

    // The reminders job runs once at start-up: its summaries are among the expert's notifications.
    for (let waited = 0; !(await reminderSummary(expert)); waited += 250) {
      if (waited > 60_000)
        throw new Error(`no reminders summary for the expert after 60 s:\n${app.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.stop();
  });

  for (const size of WIDTHS) {
    describe(`at ${size.name} width (${size.width}x${size.height})`, () => {
      for (const screen of SCREENS) {
        it(`${screen.name} as ${screen.who ?? "a visitor"}`, async () => {
          const page = pages[screen.who ?? "anonymous"];
          await page.setViewportSize({ width: size.width, height: size.height });
          await open(page, screen.path(), screen.ready);
          const dir = process.env.SCREENSHOT_DIR;
          if (dir)
            await page.screenshot({
              path: path.join(
                dir,
                `${screen.name}-${screen.who ?? "visitor"}-${size.name}.png`.replace(/[^\w.-]+/g, "_"),
              ),
              fullPage: true,
            });
          const violations = await axeResults(page);
          const report = violations.map(describeViolation);
          if (report.length)
            console.log(
              `axe, ${screen.name} as ${screen.who ?? "a visitor"} at ${size.name} width:\n${report.join("\n")}`,
            );
          // Soft: a failure reports both checks.
          expect.soft(report, "axe violations").toEqual([]);
          if (size.name === "phone") {
            const fits = await page.evaluate(() => ({
              scrollWidth: document.documentElement.scrollWidth,
              innerWidth: window.innerWidth,
            }));
            expect
              .soft(
                fits.scrollWidth <= fits.innerWidth,
                `the page scrolls sideways (${fits.scrollWidth} > ${fits.innerWidth} px): ${(await overflowing(page)).join("; ")}`,
              )
              .toBe(true);
          }
        });
      }
    });
  }

  it("comment controls are touch targets of at least 24x24 CSS px (44 px high on a phone)", async () => {
    const page = pages.expert;
    for (const size of WIDTHS) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await open(page, `/cases/${caseId}`, collabLoaded);
      const boxes = await collab(page)
        .locator(".comment-actions button")
        .evaluateAll((buttons) =>
          buttons.map((b) => ({
            text: b.textContent,
            width: b.getBoundingClientRect().width,
            height: b.getBoundingClientRect().height,
          })),
        );
      expect(boxes.length).toBeGreaterThan(0);
      const small = boxes.filter((b) => b.width < 24 || b.height < (size.name === "phone" ? 44 : 24));
      expect(small, `small targets at ${size.name} width`).toEqual([]);
    }
  });

  it("screenshots: the expert's notifications (with the reminders summary) and the case page's comments", async () => {
    const dir = process.env.SCREENSHOT_DIR;
    const page = pages.expert;
    for (const size of WIDTHS) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await open(page, "/me/notifications");
      // The reminders summary: "N of your recommendations are overdue: ..." and the like.
      expect(await page.locator(".notifications li", { hasText: REMINDER }).count()).toBeGreaterThan(0);
      if (dir)
        await page.screenshot({
          path: path.join(dir, `notifications-expert-${size.name}.png`),
          fullPage: true,
        });
      await open(page, `/cases/${caseId}`, collabLoaded);
      if (dir)
        await collab(page).screenshot({ path: path.join(dir, `case-comments-expert-${size.name}.png`) });
      await page.evaluate(() => window.scrollTo(0, 0));
      if (dir) await page.screenshot({ path: path.join(dir, `case-page-top-expert-${size.name}.png`) });
    }
  });
});
