// CTED assigns a task to INTERPOL; the INTERPOL officer sees it arrive live under My work,
// completes it, and CTED sees it done without reloading.
import { describe, expect, it } from "vitest";

import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

describe.skipIf(!hasChromium)(hasChromium ? "in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();

  it("CTED assigns a task to INTERPOL, the officer sees it live under My work and completes it, CTED sees it done", async () => {
    const officer = await (await env.browser.newContext()).newPage();
    await signInPage(officer, env.app.url, "officer@interpol.example");
    await officer.getByRole("link", { name: "My work" }).click();
    await officer.waitForURL(/\/me\/work/);
    const unreadBefore = Number(
      (await officer
        .locator(".bell .count")
        .textContent()
        .catch(() => "0")) ?? 0,
    );
    await officer.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    const expert = await (await env.browser.newContext()).newPage();
    await signInPage(expert, env.app.url, "expert@cted.example");
    const { items } = await (await expert.request.get(`${env.app.url}/api/cases?q=TJK-2017-BC-01`)).json();
    await expert.goto(`${env.app.url}/cases/${items[0].id}`);
    // The new-task form is folded away until opened.
    await expert.getByText("Add a task").click();
    await expert.getByLabel("Task", { exact: true }).fill("Brief airport staff on INTERPOL Red Notices");
    await expert.getByLabel("Assigned to").selectOption({ label: "INTERPOL (the whole organisation)" });
    await expert.getByLabel("Due").fill("2027-01-15");
    await expert.getByRole("button", { name: "Assign task" }).click();
    await expect.poll(() => expert.locator(".notice.success").textContent()).toContain("Task assigned");
    const task = expert.locator('li[data-task="Brief airport staff on INTERPOL Red Notices"]');
    expect(await task.locator(".badge").first().textContent()).toBe("Open");

    // Live, on the officer's open page: the task, the unread count and a notice.
    const arrived = officer.locator('li[data-task="Brief airport staff on INTERPOL Red Notices"]');
    await arrived.waitFor();
    await expect.poll(() => officer.locator(".bell .count").textContent()).toBe(String(unreadBefore + 1));
    expect(await officer.locator(".live-notice").first().textContent()).toContain(
      "Elena Petrova assigned “Brief airport staff on INTERPOL Red Notices” on TJK-2017-BC-01 to INTERPOL",
    );
    expect(await officer.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

    // The officer answers in the task's comments; CTED reads it on the case page without reloading.
    await arrived.getByText("Comments (0)").click();
    await arrived
      .getByLabel("Comment on Brief airport staff on INTERPOL Red Notices")
      .fill("Done at both terminals on 12 January.");
    await arrived.getByRole("button", { name: "Comment", exact: true }).click();
    await expect
      .poll(() => task.locator(".task-comments").textContent())
      .toContain("Done at both terminals on 12 January.");

    await arrived
      .getByRole("button", { name: "Mark done: Brief airport staff on INTERPOL Red Notices" })
      .click();
    await expect
      .poll(() => officer.locator('li[data-task="Brief airport staff on INTERPOL Red Notices"]').count())
      .toBe(0);

    // CTED's case page shows it done, and the history says who did it.
    await expect.poll(() => task.locator(".badge").first().textContent()).toBe("Done");
    await expect
      .poll(() => expert.locator(".timeline li").last().textContent())
      .toMatch(/Task: Mark done.*Marc Dubois \(Partner officer\)/);

    // The officer reads the notification and clears the count.
    await officer.getByRole("link", { name: /^Notifications/ }).click();
    await officer.waitForURL(/\/me\/notifications/);
    expect(await officer.locator(".notifications li.unread").first().textContent()).toContain(
      "Elena Petrova assigned “Brief airport staff on INTERPOL Red Notices”",
    );
    await officer.getByRole("button", { name: "Mark all as read" }).click();
    await expect.poll(() => officer.locator(".bell .count").count()).toBe(0);
    expect(await officer.locator(".notifications li.unread").count()).toBe(0);
  });
});
