// One change, one notice: a change that moves a case and also notifies the person watching shows
// them the notification alone, not a second notice about the same change. And comment times, on
// tasks and on the response, read in the person's time zone with the zone written: the browser's
// (Dushanbe), then the one chosen on the account page.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { formatTime } from "~/i18n/format.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

describe.skipIf(!hasChromium)(hasChromium ? "in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();
  let focal: Page;
  let expert: Page;

  beforeAll(async () => {
    const context = { timezoneId: "Asia/Dushanbe", viewport: { width: 1280, height: 900 } };
    focal = await (await env.browser.newContext(context)).newPage();
    await signInPage(focal, env.app.url, "focal@tjk.example");
    expert = await (await env.browser.newContext(context)).newPage();
    await signInPage(expert, env.app.url, "expert@cted.example");
  });

  it("CTED returns a case: the focal point's dashboard shows one notice, the notification", async () => {
    const { items } = await (
      await expert.request.get(`${env.app.url}/api/cases?country=TJK&state=in_progress&pageSize=100`)
    ).json();
    const review = items.find((c: { stateValue: string }) => c.stateValue === "in_progress.under_review");
    expect(review, "a demo case under review").toBeDefined();
    await focal.goto(`${env.app.url}/dashboard`);
    await focal.locator("tfoot td").first().waitFor();
    expect(await focal.locator(".live-notice").count()).toBe(0);
    // Time for the page's live connection to be made: a change before it would come as a reload.
    await focal.waitForTimeout(2000);

    const res = await expert.request.post(`${env.app.url}/api/cases/${review.id}/events`, {
      data: { type: "RETURN", version: review.version, reason: "The decree is missing." },
    });
    expect(res.status(), await res.text()).toBe(200);

    await expect
      .poll(() => focal.locator(".live-notice").allTextContents())
      .toEqual([`Elena Petrova returned ${review.ref} for more work: your action is needed`]);
    // Both the live change and the notification have arrived by now (the dashboard counts moved
    // with the first, the bell with the second); a little later there is still one notice.
    await focal.waitForTimeout(1500);
    expect(await focal.locator(".live-notice").allTextContents()).toEqual([
      `Elena Petrova returned ${review.ref} for more work: your action is needed`,
    ]);
  });

  it("comment times are in the person's time zone, the zone written: their browser's, then the one they choose", async () => {
    const { items } = await (await expert.request.get(`${env.app.url}/api/cases?q=TJK-2017-BC-01`)).json();
    const caseId = items[0].id;
    const tasks = (await (await expert.request.get(`${env.app.url}/api/cases/${caseId}/tasks`)).json())
      .items as { id: string; title: string }[];
    expect(tasks.length, "a demo task on TJK-2017-BC-01").toBeGreaterThan(0);
    const posted = await expert.request.post(`${env.app.url}/api/tasks/${tasks[0]!.id}/comments`, {
      data: { body: "Checked with the border police." },
    });
    expect(posted.status(), await posted.text()).toBe(201);
    const { comment } = await posted.json();

    // The browser is in Dushanbe (UTC+5) and has named its zone since its first page.
    await expert.goto(`${env.app.url}/cases/${caseId}`);
    const taskTime = expert.locator(`.task-comments time[datetime="${comment.createdAt}"]`);
    expect(await taskTime.textContent()).toBe(formatTime(comment.createdAt, "en", "Asia/Dushanbe"));
    expect(await taskTime.textContent()).toMatch(/ GMT\+5$/);

    await expert.locator(".collab").getByPlaceholder("Add a comment").fill("Please attach the decree.");
    await expert.locator(".collab").getByRole("button", { name: "Add comment" }).click();
    const meta = expert
      .locator(".comment", { hasText: "Please attach the decree." })
      .locator(".comment-meta time")
      .first();
    await expect.poll(() => meta.textContent()).toMatch(/ GMT\+5$/);
    const at = await meta.getAttribute("datetime");
    expect(await meta.textContent()).toBe(formatTime(at!, "en", "Asia/Dushanbe"));

    // The expert chooses New York's time on the account page: the same comment then reads in it.
    await expert.goto(`${env.app.url}/me/account`);
    await expert.getByLabel("Time zone", { exact: true }).selectOption("America/New_York");
    await expert
      .locator("form", { has: expert.getByLabel("Time zone", { exact: true }) })
      .getByRole("button", { name: "Save" })
      .click();
    await expert.waitForURL(/done=PREFERENCES_SAVED/);
    await expert.goto(`${env.app.url}/cases/${caseId}`);
    expect(await taskTime.textContent()).toBe(formatTime(comment.createdAt, "en", "America/New_York"));
    expect(await taskTime.textContent()).toMatch(/ GMT-[45]$/);
  });
});
