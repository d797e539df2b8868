// axe-core in a Playwright page: WCAG 2.0/2.1 A and AA and WCAG 2.2 AA rules, and invisible text;
// the violations as readable lines. Injected with page.evaluate, which the page's
// Content-Security-Policy allows.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import type { AxeResults, Result } from "axe-core";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * The page's axe violations, and text in its background's own colour: axe leaves that for review
 * ("incomplete"), as it may be hidden on purpose; in this app nothing is (hidden text is clipped:
 * .sr-only), so it is invisible text, a violation ("Mark all as read" white on a white card).
 */
export async function axeResults(page: Page): Promise<Result[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) =>
      (
        window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }
      ).axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations", "incomplete"],
      }),
    AXE_TAGS,
  );
  const invisible = results.incomplete
    .filter((r) => r.id === "color-contrast")
    .flatMap((r) =>
      r.nodes
        .filter((n) =>
          n.any.some((c) => (c.data as { messageKey?: string } | null)?.messageKey === "equalRatio"),
        )
        .map((n) => ({ r, n })),
    );
  if (invisible.length === 0) return results.violations;
  const { r } = invisible[0]!;
  return [
    ...results.violations,
    { ...r, help: `${r.help}: text in its background's colour`, nodes: invisible.map(({ n }) => n) },
  ];
}

/** The page's violations (axeResults), one line each with the elements concerned ([] when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  return (await axeResults(page)).map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}

/** Whether the page scrolls sideways at its viewport's width. */
export const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

export const SCREEN_WIDTHS = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/**
 * The screen at desktop and phone widths: axe-clean and without sideways scrolling; saved as
 * `<name>-<width>.png` in SCREENSHOT_DIR when it is set (before the checks, to see what failed).
 * Leaves the page at desktop width.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  for (const size of SCREEN_WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: path.join(dir, `${name}-${size.name}.png`), fullPage: true });
    expect(await axeViolations(page), `${name} at ${size.name} width`).toEqual([]);
    expect(await scrollsSideways(page), `${name} scrolls sideways at ${size.name} width`).toBe(false);
  }
  await page.setViewportSize({ width: SCREEN_WIDTHS[0].width, height: SCREEN_WIDTHS[0].height });
}
