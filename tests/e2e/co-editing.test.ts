// Two people in two browsers co-edit a case's response and its comments, through a restart of
// the server, with nothing lost.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hasChromium, launchBrowser, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";
import { freePort, type RunningApp, startApp } from "~tests/helpers/server.ts";

describe.skipIf(!hasChromium)(hasChromium ? "co-editing in Chromium" : NO_CHROMIUM_REASON, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "followup-coedit-"));
  let port = 0;
  let app: RunningApp;
  let browser: Browser;
  let focal: Page;
  let expert: Page;
  const editor = (page: Page) => page.locator(".editor-content");
  const status = (page: Page) => page.locator(".save-status");

  beforeAll(async () => {
    port = await freePort();
    app = await startApp({ DATA_DIR: dataDir, PORT: String(port) });
    browser = await launchBrowser();
    focal = await (await browser.newContext()).newPage();
    expert = await (await browser.newContext()).newPage();
    await signInPage(focal, app.url, "focal@tjk.example");
    await signInPage(expert, app.url, "expert@cted.example");
    const { items } = await (await focal.request.get(`${app.url}/api/cases?q=TJK-2017-CF-01`)).json();
    for (const page of [focal, expert]) {
      await page.goto(`${app.url}/cases/${items[0].id}`);
      await editor(page).waitFor();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("each sees the other's text and named caret, and who is present", async () => {
    await editor(focal).click();
    await focal.keyboard.type("Freezing mechanism adopted by decree. ");
    await expect.poll(() => editor(expert).textContent()).toContain("Freezing mechanism adopted by decree.");
    await editor(expert).click();
    await expert.keyboard.press("End");
    await expert.keyboard.type("Please attach the decree.");
    await expect.poll(() => editor(focal).textContent()).toContain("Please attach the decree.");
    // The expert's caret, labelled with the name the server gave, in the focal point's editor.
    await expect
      .poll(() => focal.locator(".collaboration-carets__label").allTextContents())
      .toContain("Elena Petrova");
    await editor(focal).click();
    await expect
      .poll(() => expert.locator(".collaboration-carets__label").allTextContents())
      .toContain("Rustam Nazarov");
    expect(await expert.locator(".presence").textContent()).toContain("Rustam Nazarov");
    await expect.poll(() => status(focal).textContent()).toBe("All changes saved");
    await expect.poll(() => status(expert).textContent()).toBe("All changes saved");
  });

  it("a comment added by one appears for the other without a reload", async () => {
    await expert.getByPlaceholder("Add a comment").fill("Is the decree published in the official gazette?");
    await expert.getByRole("button", { name: "Add comment" }).click();
    const comment = focal.locator(".comment").filter({ hasText: "official gazette" });
    await comment.waitFor();
    expect(await comment.locator(".comment-meta strong").textContent()).toBe("Elena Petrova");
    await comment.getByRole("button", { name: "Reply" }).click();
    await focal.getByPlaceholder("Write a reply").fill("Yes, on 12 March.");
    await focal.getByRole("button", { name: "Reply", exact: true }).last().click();
    await expert.locator(".replies .comment").filter({ hasText: "Yes, on 12 March." }).waitFor();
  });

  it("keeps typing through a server restart, and nothing is lost", async () => {
    await app.stop();
    await expect.poll(() => status(focal).textContent()).toMatch(/^Offline/);
    await editor(focal).click();
    await focal.keyboard.press("End");
    await focal.keyboard.type(" Typed while the server was down.");
    app = await startApp({ DATA_DIR: dataDir, PORT: String(port) });
    await expect.poll(() => status(focal).textContent(), { timeout: 20_000 }).toBe("All changes saved");
    await expect
      .poll(() => editor(expert).textContent(), { timeout: 20_000 })
      .toContain("Typed while the server was down.");
    // A fresh page reads it all back from the server.
    await expert.reload();
    await editor(expert).waitFor();
    const text = await editor(expert).textContent();
    expect(text).toContain("Freezing mechanism adopted by decree.");
    expect(text).toContain("Please attach the decree.");
    expect(text).toContain("Typed while the server was down.");
    expect(await expert.locator(".comment").filter({ hasText: "official gazette" }).count()).toBe(1);
  });
});
