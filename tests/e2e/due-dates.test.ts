// Due dates in Chromium, as a new user met them: the new recommendation form chooses no visit for
// them (and refuses none, beside the field); on the 2017 visit, whose six-month default is long past,
// the due date's hint asks for one; a day before today is accepted, but warned about beside the
// field before saving (a live region the field names), and the saved case or task shows overdue.
// Every form screen is axe-clean and does not scroll sideways at desktop and phone widths; with
// SCREENSHOT_DIR set, each is saved there.
import path from "node:path";

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { formatDay } from "~/i18n/format.ts";
import { defaultDueDateFrom, utcDay } from "~/lib/deadlines.ts";
import { checkScreen, SCREEN_WIDTHS } from "~tests/helpers/axe.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

const VISIT_2017 = "Assessment visit to Tajikistan, 19-24 February 2017";
const VISIT_KGZ = "Demo assessment visit to Kyrgyzstan, 2025 (fictional)";
const TODAY = utcDay(new Date()).toISOString().slice(0, 10);

describe.skipIf(!hasChromium)(hasChromium ? "due dates in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();

  const hydrated = (page: Page) =>
    page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 });
  const screenshot = async (page: Page, name: string) => {
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  };

  it("no visit chosen for the user, none refused; a past due date warned about, saved, shown overdue", async () => {
    const page = await (await env.browser.newContext({ viewport: SCREEN_WIDTHS[0] })).newPage();
    await signInPage(page, env.app.url, "expert@cted.example");
    await page.goto(`${env.app.url}/cases/new`);
    await hydrated(page);

    // The visit starts on the empty choice.
    const visit = page.getByLabel("Assessment visit");
    expect(await visit.inputValue()).toBe("");
    expect(await visit.locator("option:checked").textContent()).toBe("Choose the visit");
    const due = page.getByLabel("Due date");
    const hint = page.locator("#dueAt-hint");
    const warning = page.locator("#dueAt-warning");
    expect(await hint.textContent()).toBe(
      "Leave empty for the default, six months after the report's adoption, while that day is still ahead. Deadlines are calendar days (UTC).",
    );
    await checkScreen(page, "due-dates-new");

    // Sent without one: refused, with a sentence beside the field, nothing created.
    await page.getByLabel("Thematic area").selectOption({ label: "Border control" });
    await page.getByLabel("Title").fill("Check travel documents at every crossing point");
    await page.getByLabel("Recommendation text").fill("Demo: check them against INTERPOL's databases.");
    await page.getByRole("button", { name: "Create recommendation" }).click();
    const visitError = page.locator("#assessmentId-error");
    await expect
      .poll(() => visitError.textContent())
      .toBe("Assessment visit is required: choose the visit whose report makes this recommendation.");
    expect(await visit.getAttribute("aria-invalid")).toBe("true");
    expect(await visit.getAttribute("aria-describedby")).toBe("assessmentId-error");
    expect(new URL(page.url()).pathname).toBe("/cases/new");
    await checkScreen(page, "due-dates-visit-required");

    // A visit whose default is ahead: the hint gives it (the Kyrgyz report was adopted on 15 October 2026).
    await visit.selectOption({ label: VISIT_KGZ });
    const kgz = defaultDueDateFrom(new Date("2026-10-15T00:00:00Z"));
    await expect
      .poll(() => hint.textContent())
      .toBe(
        kgz
          ? `Leave empty for the default: ${formatDay(kgz, "en")}, six months after the report's adoption. Deadlines are calendar days (UTC).`
          : "Please choose a due date. The default, six months after the report's adoption, was 15 Apr 2027: already past, so it does not apply. Deadlines are calendar days (UTC).",
      );

    // The 2017 visit: its default (15 December 2017) is long past, so the form asks for a date.
    await visit.selectOption({ label: VISIT_2017 });
    await expect
      .poll(() => hint.textContent())
      .toBe(
        "Please choose a due date. The default, six months after the report's adoption, was 15 Dec 2017: already past, so it does not apply. Deadlines are calendar days (UTC).",
      );
    expect(await due.inputValue()).toBe("");
    expect(await warning.textContent()).toBe("");
    await checkScreen(page, "due-dates-default-past");

    // A day before today: the warning, before anything is sent, in a live region the field names.
    await due.fill("2020-01-15");
    await expect
      .poll(() => warning.textContent())
      .toBe(
        "15 Jan 2020 is in the past: it can be saved, for work already late, but the recommendation will then show as overdue.",
      );
    expect(await warning.getAttribute("role")).toBe("status");
    expect(await due.getAttribute("aria-describedby")).toBe("dueAt-hint dueAt-warning");
    await checkScreen(page, "due-dates-past-warning");
    // Today is not in the past.
    await due.fill(TODAY);
    await expect.poll(() => warning.textContent()).toBe("");
    expect(await due.getAttribute("aria-describedby")).toBe("dueAt-hint");

    // Saved all the same; the case says it is overdue.
    await due.fill("2020-01-15");
    await page.getByRole("button", { name: "Create recommendation" }).click();
    await page.waitForURL(/\/cases\/(?!new)[^/]+$/);
    const caseUrl = page.url();
    await page.getByRole("heading", { name: /Check travel documents at every crossing point/ }).waitFor();
    expect(await page.locator("h1 + p .badge.overdue").textContent()).toBe("Overdue");
    expect(await page.locator("dt:text-is('Due') + dd").textContent()).toBe("15 Jan 2020");
    await hydrated(page);
    await screenshot(page, "due-dates-case-overdue");

    // A task due before today: warned about in the same way, assigned, shown overdue.
    const taskDue = page.getByLabel("Due", { exact: true });
    const taskWarning = page.locator("#task-due-warning");
    // The new-task form is folded away until opened.
    await page.getByText("Add a task").click();
    await page.getByLabel("Task", { exact: true }).fill("Report on the 2021 border audit");
    await page.getByLabel("Assigned to").selectOption({ label: "INTERPOL (the whole organisation)" });
    await taskDue.fill("2021-03-01");
    await expect
      .poll(() => taskWarning.textContent())
      .toBe(
        "1 Mar 2021 is in the past: it can be saved, for work already late, but the task will then show as overdue.",
      );
    expect(await taskWarning.getAttribute("role")).toBe("status");
    expect(await taskDue.getAttribute("aria-describedby")).toBe("task-due-warning");
    await page.locator("#tasks").scrollIntoViewIfNeeded();
    await checkScreen(page, "due-dates-task-warning");
    await page.getByRole("button", { name: "Assign task" }).click();
    await expect.poll(() => page.locator(".notice.success").textContent()).toContain("Task assigned");
    const task = page.locator('li[data-task="Report on the 2021 border audit"]');
    expect(await task.locator(".badge.overdue").textContent()).toBe("Overdue");
    expect(await task.textContent()).toContain("due 1 Mar 2021");
    // The form is empty again, without the warning.
    await expect.poll(() => taskWarning.textContent()).toBe("");

    // Editing the case: its past date is warned about from the start.
    await page.goto(`${caseUrl}/edit`);
    await hydrated(page);
    expect(await page.locator("#dueAt-hint").textContent()).toBe(
      "Leave empty for no due date. Deadlines are calendar days (UTC).",
    );
    expect(await page.locator("#dueAt-warning").textContent()).toContain("15 Jan 2020 is in the past");
    expect(await page.getByLabel("Due date").getAttribute("aria-describedby")).toBe(
      "dueAt-hint dueAt-warning",
    );
    await checkScreen(page, "due-dates-edit-past");
    await page.context().close();
  });
});
