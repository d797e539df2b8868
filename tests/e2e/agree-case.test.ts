// A person's view: the Tajikistan focal point agrees a case in Chromium, and a CTED expert then
// sees it agreed, with that entry in the history. Also without JavaScript.
import { describe, expect, it } from "vitest";

import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

describe.skipIf(!hasChromium)(hasChromium ? "in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();

  it("the focal point agrees a case; a CTED expert then sees it agreed with that history entry", async () => {
    const focal = await (await env.browser.newContext()).newPage();
    await signInPage(focal, env.app.url, "focal@tjk.example");
    await focal.getByRole("link", { name: "Cases" }).click();
    await focal.waitForURL(/\/cases$/);
    await focal.getByLabel("State", { exact: true }).selectOption("drafted");
    await focal.getByRole("button", { name: "Apply" }).click();
    await focal.waitForURL(/state=drafted/);
    // Isolation in the browser too: no Kazakhstan case in the Tajik focal point's list.
    expect(await focal.locator("tbody").textContent()).not.toContain("KAZ-");
    await focal.getByRole("link", { name: "TJK-2017-LJ-01" }).click();
    await focal.getByRole("button", { name: "Agree", exact: true }).click();
    await focal.getByRole("dialog").getByRole("button", { name: "Yes, agree" }).click();
    await expect.poll(() => focal.locator(".notice.success").textContent()).toContain("Done: Agree");
    const caseUrl = focal.url().replace(/\?.*$/, "");

    const expert = await (await env.browser.newContext()).newPage();
    await signInPage(expert, env.app.url, "expert@cted.example");
    await expert.goto(caseUrl);
    expect(await expert.locator(".badge.agreed").first().textContent()).toBe("Agreed");
    expect(await expert.locator(".diagram .state.current").textContent()).toBe("Agreed");
    const lastEntry = expert.locator(".timeline li").last();
    expect(await lastEntry.textContent()).toMatch(
      /Agree · Drafted → Agreed.*Rustam Nazarov \(Government focal point\)/,
    );
  });

  it("works without JavaScript: sign in, read a case, request changes with a reason", async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInPage(page, env.app.url, "focal@tjk.example");
    await page.goto(`${env.app.url}/cases?q=TJK-2017-HR-01`);
    await page.getByRole("link", { name: "TJK-2017-HR-01" }).click();
    await page
      .getByLabel(/Reason for .Request changes/)
      .fill("Please cite the 2016 Criminal Procedure Code.");
    await page.getByRole("button", { name: "Request changes" }).click();
    await page.waitForURL(/done=REQUEST_CHANGES/);
    expect(await page.locator(".timeline li").last().textContent()).toContain(
      "Please cite the 2016 Criminal Procedure Code.",
    );
    await context.close();
  });

  it("another State's focal point opening a Tajik case by its address gets the not-found page", async () => {
    const expert = await (await env.browser.newContext()).newPage();
    await signInPage(expert, env.app.url, "expert@cted.example");
    const { items } = await (await expert.request.get(`${env.app.url}/api/cases?q=TJK-2017-BC-01`)).json();
    const kaz = await (await env.browser.newContext()).newPage();
    await signInPage(kaz, env.app.url, "focal@kaz.example");
    const res = await kaz.goto(`${env.app.url}/cases/${items[0].id}`);
    expect(res!.status()).toBe(404);
    expect(await kaz.getByRole("heading", { level: 1 }).textContent()).toBe("Not found");
    expect(await kaz.content()).not.toContain("TJK-2017-BC-01");
  });
});
