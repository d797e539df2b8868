// Thematic areas in Chromium: admin@cted.example creates an area from Administration › Thematic
// areas (a code already used refused beside its field first); expert@cted.example drafts a case
// in it and reads its label on the case, whose reference carries its code; once the administrator
// retires it, the new case form offers it no more, while its case still shows it. Every admin
// screen is axe clean and does not scroll sideways at desktop and phone widths; with
// SCREENSHOT_DIR set, each is saved there.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { checkScreen, SCREEN_WIDTHS } from "~tests/helpers/axe.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

const LABEL = "Terrorist use of unmanned aircraft systems";

describe.skipIf(!hasChromium)(hasChromium ? "thematic areas in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();

  const hydrated = (page: Page) =>
    page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 });

  async function signedIn(email: string) {
    const page = await (await env.browser.newContext({ viewport: SCREEN_WIDTHS[0] })).newPage();
    await signInPage(page, env.app.url, email);
    return page;
  }

  let caseUrl = "";

  it("the administrator creates an area, its code refused first when another area has it", async () => {
    const page = await signedIn("admin@cted.example");
    await page.getByRole("link", { name: "Administration" }).click();
    await page.getByRole("heading", { name: "Administration" }).waitFor();
    await page.getByRole("link", { name: "Thematic areas" }).click();
    await page.getByRole("heading", { name: "Thematic areas", level: 1 }).waitFor();
    await hydrated(page);
    // In their order, with their codes and cases.
    const rows = page.locator(".admin-areas tbody tr");
    expect(await rows.count()).toBe(9);
    expect(await rows.first().textContent()).toMatch(/^1Legislation and judicial practiceLJ\d+$/);
    await checkScreen(page, "areas");

    await page.getByRole("link", { name: "New area" }).click();
    await page.waitForURL(/\/admin\/areas\/new$/);
    await page.getByRole("heading", { name: "New thematic area" }).waitFor();
    expect(await page.getByLabel("Place in the order").inputValue()).toBe("10");
    await checkScreen(page, "area-new");
    await page.getByLabel("Label").fill(LABEL);
    await page.getByLabel("Code").fill("bc");
    await page.getByRole("button", { name: "Create area" }).click();

    const code = page.getByLabel("Code");
    await expect.poll(() => code.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#code-error").textContent()).toBe(
      "Code BC is already the code of Border control.",
    );
    expect(await code.getAttribute("aria-describedby")).toContain("code-error");
    expect(await page.getByRole("alert").textContent()).toBe("Please correct the highlighted fields.");
    expect(await page.getByLabel("Label").inputValue()).toBe(LABEL);
    await checkScreen(page, "area-refused");

    await code.fill("ua");
    await page.getByRole("button", { name: "Create area" }).click();
    await page.waitForURL(/\/admin\/areas\?created=/);
    expect(await page.locator(".notice.success").textContent()).toBe(`Created ${LABEL}.`);
    expect(await rows.count()).toBe(10);
    expect(await rows.last().textContent()).toBe(`10${LABEL}UA0`);
    await checkScreen(page, "areas-created");
    await page.context().close();
  });

  it("the expert drafts a case in it and sees its label on the case", async () => {
    const page = await signedIn("expert@cted.example");
    await page.goto(`${env.app.url}/cases/new`);
    await hydrated(page);
    await page
      .getByLabel("Assessment visit")
      .selectOption({ label: "Assessment visit to Tajikistan, 19-24 February 2017" });
    await page.getByLabel("Thematic area").selectOption({ label: LABEL });
    await page.getByLabel("Title").fill("Regulate drones near airports");
    await page
      .getByLabel("Recommendation text")
      .fill("Demo: regulate the use of drones near airports and prisons.");
    await checkScreen(page, "case-new-in-area");
    await page.getByRole("button", { name: "Create recommendation" }).click();
    await page.waitForURL((url) => /^\/cases\/[^/]+$/.test(url.pathname) && url.pathname !== "/cases/new");
    caseUrl = page.url();
    // The new page's heading (the form's may still be shown for a moment after the URL changed).
    await page.getByRole("heading", { level: 1, name: /TJK-2017-UA-01/ }).waitFor();
    const area = page
      .locator("dl.meta dt", { hasText: "Thematic area" })
      .locator("xpath=following-sibling::dd[1]");
    expect(await area.textContent()).toBe(LABEL);
    await page.context().close();
  });

  it("once retired, the area is offered to no new case, and its case still shows it", async () => {
    const admin = await signedIn("admin@cted.example");
    await admin.goto(`${env.app.url}/admin/areas`);
    await admin.getByRole("link", { name: LABEL }).click();
    await admin.waitForURL(/\/admin\/areas\/[a-z0-9-]+$/);
    await hydrated(admin);
    // Its code is in a case's reference now: shown fixed, with the reason.
    expect(await admin.getByLabel("Code").getAttribute("readonly")).not.toBeNull();
    expect(await admin.locator("#code-hint").textContent()).toBe(
      "Its code cannot change: its case’s reference carries it.",
    );
    await checkScreen(admin, "area-edit");
    await admin.getByRole("button", { name: "Retire this area" }).click();
    await admin.waitForURL(/\/admin\/areas\?retired=/);
    expect(await admin.locator(".notice.success").textContent()).toBe(
      `Retired ${LABEL}: its cases keep it, and no new case may choose it.`,
    );
    const row = admin.getByRole("row", { name: new RegExp(LABEL) });
    expect(await row.textContent()).toContain("Retired");
    await checkScreen(admin, "areas-retired");
    await admin.getByRole("link", { name: LABEL }).click();
    await admin.getByRole("button", { name: "Take back into use" }).waitFor();
    await checkScreen(admin, "area-retired");
    await admin.context().close();

    const expert = await signedIn("expert@cted.example");
    await expert.goto(`${env.app.url}/cases/new`);
    const offered = await expert.getByLabel("Thematic area").locator("option").allTextContents();
    expect(offered).toContain("Border control");
    expect(offered.some((o) => o.includes(LABEL))).toBe(false);
    await expert.goto(caseUrl);
    const area = expert
      .locator("dl.meta dt", { hasText: "Thematic area" })
      .locator("xpath=following-sibling::dd[1]");
    expect(await area.textContent()).toBe(LABEL);
    await expert.context().close();
  });

  it("a focal point finds no area page", async () => {
    const page = await signedIn("focal@tjk.example");
    for (const path of ["/admin/areas", "/admin/areas/new", "/admin/areas/border-control"]) {
      const res = await page.goto(`${env.app.url}${path}`);
      expect(res!.status()).toBe(404);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Not found");
    }
    await page.context().close();
  });
});
