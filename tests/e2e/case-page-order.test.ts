// The case page in the order people need it: the facts, the viewer's actions, the response, then
// tasks (the new-task form folded away), evidence, and last the history and the diagram; the same
// order for the keyboard and on a phone. A task's reason box shows only once "Cancel task" is chosen.
// With SCREENSHOT_DIR set, the screens are saved there.
import path from "node:path";

import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { checkScreen, SCREEN_WIDTHS } from "~tests/helpers/axe.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

/** Demo cases of the focal point's, being implemented (with the response, tasks and evidence). */
const CASE_REFS = ["TJK-2017-CF-01", "TJK-2017-BC-01"];

describe.skipIf(!hasChromium)(hasChromium ? "case page order in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();

  const hydrated = (page: Page) =>
    page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 });
  const screenshot = async (page: Page, name: string) => {
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  };
  const caseUrl = async (page: Page, ref: string) => {
    const { items } = await (await page.request.get(`${env.app.url}/api/cases?q=${ref}`)).json();
    return `${env.app.url}/cases/${items[0].id}`;
  };
  /** Whether a comes before b in the document. */
  const before = async (a: Locator, b: Locator) =>
    a.evaluate(
      (x, y) => Boolean(x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING),
      await b.elementHandle(),
    );
  const top = async (l: Locator) => (await l.boundingBox())!.y;

  for (const ref of CASE_REFS) {
    it(`${ref}: the focal point's actions and the response come before tasks, history and diagram`, async () => {
      const page = await (await env.browser.newContext()).newPage();
      await signInPage(page, env.app.url, "focal@tjk.example");
      await page.goto(await caseUrl(page, ref));
      await hydrated(page);
      const facts = page.locator("#details-heading");
      const actions = page.locator("#actions");
      const mainAction = actions.locator("button").first();
      const response = page.locator(".editor-content");
      const tasks = page.locator("#tasks");
      const evidence = page.getByRole("heading", { name: "Evidence", exact: true });
      const history = page.locator("#history-heading");
      const diagram = page.locator("#workflow-heading");
      await response.waitFor();
      expect(await mainAction.count()).toBeGreaterThan(0);

      const order = [page.locator("h1"), facts, actions, response, tasks, evidence, history, diagram];
      for (const [i, later] of order.slice(1).entries())
        expect(await before(order[i]!, later), `step ${i}`).toBe(true);

      // The new-task form is folded away behind "Add a task".
      const toggle = page.locator("details.new-task-toggle");
      expect(await toggle.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      expect(await page.getByLabel("Task", { exact: true }).isVisible()).toBe(false);

      for (const size of SCREEN_WIDTHS) {
        await page.setViewportSize({ width: size.width, height: size.height });
        await screenshot(page, `case-order-${ref}-${size.name}`);
        if (size.name === "phone") {
          // On a phone, one column: the actions and the response are above the rest.
          const actionsY = await top(actions);
          const responseY = await top(response);
          expect(actionsY).toBeLessThan(responseY);
          for (const later of [tasks, history, diagram]) expect(responseY).toBeLessThan(await top(later));
        }
        // The main action within the first 15 Tab stops after the skip link.
        await page.reload();
        await hydrated(page);
        await page.keyboard.press("Tab");
        expect(await page.evaluate(() => document.activeElement?.className)).toContain("skip-link");
        await page.keyboard.press("Enter");
        let stops = 0;
        for (; stops < 15; stops++) {
          await page.keyboard.press("Tab");
          if (await mainAction.evaluate((b) => b === document.activeElement)) break;
        }
        expect(stops, `the main action is reached at ${size.name} width`).toBeLessThan(15);
      }
      await checkScreen(page, `case-order-${ref}`);
    });
  }

  it("a task's reason box shows only once Cancel task is opened, and cancelling with a reason works", async () => {
    const page = await (await env.browser.newContext({ viewport: SCREEN_WIDTHS[0] })).newPage();
    await signInPage(page, env.app.url, "expert@cted.example");
    await page.goto(await caseUrl(page, "TJK-2017-BC-01"));
    await hydrated(page);
    const title = "Check the border posts' I-24/7 terminals";
    await page.getByText("Add a task").click();
    await page.getByLabel("Task", { exact: true }).fill(title);
    await page.getByLabel("Assigned to").selectOption({ label: "INTERPOL (the whole organisation)" });
    await page.getByLabel("Due", { exact: true }).fill("2027-02-01");
    await page.getByRole("button", { name: "Assign task" }).click();
    await expect.poll(() => page.locator(".notice.success").textContent()).toContain("Task assigned");
    const task = page.locator(`li[data-task="${title}"]`);
    await task.waitFor();

    // No reason box, and nothing "required", on any task until Cancel task is opened.
    const tasks = page.locator("#tasks");
    expect(await tasks.locator("li[data-task] textarea[name=reason]").count()).toBeGreaterThan(0);
    for (const box of await tasks.locator("li[data-task] textarea[name=reason]").all())
      expect(await box.isVisible()).toBe(false);
    expect(await tasks.innerText()).not.toContain("(required)");
    await checkScreen(page, "case-order-tasks-closed");

    await task.getByText("Cancel task").click();
    const reason = task.getByLabel(`Reason for cancelling “${title}”`);
    expect(await reason.isVisible()).toBe(true);
    expect(await reason.getAttribute("required")).not.toBeNull();
    await screenshot(page, "case-order-cancel-open");
    await checkScreen(page, "case-order-cancel-open");
    await reason.fill("Already done by the ministry.");
    await task.getByRole("button", { name: `Cancel this task: ${title}` }).click();
    await expect.poll(() => task.locator(".badge").first().textContent()).toBe("Cancelled");
    await expect
      .poll(() => page.locator(".timeline").textContent())
      .toContain("Already done by the ministry.");
  });
});
