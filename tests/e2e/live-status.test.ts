// Two people, two browsers: the Tajikistan focal point and a CTED expert see each other's actions
// live, without reloading, on the dashboard, the filtered list and the case page.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

describe.skipIf(!hasChromium)(hasChromium ? "in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();
  let focal: Page;
  let expert: Page;

  // The dashboard's totals row: one cell per state, in workflow order.
  const count = async (page: Page, state: "drafted" | "agreed") =>
    Number(await page.locator("tfoot td").nth(["drafted", "agreed"].indexOf(state)).textContent());
  // Set before the other person acts: still there afterwards means the page did not reload.
  const markPage = (page: Page) =>
    page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  const notReloaded = (page: Page) =>
    page.evaluate(() => (window as unknown as { marker?: number }).marker === 1);
  const caseUrl = async (page: Page, ref: string) => {
    const { items } = await (await page.request.get(`${env.app.url}/api/cases?q=${ref}`)).json();
    return `${env.app.url}/cases/${items[0].id}`;
  };

  beforeAll(async () => {
    focal = await (await env.browser.newContext()).newPage();
    await signInPage(focal, env.app.url, "focal@tjk.example");
    expert = await (await env.browser.newContext()).newPage();
    await signInPage(expert, env.app.url, "expert@cted.example");
  });

  it("the focal point agrees: the expert's dashboard counts and filtered list change in place, with a notice", async () => {
    await expert.goto(`${env.app.url}/dashboard`);
    const list = await expert.context().newPage();
    await list.goto(`${env.app.url}/cases?country=TJK&state=drafted`);
    await expect.poll(() => list.locator("tbody").textContent()).toContain("TJK-2017-LJ-01");
    const [drafted, agreed] = [await count(expert, "drafted"), await count(expert, "agreed")];
    await Promise.all([markPage(expert), markPage(list)]);

    await focal.goto(await caseUrl(focal, "TJK-2017-LJ-01"));
    await focal.getByRole("button", { name: "Agree", exact: true }).click();
    await focal.getByRole("dialog").getByRole("button", { name: "Yes, agree" }).click();
    await expect.poll(() => focal.locator(".notice.success").textContent()).toContain("Done: Agree");

    await expect.poll(() => count(expert, "drafted")).toBe(drafted - 1);
    expect(await count(expert, "agreed")).toBe(agreed + 1);
    await expect
      .poll(() => expert.locator(".live-notice").first().textContent())
      .toMatch(/Rustam Nazarov agreed to TJK-2017-LJ-01: now Agreed/);
    // The list keeps its filter: the case is no longer drafted, so its row goes.
    await expect.poll(() => list.locator("tbody").textContent()).not.toContain("TJK-2017-LJ-01");
    expect(list.url()).toMatch(/state=drafted/);
    expect(await notReloaded(expert)).toBe(true);
    expect(await notReloaded(list)).toBe(true);
    // Nobody is told about their own action.
    expect(await focal.locator(".live-notice").count()).toBe(0);
  });

  it("the expert verifies: the focal point's open case page changes state, diagram, history and actions", async () => {
    const { items } = await (
      await expert.request.get(`${env.app.url}/api/cases?country=TJK&state=in_progress&pageSize=100`)
    ).json();
    const review = items.find((c: { stateValue: string }) => c.stateValue === "in_progress.under_review");
    const url = `${env.app.url}/cases/${review.id}`;
    await focal.goto(url);
    await expect.poll(() => focal.locator(".diagram .state.current").textContent()).toBe("Under review");
    await markPage(focal);
    const historyBefore = await focal.locator(".timeline li").count();

    await expert.goto(url);
    await expert.getByRole("button", { name: "Verify implementation" }).click();
    await expert.getByRole("dialog").getByRole("button", { name: "Yes, verify" }).click();
    await expect.poll(() => expert.locator(".notice.success").textContent()).toContain("Done: Verify");

    await expect.poll(() => focal.locator(".diagram .state.current").textContent()).toBe("Verified");
    expect(await focal.locator(".badge.verified").first().textContent()).toBe("Verified");
    expect(await focal.locator(".timeline li").count()).toBe(historyBefore + 1);
    expect(await focal.locator(".timeline li").last().textContent()).toContain("Verify implementation");
    expect(await focal.locator(".notice.info").textContent()).toMatch(
      /Just now: Elena Petrova verified TJK-.*Verified/,
    );
    // Said once, on the page itself, not again in a floating notice.
    expect(await focal.locator(".live-notice").count()).toBe(0);
    expect(await notReloaded(focal)).toBe(true);
  });

  it("an action that lost a race says who won and what the case is now, and applies nothing", async () => {
    const url = await caseUrl(focal, "TJK-2017-HR-01");
    // A second tab whose live connection is held up (a slow network): it still shows the old version.
    const other = await focal.context().newPage();
    await other.routeWebSocket(/socket\.io/, () => {});
    await Promise.all([focal.goto(url), other.goto(url)]);
    await focal.getByRole("button", { name: "Agree", exact: true }).click();
    await focal.getByRole("dialog").getByRole("button", { name: "Yes, agree" }).click();
    await expect.poll(() => focal.locator(".notice.success").textContent()).toContain("Done: Agree");
    const historyAfterWin = await focal.locator(".timeline li").count();

    await other.getByRole("button", { name: "Agree", exact: true }).click();
    await other.getByRole("dialog").getByRole("button", { name: "Yes, agree" }).click();
    await expect
      .poll(() => other.locator(".notice.error").textContent())
      .toMatch(
        /Rustam Nazarov changed this case first \(Agree\); it is now Agreed\. Your action was not applied/,
      );
    expect(await other.locator(".badge.agreed").first().textContent()).toBe("Agreed");
    expect(await other.locator(".timeline li").count()).toBe(historyAfterWin);
  });
});
