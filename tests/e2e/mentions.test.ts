// Mentions in comments, in Chromium: typing "@" and letters in a comment box (or a reply box)
// offers the people who may read the case (app/components/collab/MentionSuggestions.tsx, an ARIA
// 1.2 combobox); the keyboard picks one, which writes "@Full Name ", and posting the comment
// notifies them. Axe-clean with the list open, in English and right to left in Arabic.
// With SCREENSHOT_DIR set, checkScreen saves the screens it checks.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkScreen } from "~tests/helpers/axe.ts";
import { hasChromium, launchBrowser, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";
import { type RunningApp, startApp } from "~tests/helpers/server.ts";

const CASE_REF = "TJK-2017-BC-01";

describe.skipIf(!hasChromium)(hasChromium ? "mentions in Chromium" : NO_CHROMIUM_REASON, () => {
  let app: RunningApp;
  let browser: Browser;
  let focal: Page;
  let expert: Page;
  let caseId = "";

  const commentBox = (page: Page, name = "Add a comment") =>
    page.locator(".collab").getByRole("combobox", { name, exact: true });
  /** The listbox a combobox controls, found by its aria-controls. */
  const listOf = async (box: Locator) =>
    box.page().locator(`[id="${await box.getAttribute("aria-controls")}"]`);
  const optionNames = async (box: Locator) =>
    (await listOf(box))
      .getByRole("option")
      .evaluateAll((options) => options.map((o) => o.querySelector(".mention-name")!.textContent));
  /** The option aria-activedescendant names, by its person's name. */
  const activeName = (box: Locator) =>
    box.evaluate((el) => {
      const id = el.getAttribute("aria-activedescendant");
      const option = id ? document.getElementById(id) : null;
      return option?.getAttribute("aria-selected") === "true"
        ? option.querySelector(".mention-name")!.textContent
        : null;
    });
  /** What the comment form's polite live region says. */
  const status = (box: Locator) =>
    box.locator("xpath=ancestor::form[1]").locator("[role=status][aria-live=polite]").textContent();
  const clear = async (box: Locator) => {
    await box.fill("");
    await expect.poll(() => box.getAttribute("aria-expanded")).toBe("false");
  };

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    focal = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    expert = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signInPage(focal, app.url, "focal@tjk.example");
    await signInPage(expert, app.url, "expert@cted.example");
    const { items } = await (await focal.request.get(`${app.url}/api/cases?q=${CASE_REF}`)).json();
    caseId = items[0].id;
    await focal.goto(`${app.url}/cases/${caseId}`);
    await commentBox(focal).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("the comment box is a combobox controlling a listbox, closed until '@' and letters are typed", async () => {
    const box = commentBox(focal);
    expect(await box.getAttribute("aria-autocomplete")).toBe("list");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    expect(await (await listOf(box)).getAttribute("role")).toBe("listbox");
    await box.click();
    await box.pressSequentially("Write to me at someone@example");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    await clear(box);
  });

  it("offers only people who may read the case: Kazakhstan's focal point and the partner are never offered", async () => {
    const box = commentBox(focal);
    await box.pressSequentially("@Aig");
    await expect.poll(() => status(box)).toBe("No one who can read this case matches these letters");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    await clear(box);
    await box.pressSequentially("@Marc");
    await expect.poll(() => status(box)).toBe("No one who can read this case matches these letters");
    await clear(box);
    // Everyone with a letter "a" or "e": CTED and the observer; not the focal point themselves.
    await box.pressSequentially("@e");
    await expect.poll(() => box.getAttribute("aria-expanded")).toBe("true");
    expect(await optionNames(box)).toEqual(["Committee observer", "Daniel Okafor", "Elena Petrova"]);
    await clear(box);
  });

  it("ArrowDown and ArrowUp move through the suggestions, Escape closes them", async () => {
    const box = commentBox(focal);
    await box.pressSequentially("@E");
    await expect.poll(() => box.getAttribute("aria-expanded")).toBe("true");
    expect(await status(box)).toBe("3 people suggested: up and down arrows to choose, Enter to insert");
    expect(await activeName(box)).toBe("Committee observer");
    await box.press("ArrowDown");
    expect(await activeName(box)).toBe("Daniel Okafor");
    await box.press("ArrowUp");
    await box.press("ArrowUp");
    expect(await activeName(box)).toBe("Elena Petrova");
    await box.press("Escape");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    expect(await box.getAttribute("aria-activedescendant")).toBeNull();
    expect(await box.inputValue()).toBe("@E");
    await clear(box);
  });

  it("case and accents do not matter", async () => {
    const box = commentBox(focal);
    await box.pressSequentially("@ÉLÉ");
    await expect.poll(() => optionNames(box)).toEqual(["Elena Petrova"]);
    await clear(box);
  });

  it("the focal point types '@Ele', is offered Elena Petrova, picks her with the keyboard and posts; she is notified", async () => {
    const box = commentBox(focal);
    await box.pressSequentially("Could you look at the new decree, @Ele");
    await expect.poll(() => optionNames(box)).toEqual(["Elena Petrova"]);
    const option = (await listOf(box)).getByRole("option", { name: /Elena Petrova/ });
    expect(await option.textContent()).toContain("CTED");
    expect(await box.getAttribute("aria-activedescendant")).toBe(await option.getAttribute("id"));
    expect(await option.getAttribute("aria-selected")).toBe("true");
    expect(await status(box)).toBe("1 person suggested: up and down arrows to choose, Enter to insert");

    // Axe-clean with the list open, at desktop and phone widths.
    await checkScreen(focal, "mentions-open");
    expect(await box.getAttribute("aria-expanded")).toBe("true");

    await box.press("ArrowDown");
    await box.press("Enter");
    expect(await box.inputValue()).toBe("Could you look at the new decree, @Elena Petrova ");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    expect(await box.evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe(
      "Could you look at the new decree, @Elena Petrova ".length,
    );
    await box.pressSequentially("thank you.");
    await focal.locator(".collab").getByRole("button", { name: "Add comment" }).click();
    const text = "Could you look at the new decree, @Elena Petrova thank you.";
    await focal.locator(".comment-body", { hasText: text }).waitFor();

    const mentions = async () => {
      const { items } = (await (await expert.request.get(`${app.url}/api/me/notifications`)).json()) as {
        items: { kind: string; caseId: string | null; text: string }[];
      };
      return items.filter((n) => n.kind === "mention" && n.caseId === caseId).map((n) => n.text);
    };
    await expect.poll(mentions).toEqual([expect.stringContaining("Rustam Nazarov")]);
  });

  it("in the reply box, Tab picks the suggestion and a click does too", async () => {
    const thread = focal.locator(".threads > li", {
      has: focal.locator(".comment-body", { hasText: "@Elena Petrova thank you." }),
    });
    await thread.getByRole("button", { name: "Reply" }).first().click();
    const reply = commentBox(focal, "Write a reply");
    await reply.click();
    await reply.pressSequentially("@dan");
    await expect.poll(() => optionNames(reply)).toEqual(["Daniel Okafor"]);
    await reply.press("Tab");
    expect(await reply.inputValue()).toBe("@Daniel Okafor ");
    await expect.poll(() => reply.evaluate((el) => el === document.activeElement)).toBe(true);
    await reply.pressSequentially("and @amin");
    await (await listOf(reply)).getByRole("option", { name: /Amina Haddad/ }).click();
    expect(await reply.inputValue()).toBe("@Daniel Okafor and @Amina Haddad ");
    await expect.poll(() => reply.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await reply.getAttribute("aria-expanded")).toBe("false");
  });

  it("right to left, in Arabic: the list opens at the box's start edge (its right) and is axe-clean", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signInPage(page, app.url, "verifier@cted.example");
    const chosen = await page.request.post(`${app.url}/language`, {
      form: { language: "ar", redirectTo: "/" },
      headers: { Origin: app.url },
      maxRedirects: 0,
    });
    expect(chosen.status()).toBe(302);
    await page.goto(`${app.url}/cases/${caseId}`);
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    const box = page.locator(".collab .comment-form").last().getByRole("combobox");
    await box.waitFor();
    await box.click();
    await box.pressSequentially("@Ele");
    await expect.poll(() => box.getAttribute("aria-expanded")).toBe("true");
    const list = await listOf(box);
    expect(await list.getAttribute("aria-label")).toBe("الأشخاص الذين يمكنك الإشارة إليهم");
    expect(await status(box)).toContain("شخص واحد مقترح");
    const [boxRect, listRect] = [await box.boundingBox(), await list.boundingBox()];
    expect(Math.abs(boxRect!.x + boxRect!.width - (listRect!.x + listRect!.width))).toBeLessThan(2);
    expect(listRect!.y).toBeGreaterThanOrEqual(boxRect!.y + boxRect!.height - 1);
    await checkScreen(page, "mentions-open-arabic");
    await context.close();
  });
});
