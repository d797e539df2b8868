// The dashboard's charts in Chromium, as the CTED expert sees the demo data: at desktop (1280 px)
// and phone (375 px) widths the three charts are there, each a titled image with a summary and its
// figures, the page does not scroll sideways, axe finds nothing (WCAG 2.1 A/AA, 2.2 AA), and the
// browser reports no error (a hydration mismatch) or blocked content (the page's CSP); a
// focal point's action through the API changes what the expert's charts show, without a reload.
// Screenshots at both widths go to /tmp/dashboard-1280.png and /tmp/dashboard-375.png.

import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { axeViolations } from "~tests/helpers/axe.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

const CHARTS = ["Implementation over time", "State by thematic area", "Overdue work"];
/** A drafted demo case of Tajikistan's, in "Legislation and judicial practice". */
const DRAFTED_REF = "TJK-2017-LJ-01";
const AREA = "legislation-and-judicial-practice";

describe.skipIf(!hasChromium)(hasChromium ? "dashboard charts in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();
  let expert: Page;
  let focal: Page;
  /** What went wrong in the expert's page: errors (a hydration mismatch, say) and blocked content. */
  const problems: string[] = [];

  beforeAll(async () => {
    expert = await (await env.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    expert.on("console", (m) => {
      // The app has no icon: the browser's own request for one is no concern of this page.
      if (m.location().url.endsWith("/favicon.ico")) return;
      if (m.type() === "error" || /Content Security Policy/i.test(m.text()))
        problems.push(`${m.text()} (${m.location().url})`);
    });
    expert.on("pageerror", (error) => problems.push(error.message));
    await signInPage(expert, env.app.url, "expert@cted.example");
    focal = await (await env.browser.newContext()).newPage();
    await signInPage(focal, env.app.url, "focal@tjk.example");
  });

  async function openDashboard(page: Page) {
    await page.goto(`${env.app.url}/dashboard`);
    // Hydrated: the page as people use it.
    await page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 });
  }

  for (const width of [1280, 375]) {
    it(`at ${width} px: three titled charts, each an image named by its title and described by its summary, with a legend or numbers and a table; no sideways scroll; axe clean`, async () => {
      await expert.setViewportSize({ width, height: 900 });
      await openDashboard(expert);
      const charts = expert.locator("figure.chart");
      expect(await charts.locator("h2").allTextContents()).toEqual(CHARTS);
      for (const title of CHARTS) {
        const chart = expert.getByRole("figure", { name: title });
        const images = chart.getByRole("img", {
          name: title === "Overdue work" ? /^Overdue (tasks|cases) by/ : title,
        });
        // The overdue chart has two drawings (tasks by assignee, cases by owner): the demo has both.
        expect(await images.count(), title).toBe(title === "Overdue work" ? 2 : 1);
        for (const image of await images.all()) {
          expect(await image.isVisible()).toBe(true);
          const box = (await image.boundingBox())!;
          expect(box.width, `${title}: drawn across its card`).toBeGreaterThan(width === 375 ? 250 : 400);
          expect(box.x + box.width).toBeLessThanOrEqual(width);
          const described = await image.evaluate(
            (svg) => document.getElementById(svg.getAttribute("aria-describedby")!)?.textContent,
          );
          expect(described, `${title}: its summary`).toMatch(/\d/);
        }
        expect(await chart.locator("table").count(), `${title}: its figures`).toBe(1);
      }
      // Readable without colour: each state's swatch, pattern and name in the legends.
      expect(await expert.locator(".chart-legend").first().textContent()).toBe(
        "DraftedAgreedIn progressVerified",
      );
      await expert.screenshot({ path: `/tmp/dashboard-${width}.png`, fullPage: true });
      // Checked with the tables of figures open as well as folded.
      for (const open of [false, true]) {
        if (open)
          for (const summary of await charts.locator("details > summary").all()) await summary.click();
        expect(await charts.locator("details[open] table").count()).toBe(open ? CHARTS.length : 0);
        const fits = await expert.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        expect(fits.scrollWidth, "the page scrolls sideways").toBeLessThanOrEqual(fits.innerWidth);
        expect(await axeViolations(expert)).toEqual([]);
      }
      expect(problems.splice(0)).toEqual([]);
    });
  }

  it("a bar opens the cases it counts", async () => {
    await expert.setViewportSize({ width: 1280, height: 900 });
    await openDashboard(expert);
    await expert.locator(`#chart-by-area .chart-hits a[href="/cases?area=${AREA}&state=drafted"]`).click();
    await expert.waitForURL(`${env.app.url}/cases?area=${AREA}&state=drafted`);
    await expect.poll(() => expert.locator("tbody").textContent()).toContain(DRAFTED_REF);
  });

  it("the focal point agrees to a case through the API: the expert's charts change in place", async () => {
    await expert.setViewportSize({ width: 1280, height: 900 });
    await openDashboard(expert);
    // What the drawing shows: the number on the area's agreed part, and this month's figures.
    const areaAgreed = () =>
      expert
        .locator(`#chart-by-area g[data-area="${AREA}"] g[data-state="agreed"] text`)
        .textContent({ timeout: 1000 })
        .catch(() => "0");
    const nowAgreed = async () =>
      Number(
        await expert.locator('#chart-over-time tbody tr:last-child td[data-state="agreed"]').textContent(),
      );
    const [agreedInArea, agreedNow] = [Number(await areaAgreed()), await nowAgreed()];
    await expert.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    const { items } = await (await focal.request.get(`${env.app.url}/api/cases?q=${DRAFTED_REF}`)).json();
    const res = await focal.request.post(`${env.app.url}/api/cases/${items[0].id}/events`, {
      data: { type: "AGREE", version: items[0].version },
    });
    expect(res.status(), await res.text()).toBe(200);

    await expect.poll(async () => Number(await areaAgreed())).toBe(agreedInArea + 1);
    expect(await nowAgreed()).toBe(agreedNow + 1);
    expect(await expert.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(problems.splice(0)).toEqual([]);
  });
});
