// Importing a visit report in Chromium, as a CTED expert does it: Visits, the Kyrgyz visit's
// "Import recommendations", the sample report uploaded, the preview checked (a row without a
// thematic area given one), confirmed, and the new cases found in the list. Then the demo's later
// Tajik visit: a 2024 case shows the 2017 case it reiterates, and the 2017 case shows it back.
// Every screen is checked with axe-core at desktop and phone widths, without sideways scrolling;
// with SCREENSHOT_DIR set, each is saved there.
import { fileURLToPath } from "node:url";

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { checkScreen, SCREEN_WIDTHS } from "~tests/helpers/axe.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

const SAMPLE = fileURLToPath(new URL("../../docs/samples/visit-report-sample.docx", import.meta.url));

describe.skipIf(!hasChromium)(hasChromium ? "importing a report in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();

  const hydrated = (page: Page) =>
    page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 });

  it("an expert turns the sample report into drafted cases and finds them in the list", async () => {
    const page = await (await env.browser.newContext({ viewport: SCREEN_WIDTHS[0] })).newPage();
    await signInPage(page, env.app.url, "expert@cted.example");
    await page.goto(`${env.app.url}/dashboard`);
    await page.getByRole("link", { name: "Visits" }).click();
    await page.getByRole("heading", { name: "Assessment visits" }).waitFor();
    await hydrated(page);
    await checkScreen(page, "import-visits");

    const visit = page.locator(".visit", { hasText: "Kyrgyzstan" });
    await visit.getByRole("link", { name: "Import recommendations" }).click();
    await page.getByRole("heading", { name: "Import recommendations" }).waitFor();
    await hydrated(page);
    await checkScreen(page, "import-upload");

    await page.getByLabel(/Report or spreadsheet/).setInputFiles(SAMPLE);
    await page.getByRole("button", { name: "Read the report" }).click();
    await page.getByRole("heading", { name: "Check the import" }).waitFor();
    await hydrated(page);
    const rows = page.locator(".import-row");
    expect(await rows.count()).toBe(12);
    await checkScreen(page, "import-preview");

    // Confirming with the unplaced row still selected is refused beside it, and nothing is created.
    const unplaced = rows.filter({
      has: page.locator("select option:checked", { hasText: "Choose the area" }),
    });
    expect(await unplaced.count()).toBe(1);
    await page.getByRole("button", { name: "Create the selected recommendations" }).click();
    await expect
      .poll(() => page.locator("[role=alert]").first().textContent())
      .toContain("Please correct the rows marked below");
    await expect.poll(() => unplaced.locator(".error").textContent()).toContain("Thematic area");

    // The expert gives it an area and confirms.
    await unplaced.getByLabel("Thematic area").selectOption({ label: "International cooperation" });
    await page.getByRole("button", { name: "Create the selected recommendations" }).click();
    await page.getByRole("heading", { name: "Imported recommendations" }).waitFor();
    const created = page.locator(".notice.success li");
    expect(await created.count()).toBe(12);
    await checkScreen(page, "import-confirmed");

    await page.getByRole("link", { name: "See the drafted recommendations of this visit" }).click();
    await page.waitForURL(/\/cases\?assessment=/);
    await expect
      .poll(async () =>
        (await page.locator("table tbody tr").allTextContents()).filter((r) => r.includes("KGZ-2025-")),
      )
      .toHaveLength(12);
    await page.context().close();
  });

  it("a later Tajik case shows the 2017 case it reiterates, and the 2017 case shows it", async () => {
    const page = await (await env.browser.newContext({ viewport: SCREEN_WIDTHS[0] })).newPage();
    await signInPage(page, env.app.url, "focal@tjk.example");
    const { items } = await (
      await page.request.get(`${env.app.url}/api/cases?q=TJK-2024&pageSize=100`)
    ).json();
    expect(items.length).toBeGreaterThan(0);
    let shown = false;
    for (const item of items as { id: string; ref: string }[]) {
      await page.goto(`${env.app.url}/cases/${item.id}`);
      const lineage = page.locator("#lineage");
      if ((await lineage.count()) === 0) continue;
      await hydrated(page);
      const earlier = lineage.getByRole("link").first();
      const earlierRef = (await earlier.textContent())!;
      expect(earlierRef).toMatch(/^TJK-2017-/);
      await checkScreen(page, "import-lineage-later");
      await earlier.click();
      await page.getByRole("heading", { name: new RegExp(earlierRef) }).waitFor();
      await expect.poll(() => page.locator("#lineage").textContent()).toContain(item.ref);
      await checkScreen(page, "import-lineage-earlier");
      shown = true;
      break;
    }
    expect(shown).toBe(true);
    await page.context().close();
  });
});
