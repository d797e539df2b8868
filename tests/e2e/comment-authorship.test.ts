// The editor offers only what the user may do with comments (security review, finding 7): no
// edit or delete on someone else's comment, resolve only for whoever started the thread or CTED.
// With SCREENSHOT_DIR set, it also saves the focal point's view of the comments at desktop and
// phone widths.
import path from "node:path";

import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hasChromium, launchBrowser, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";
import { type RunningApp, startApp } from "~tests/helpers/server.ts";

const EXPERT_COMMENT = "The freezing decree must cover funds held by third parties.";
const FOCAL_REPLY = "The decree of 3 May covers them; we will send the text.";
const FOCAL_THREAD = "Which ministry should receive the training materials?";

describe.skipIf(!hasChromium)(hasChromium ? "comments in Chromium" : NO_CHROMIUM_REASON, () => {
  let app: RunningApp;
  let browser: Browser;
  let focal: Page;
  let expert: Page;

  /** The comment (its own list item, not the thread around a reply) whose text is `text`. */
  const comment = (page: Page, text: string): Locator =>
    page.locator(".comment-body", { hasText: text }).locator("xpath=..");
  /** The controls offered on that comment, and on it alone. */
  const controls = (page: Page, text: string) =>
    comment(page, text).locator("xpath=./p[contains(@class, 'comment-actions')]/button").allTextContents();

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    focal = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    expert = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signInPage(focal, app.url, "focal@tjk.example");
    await signInPage(expert, app.url, "expert@cted.example");
    const { items } = await (await focal.request.get(`${app.url}/api/cases?q=TJK-2017-BC-01`)).json();
    for (const page of [focal, expert]) {
      await page.goto(`${app.url}/cases/${items[0].id}`);
      await page.locator(".collab").getByPlaceholder("Add a comment").waitFor();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("on a CTED expert's comment, the focal point is offered a reply and nothing else", async () => {
    await expert.locator(".collab").getByPlaceholder("Add a comment").fill(EXPERT_COMMENT);
    await expert.locator(".collab").getByRole("button", { name: "Add comment" }).click();
    await comment(focal, EXPERT_COMMENT).waitFor();
    expect(await comment(focal, EXPERT_COMMENT).locator(".comment-meta strong").textContent()).toBe(
      "Elena Petrova",
    );
    expect(await controls(focal, EXPERT_COMMENT)).toEqual(["Reply"]);
    // Its author may do everything with it.
    expect(await controls(expert, EXPERT_COMMENT)).toEqual(["Reply", "Edit", "Delete", "Resolve"]);
  });

  it("the focal point replies, then edits and may delete their own reply; the expert only replies to it", async () => {
    await comment(focal, EXPERT_COMMENT).getByRole("button", { name: "Reply" }).first().click();
    await focal.locator(".collab").getByPlaceholder("Write a reply").fill("The decree of 3 May covers them.");
    await focal.locator(".collab").getByRole("button", { name: "Reply", exact: true }).last().click();
    await comment(focal, "The decree of 3 May covers them.").waitFor();
    // Replies are not resolved on their own: the thread is.
    expect(await controls(focal, "The decree of 3 May covers them.")).toEqual(["Reply", "Edit", "Delete"]);

    await comment(focal, "The decree of 3 May covers them.").getByRole("button", { name: "Edit" }).click();
    await focal.locator(".collab").getByPlaceholder("Edit your comment").fill(FOCAL_REPLY);
    await focal.locator(".collab").getByRole("button", { name: "Save" }).click();
    await comment(expert, FOCAL_REPLY).waitFor();
    expect(await comment(expert, FOCAL_REPLY).locator(".comment-meta strong").textContent()).toBe(
      "Rustam Nazarov",
    );
    expect(await controls(expert, FOCAL_REPLY)).toEqual(["Reply"]);
  });

  it("whoever starts a thread, or CTED, resolves it; nobody else is offered to", async () => {
    await focal.locator(".collab").getByPlaceholder("Add a comment").fill(FOCAL_THREAD);
    await focal.locator(".collab").getByRole("button", { name: "Add comment" }).click();
    await comment(expert, FOCAL_THREAD).waitFor();
    expect(await controls(focal, FOCAL_THREAD)).toEqual(["Reply", "Edit", "Delete", "Resolve"]);
    // CTED resolves any thread, but edits and deletes only its own comments.
    expect(await controls(expert, FOCAL_THREAD)).toEqual(["Reply", "Resolve"]);
    await comment(expert, FOCAL_THREAD).getByRole("button", { name: "Resolve" }).click();
    await comment(focal, FOCAL_THREAD).locator(".badge", { hasText: "Resolved" }).waitFor();
    expect(await controls(focal, FOCAL_THREAD)).toEqual(["Reply", "Edit", "Delete", "Reopen"]);
  });

  it("the focal point's view of the expert's comment, at desktop and phone widths", async () => {
    const dir = process.env.SCREENSHOT_DIR;
    const area = focal.locator(".collab");
    for (const [name, width] of [
      ["desktop", 1280],
      ["phone", 390],
    ] as const) {
      await focal.setViewportSize({ width, height: 900 });
      expect(await controls(focal, EXPERT_COMMENT)).toEqual(["Reply"]);
      // The comments fit the screen: nothing to scroll sideways.
      const fits = await area.evaluate(
        (el) => el.getBoundingClientRect().right <= window.innerWidth && el.scrollWidth <= el.clientWidth,
      );
      expect(fits, `the comments fit ${width} px`).toBe(true);
      if (dir) await area.screenshot({ path: path.join(dir, `comments-focal-point-${name}.png`) });
    }
  });

  it("authors delete their own comments after confirming; replies to a deleted comment stay", async () => {
    await comment(focal, FOCAL_THREAD).getByRole("button", { name: "Delete" }).click();
    if (process.env.SCREENSHOT_DIR)
      await comment(focal, FOCAL_THREAD).screenshot({
        path: path.join(process.env.SCREENSHOT_DIR, "comment-confirm-deletion-phone.png"),
      });
    await focal
      .getByRole("group", { name: "Confirm the deletion" })
      .getByRole("button", { name: "Delete" })
      .click();
    await expect.poll(() => expert.locator(".comment-body", { hasText: FOCAL_THREAD }).count()).toBe(0);
    expect(await focal.locator(".comment-body", { hasText: FOCAL_THREAD }).count()).toBe(0);

    // The expert withdraws their comment; the focal point's reply to it remains, and says so.
    await comment(expert, EXPERT_COMMENT).getByRole("button", { name: "Delete" }).click();
    await expert
      .getByRole("group", { name: "Confirm the deletion" })
      .getByRole("button", { name: "Delete" })
      .click();
    await expect.poll(() => focal.locator(".comment-body", { hasText: EXPERT_COMMENT }).count()).toBe(0);
    const thread = focal.locator(".threads > li", {
      has: focal.locator(".comment-body", { hasText: FOCAL_REPLY }),
    });
    expect(await thread.locator(".comment-body").first().textContent()).toBe(
      "This comment was deleted by its author.",
    );
    expect(await controls(focal, FOCAL_REPLY)).toEqual(["Reply", "Edit", "Delete"]);
    expect(await controls(expert, FOCAL_REPLY)).toEqual(["Reply"]);
    if (process.env.SCREENSHOT_DIR)
      await focal
        .locator(".collab")
        .screenshot({ path: path.join(process.env.SCREENSHOT_DIR, "comments-after-deletion-phone.png") });
    // Nothing was refused along the way.
    expect(await focal.locator(".collab .notice.error").count()).toBe(0);
    expect(await expert.locator(".collab .notice.error").count()).toBe(0);
  });
});
