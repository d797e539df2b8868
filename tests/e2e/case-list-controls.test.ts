// The case list's filters in Chromium, at desktop (1366) and phone (390) widths, as an expert (every
// filter) and a focal point (fewer): the search box shows its whole placeholder, and "Apply" and
// "Clear" are targets of at least 24x24 px with at least 8 px between them; the page is axe-clean
// and does not scroll sideways. Screenshots go to SCREENSHOT_DIR, or /tmp/shots-list.
import { mkdirSync } from "node:fs";
import path from "node:path";

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { axeViolations, SCREEN_WIDTHS, scrollsSideways } from "~tests/helpers/axe.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/shots-list";

/**
 * Whether the search box's placeholder fits: the box's scrolling with the placeholder shown, and
 * (Chromium does not scroll a box for its placeholder) with the same text typed in, and the text's
 * width in the box's font beside the room inside its padding.
 */
const placeholderFit = (page: Page) =>
  page.locator("#q").evaluate((input: HTMLInputElement) => {
    const style = getComputedStyle(input);
    const context = document.createElement("canvas").getContext("2d")!;
    context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const shown = { empty: input.value === "", scrollWidth: input.scrollWidth };
    input.value = input.placeholder;
    const typed = { scrollWidth: input.scrollWidth };
    input.value = "";
    return {
      placeholder: input.placeholder,
      shown,
      typed,
      clientWidth: input.clientWidth,
      textWidth: Math.ceil(context.measureText(input.placeholder).width),
      room: Math.floor(room),
    };
  });

/** The distance between two boxes: horizontal if side by side, vertical if one is above the other. */
function gapBetween(a: DOMRectLike, b: DOMRectLike): number {
  const horizontal = Math.max(b.x - (a.x + a.width), a.x - (b.x + b.width));
  const vertical = Math.max(b.y - (a.y + a.height), a.y - (b.y + b.height));
  return Math.max(horizontal, vertical);
}
interface DOMRectLike {
  x: number;
  y: number;
  width: number;
  height: number;
}

describe.skipIf(!hasChromium)(
  hasChromium ? "the case list's filters in Chromium" : NO_CHROMIUM_REASON,
  () => {
    const env = appAndBrowser();

    for (const who of ["expert@cted.example", "focal@tjk.example"]) {
      it(`as ${who}: the whole placeholder shows, Apply and Clear are apart, the page is axe-clean`, async () => {
        mkdirSync(SHOTS, { recursive: true });
        const context = await env.browser.newContext();
        try {
          const page = await context.newPage();
          await signInPage(page, env.app.url, who);
          await page.goto(`${env.app.url}/cases`);
          const form = page.getByRole("form", { name: "Filter cases" });
          const apply = form.getByRole("button", { name: "Apply" });
          const clear = form.getByRole("link", { name: "Clear" });
          const name = who.split("@")[0]!;
          for (const size of SCREEN_WIDTHS) {
            await page.setViewportSize({ width: size.width, height: size.height });
            await page.screenshot({
              path: path.join(SHOTS, `cases-${name}-${size.name}.png`),
              fullPage: true,
            });
            await form.screenshot({ path: path.join(SHOTS, `filters-${name}-${size.name}.png`) });

            const fit = await placeholderFit(page);
            const where = `${size.name}: ${JSON.stringify(fit)}`;
            expect(fit.shown.empty, "the placeholder is shown (the box is empty)").toBe(true);
            expect(fit.placeholder.length, where).toBeGreaterThan(0);
            expect(fit.shown.scrollWidth, where).toBeLessThanOrEqual(fit.clientWidth);
            expect(fit.typed.scrollWidth, where).toBeLessThanOrEqual(fit.clientWidth);
            expect(fit.textWidth, where).toBeLessThanOrEqual(fit.room);

            const [a, b] = [(await apply.boundingBox())!, (await clear.boundingBox())!];
            for (const box of [a, b]) {
              expect(box.width, `${size.name}: ${JSON.stringify(box)}`).toBeGreaterThanOrEqual(24);
              expect(box.height, `${size.name}: ${JSON.stringify(box)}`).toBeGreaterThanOrEqual(24);
            }
            expect(
              gapBetween(a, b),
              `${size.name}: Apply ${JSON.stringify(a)}, Clear ${JSON.stringify(b)}`,
            ).toBeGreaterThanOrEqual(8);

            expect(await axeViolations(page), `${size.name} width`).toEqual([]);
            expect(await scrollsSideways(page), `scrolls sideways at ${size.name} width`).toBe(false);
          }
          // Clear still clears: back to the list without filters.
          await page.goto(`${env.app.url}/cases?q=border`);
          await clear.click();
          await page.waitForURL(`${env.app.url}/cases`);
          await expect.poll(() => page.locator("#q").inputValue()).toBe("");
        } finally {
          await context.close();
        }
      });
    }
  },
);
