// The second factor in Chromium: set up from the account page (the QR code and its key, a first
// code made by otplib from the key the page shows, as a phone's app would), the recovery codes
// shown once, then signing out and in again with a code, a wrong one refused beside its field.
// Each screen axe-clean and without sideways scrolling at desktop and phone widths; screenshots in
// /tmp/shots-2fa/.
import { mkdirSync } from "node:fs";

import { generate } from "otplib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkScreen } from "~tests/helpers/axe.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";
import { startApp } from "~tests/helpers/server.ts";

const SHOTS = "/tmp/shots-2fa";
const EMAIL = "expert@cted.example";

const codeAt = (secret: string, steps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

/** Waits, if need be, for a new 30-second period, so that this period's code and the next one's stay usable. */
async function freshPeriod(atLeastSeconds = 20) {
  const left = 30 - ((Date.now() / 1000) % 30);
  if (left < atLeastSeconds) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200));
}

describe.skipIf(!hasChromium)(hasChromium ? "the second factor in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();
  const screenshots = process.env.SCREENSHOT_DIR;
  beforeAll(() => {
    mkdirSync(SHOTS, { recursive: true });
    process.env.SCREENSHOT_DIR = SHOTS;
  });
  afterAll(() => {
    if (screenshots === undefined) delete process.env.SCREENSHOT_DIR;
    else process.env.SCREENSHOT_DIR = screenshots;
  });

  it("is set up from the account page, and then signing in asks for a code", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page: Page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      // A refused code is answered 400 or 401, which the browser reports: that is the test's doing;
      // and the app has no favicon, which Chromium asks for once.
      const from = message.location().url;
      if (
        message.type() === "error" &&
        !/status of 40[01]/.test(message.text()) &&
        !from.endsWith("/favicon.ico")
      )
        errors.push(`${message.text()} (${from})`);
    });
    page.on("pageerror", (error) => errors.push(error.message));
    const url = env.app.url;

    await signInPage(page, url, EMAIL);
    await page.getByRole("link", { name: "Account" }).click();
    await page.getByRole("heading", { name: "Second factor" }).waitFor();
    expect(await page.locator("section", { hasText: "Second factor" }).first().textContent()).toMatch(
      /Off: your password alone signs you in\./,
    );
    await page.getByRole("link", { name: "Set up a second factor" }).click();
    await page.waitForURL(`${url}/me/second-factor`);
    await page.getByRole("heading", { name: "Protect your account with a code from your phone" }).waitFor();
    await checkScreen(page, "second-factor-off");

    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    await page.getByRole("heading", { name: "Add Follow-up to your authenticator app" }).waitFor();
    expect(
      await page
        .getByRole("img", { name: /QR code/ })
        .locator("svg")
        .count(),
    ).toBe(1);
    const groups = await page.locator(".secret-key code").allTextContents();
    expect(groups).toHaveLength(8);
    const secret = groups.join("");
    await checkScreen(page, "second-factor-set-up");

    // A code of another moment first: refused beside its field, the same key still shown.
    await freshPeriod();
    await page.getByLabel("Code from the app").fill(await codeAt(secret, 4));
    await page.getByRole("button", { name: "Turn on the second factor" }).click();
    const error = page.locator("#code-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^This is not the code your app shows for Follow-up now\./);
    expect(await page.getByLabel("Code from the app").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".secret-key code").allTextContents()).toEqual(groups);
    await checkScreen(page, "second-factor-set-up-error");

    await page.getByLabel("Code from the app").fill(await codeAt(secret));
    await page.getByRole("button", { name: "Turn on the second factor" }).click();
    await page.getByRole("heading", { name: "Your recovery codes" }).waitFor();
    const codes = await page.locator(".recovery-codes code").allTextContents();
    expect(codes).toHaveLength(10);
    await checkScreen(page, "second-factor-recovery-codes");
    await page.getByRole("link", { name: "I have kept them: back to your account" }).click();
    await page.waitForURL(`${url}/me/account`);
    expect(await page.locator("section", { hasText: "Second factor" }).first().textContent()).toMatch(
      /On: signing in asks for a code from your authenticator app after your password\. 10 recovery codes left\./,
    );
    await checkScreen(page, "account-page");

    // Signing in again: the password, then the code.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(`${url}/login`);
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Password").fill("followup-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${url}/login/code?redirectTo=%2Fdashboard`);
    await page.getByRole("heading", { name: "Enter your code" }).waitFor();
    await checkScreen(page, "sign-in-code");

    await page.getByLabel("Code").fill("000000");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#code-error").waitFor();
    expect(await page.locator("#code-error").textContent()).toBe(
      "This code is not right, or was used already. Wait for the next code in your authenticator app and try again.",
    );
    expect(await page.getByLabel("Code").getAttribute("aria-describedby")).toBe("code-hint code-error");
    await checkScreen(page, "sign-in-code-error");

    // The code used to turn it on cannot be used again; the next one signs in.
    await page.getByLabel("Code").fill(await codeAt(secret, 1));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${url}/dashboard`);
    await page.goto(`${url}/me/second-factor`);
    await page.getByRole("heading", { name: "Your second factor is on" }).waitFor();
    expect(await page.getByText("You have 10 recovery codes left.").count()).toBe(1);
    await checkScreen(page, "second-factor-on");

    expect(errors).toEqual([]);
    await context.close();
  });

  it("with SECOND_FACTOR_FOR_CTED=required, CTED sets one up right after the password (with JavaScript and without), and is then signed in", async () => {
    const app = await startApp({ SECOND_FACTOR_FOR_CTED: "required" });
    /** Signs in with the password alone, through the page, and sets the second factor up; axe-checked when `check`. */
    async function enrol(page: Page, email: string, check: boolean) {
      await page.goto(`${app.url}/cases`);
      await page.waitForURL(/\/login\?redirectTo=%2Fcases$/);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("followup-demo");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${app.url}/me/second-factor?redirectTo=%2Fcases`);
      expect(await page.getByRole("status").first().textContent()).toMatch(
        /^Your role must use a second factor/,
      );
      // Nothing else opens meanwhile.
      await page.goto(`${app.url}/dashboard`);
      await page.waitForURL(`${app.url}/me/second-factor?redirectTo=%2Fdashboard`);
      await page.goto(`${app.url}/me/second-factor?redirectTo=%2Fcases`);
      if (check) await checkScreen(page, "enrolment");
      await page.getByRole("button", { name: "Set up an authenticator app" }).click();
      await page.getByRole("heading", { name: "Add Follow-up to your authenticator app" }).waitFor();
      const secret = (await page.locator(".secret-key code").allTextContents()).join("");
      await freshPeriod(5);
      await page.getByLabel("Code from the app").fill(await codeAt(secret));
      await page.getByRole("button", { name: "Turn on the second factor" }).click();
      await page.getByRole("heading", { name: "Your recovery codes" }).waitFor();
      // Without JavaScript the page arrives as a stream: the heading can be parsed before the list
      // is whole, so count once the link that follows the list is there.
      await page.getByRole("link", { name: "I have kept them: continue" }).waitFor();
      expect(await page.locator(".recovery-codes code").count()).toBe(10);
      if (check) await checkScreen(page, "enrolment-recovery-codes");
      else
        await page.screenshot({
          path: `${SHOTS}/enrolment-recovery-codes-no-javascript.png`,
          fullPage: true,
        });
      await page.getByRole("link", { name: "I have kept them: continue" }).click();
      await page.waitForURL(`${app.url}/cases`);
      expect(await page.getByRole("link", { name: "Account" }).count()).toBe(1);
    }
    try {
      for (const [email, javaScriptEnabled] of [
        ["expert@cted.example", true],
        ["admin@cted.example", false],
      ] as const) {
        const context = await env.browser.newContext({
          viewport: { width: 1366, height: 900 },
          javaScriptEnabled,
        });
        await enrol(await context.newPage(), email, javaScriptEnabled);
        await context.close();
      }
    } finally {
      await app.stop();
    }
  }, 150_000);
});
