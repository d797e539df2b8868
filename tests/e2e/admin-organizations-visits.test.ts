// The administrator's organisations and visits in Chromium: admin@cted.example adds a State through
// the form (a refused code shown beside its field first), then a visit to it without JavaScript
// (the forms work without it). Every admin page, refusals and fixed fields included, at desktop
// (1366) and phone (390) widths, is axe clean and does not scroll sideways (axe runs as a script:
// checked with JavaScript on); screenshots go to /tmp/admin-<page>-<width>.png.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { axeViolations, scrollsSideways } from "~tests/helpers/axe.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

const WIDTHS = [
  { name: "desktop", width: 1366, height: 768 },
  { name: "phone", width: 390, height: 844 },
] as const;

describe.skipIf(!hasChromium)(hasChromium ? "administration in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();

  /** Fills the new visit's form for the State added in the first test. */
  async function fillVisit(page: Page) {
    await page.getByLabel("State", { exact: true }).selectOption("UZB");
    await page.getByLabel("Title").fill("Assessment visit to Uzbekistan, 2026");
    await page.getByLabel("Visit start").fill("2026-03-02");
    await page.getByLabel("Visit end").fill("2026-03-06");
    await page.getByLabel("Resolutions").fill("1373 (2001)\n2178 (2014)\n2396 (2017)");
    await page.getByLabel("Report sent").fill("2026-05-04");
    await page.getByLabel(/^INTERPOL/).check();
    await page.getByLabel(/^OSCE/).check();
  }

  /** Axe clean, no sideways scrolling, and a screenshot, at each width. */
  async function check(page: Page, name: string) {
    for (const { name: width, ...size } of WIDTHS) {
      await page.setViewportSize(size);
      expect(await axeViolations(page), `${name} at ${width} width`).toEqual([]);
      expect(await scrollsSideways(page), `${name} scrolls sideways at ${width} width`).toBe(false);
      await page.screenshot({ path: `/tmp/admin-${name}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize(WIDTHS[0]);
  }

  it("adds a State through the form, its refused code shown beside the field", async () => {
    const page = await (await env.browser.newContext({ viewport: WIDTHS[0] })).newPage();
    await signInPage(page, env.app.url, "admin@cted.example");
    await page.goto(`${env.app.url}/admin/organizations`);
    await check(page, "organizations");
    await page.getByRole("link", { name: "New organisation" }).click();
    await page.waitForURL(/\/admin\/organizations\/new$/);
    await page.getByLabel("Kind").selectOption("GOVERNMENT");
    await page.getByLabel("Name", { exact: true }).fill("Government of the Republic of Uzbekistan");
    await page.getByLabel("Short name").fill("Government of Uzbekistan");
    await page.getByLabel("Country code").fill("tjk");
    await page.getByRole("button", { name: "Create organisation" }).click();

    const code = page.getByLabel("Country code");
    await expect.poll(() => code.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#countryCode-error").textContent()).toBe(
      "Country code TJK is already the code of Government of the Republic of Tajikistan.",
    );
    expect(await code.getAttribute("aria-describedby")).toContain("countryCode-error");
    expect(await page.getByRole("alert").textContent()).toBe("Please correct the highlighted fields.");
    await check(page, "organization-refused");

    await code.fill("uzb");
    await page.getByRole("button", { name: "Create organisation" }).click();
    await page.waitForURL(/\/admin\/organizations\?created=/);
    expect(await page.locator(".notice.success").textContent()).toBe(
      "Created Government of the Republic of Uzbekistan.",
    );
    const row = page.getByRole("row", { name: /Government of the Republic of Uzbekistan/ });
    expect(await row.textContent()).toContain("UZB");

    // A government with accounts and visits: its kind and code are shown fixed, with the reason.
    await page.getByRole("link", { name: "Government of the Republic of Tajikistan" }).click();
    await page.waitForURL(/\/admin\/organizations\/[^/]+$/);
    expect(await page.getByLabel("Kind").isDisabled()).toBe(true);
    expect(await page.locator("#kind-hint").textContent()).toMatch(
      /^Its kind cannot change while it has 1 account/,
    );
    await check(page, "organization-edit");
  });

  it("adds a visit to the new State without JavaScript, with its partners and dates", async () => {
    const context = await env.browser.newContext({ viewport: WIDTHS[0], javaScriptEnabled: false });
    const page = await context.newPage();
    await signInPage(page, env.app.url, "admin@cted.example");
    await page.goto(`${env.app.url}/admin/visits`);
    await page.getByRole("link", { name: "New visit" }).click();
    await page.waitForURL(/\/admin\/visits\/new$/);
    await fillVisit(page);
    await page.getByLabel("Visit end").fill("2026-02-27");
    await page.getByRole("button", { name: "Create visit" }).click();

    // Refused: the end before the start, said beside it; what was typed is still there.
    await page.locator("#visitEnd-error").waitFor();
    expect(await page.locator("#visitEnd-error").textContent()).toBe(
      "Visit end must be on or after the visit's start.",
    );
    expect(await page.getByLabel("Visit end").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Title").inputValue()).toBe("Assessment visit to Uzbekistan, 2026");
    expect(await page.getByLabel(/^INTERPOL/).isChecked()).toBe(true);

    await page.getByLabel("Visit end").fill("2026-03-06");
    await page.getByRole("button", { name: "Create visit" }).click();
    await page.waitForURL(/\/admin\/visits\?created=/);
    expect(await page.locator(".notice.success").textContent()).toBe(
      "Created Assessment visit to Uzbekistan, 2026.",
    );
    // Latest first: the new visit heads the list, with its State, dates and partners.
    const first = page.locator(".admin-visits > li").first();
    expect(await first.getByRole("heading").textContent()).toBe("Assessment visit to Uzbekistan, 2026");
    expect(await first.textContent()).toMatch(
      /Uzbekistan \(UZB\).*2 Mar 2026 to 6 Mar 2026.*sent 4 May 2026.*1373 \(2001\), 2178 \(2014\), 2396 \(2017\).*INTERPOL, OSCE/,
    );
    await context.close();
  });

  it("the visits' pages are axe clean and fit a phone, refusals and fixed fields included", async () => {
    // Axe runs as a script in the page: these pages are checked with JavaScript on.
    const page = await (await env.browser.newContext({ viewport: WIDTHS[0] })).newPage();
    await signInPage(page, env.app.url, "admin@cted.example");
    await page.goto(`${env.app.url}/admin/visits`);
    await check(page, "visits");
    await page.getByRole("link", { name: "New visit" }).click();
    await page.waitForURL(/\/admin\/visits\/new$/);
    await check(page, "visit-new");
    await fillVisit(page);
    await page.getByLabel("Report adopted").fill("2026-04-01");
    await page.getByRole("button", { name: "Create visit" }).click();
    await page.locator("#reportAdoptedAt-error").waitFor();
    expect(await page.locator("#reportAdoptedAt-error").textContent()).toBe(
      "Report adopted must be on or after the day the report was sent.",
    );
    await check(page, "visit-refused");

    // A visit with cases: its State shown fixed, with the reason.
    await page.goto(`${env.app.url}/admin/visits`);
    await page.getByRole("link", { name: "Assessment visit to Tajikistan, 19-24 February 2017" }).click();
    await page.waitForURL(/\/admin\/visits\/[^/?]+$/);
    expect(await page.getByLabel("State", { exact: true }).isDisabled()).toBe(true);
    expect(await page.locator("#countryCode-hint").textContent()).toMatch(/^This visit has \d+ cases/);
    await check(page, "visit-edit");
  });

  it("a focal point finds no admin page", async () => {
    const page = await (await env.browser.newContext()).newPage();
    await signInPage(page, env.app.url, "focal@tjk.example");
    for (const path of ["/admin/organizations", "/admin/visits/new"]) {
      const res = await page.goto(`${env.app.url}${path}`);
      expect(res!.status()).toBe(404);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Not found");
    }
  });
});
