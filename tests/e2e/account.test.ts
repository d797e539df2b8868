// The account page in Chromium: at desktop (1366 px) and phone (390 px) widths, axe-clean and not
// scrolling sideways, with its errors shown beside their fields; changing the password through
// the form, without JavaScript, ends the other browser's session, and the new password signs in.
// Screenshots go to /tmp/account-*.png.
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { axeViolations, scrollsSideways } from "~tests/helpers/axe.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

const WIDTHS = [
  { name: "desktop", width: 1366, height: 768 },
  { name: "phone", width: 390, height: 844 },
] as const;

const NEW_PASSWORD = "lantern quarry pelican mosaic";
const NEWER_PASSWORD = "violin harbour saffron glacier";

async function newPage(browser: Browser, viewport: { width: number; height: number }, javaScript = true) {
  const context = await browser.newContext({ viewport, javaScriptEnabled: javaScript });
  return context.newPage();
}

async function signInWith(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe.skipIf(!hasChromium)(hasChromium ? "the account page in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();

  it("is reached from the top bar, lists the sessions, shows errors beside their fields, at both widths, axe-clean", async () => {
    const email = "focal@kaz.example";
    // Signed in elsewhere too: the list has another session.
    const elsewhere = await newPage(env.browser, WIDTHS[0]);
    await signInPage(elsewhere, env.app.url, email);

    for (const { name, width, height } of WIDTHS) {
      const page = await newPage(env.browser, { width, height });
      // What the browser reports as going wrong (a hydration mismatch, say); not the refused
      // form's answer (400), which is expected.
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" && !message.text().includes("status of 400"))
          errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await signInPage(page, env.app.url, email);
      // On a phone the top bar's links wait behind its Menu button.
      if (name === "phone") {
        const menu = page.getByRole("button", { name: "Menu" });
        expect(await menu.getAttribute("aria-expanded")).toBe("false");
        await menu.click();
        expect(await menu.getAttribute("aria-expanded")).toBe("true");
      }
      await page.getByRole("link", { name: "Account" }).click();
      await page.waitForURL(`${env.app.url}/me/account`);
      await page.getByRole("heading", { name: "Your account" }).waitFor();
      // (On a phone the menu has closed again, its links out of view: the link is found by its address.)
      expect(await page.locator('.topbar a[href="/me/account"]').getAttribute("aria-current")).toBe("page");
      const sessions = page.locator("section", { hasText: "Where you are signed in" }).locator("li");
      // This one, the one elsewhere, and the desktop one while at phone width.
      expect(await sessions.count()).toBe(name === "desktop" ? 2 : 3);
      expect(await sessions.first().textContent()).toMatch(/^This browser\s*Signed in .* UTC; ends .* UTC$/);
      expect(await page.getByLabel("Current password").getAttribute("autocomplete")).toBe("current-password");
      expect(await page.getByLabel("New password", { exact: true }).getAttribute("autocomplete")).toBe(
        "new-password",
      );
      expect(await page.getByLabel("New password again").getAttribute("autocomplete")).toBe("new-password");
      expect(await page.locator("#new-password-hint").textContent()).toMatch(/^12 to 128 characters\./);
      expect(await axeViolations(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
      await page.screenshot({ path: `/tmp/account-${name}.png`, fullPage: true });

      // Refused: each field says what to correct, announced and tied to its field.
      await page.getByLabel("Current password").fill("not my password");
      await page.getByLabel("New password", { exact: true }).fill("password1234");
      await page.getByLabel("New password again").fill("password1234");
      await page.getByRole("button", { name: "Change password" }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor();
      expect(await alert.textContent()).toBe(
        "Your password has not been changed: see what to correct below.",
      );
      const current = page.getByLabel("Current password");
      expect(await current.getAttribute("aria-invalid")).toBe("true");
      expect(await current.getAttribute("aria-describedby")).toBe("current-password-error");
      expect(await page.locator("#current-password-error").textContent()).toBe(
        "This is not your current password.",
      );
      const fresh = page.getByLabel("New password", { exact: true });
      expect(await fresh.getAttribute("aria-describedby")).toBe("new-password-hint new-password-error");
      expect(await page.locator("#new-password-error").textContent()).toMatch(
        /^This password is too easy to guess because it is a common password/,
      );
      expect(await axeViolations(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
      await page.screenshot({ path: `/tmp/account-${name}-errors.png`, fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    }
    await elsewhere.context().close();
  });

  it("changes the password through the form without JavaScript; the other browser is signed out; the new password signs in", async () => {
    const email = "observer@ctc.example";
    const elsewhere = await newPage(env.browser, WIDTHS[0]);
    await signInPage(elsewhere, env.app.url, email);

    // No JavaScript: plain form posts and redirects.
    const page = await newPage(env.browser, WIDTHS[1], false);
    await signInWith(page, env.app.url, email, "followup-demo");
    await page.waitForURL(`${env.app.url}/dashboard`);
    await page.goto(`${env.app.url}/me/account`);
    await page.getByLabel("Current password").fill("followup-demo");
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("New password again").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.waitForURL(`${env.app.url}/me/account?done=PASSWORD_CHANGED`);
    expect(await page.getByRole("status").first().textContent()).toBe(
      "Your password has been changed. Your other sessions have been signed out; this browser stays signed in.",
    );
    expect(await page.locator("section", { hasText: "Where you are signed in" }).locator("li").count()).toBe(
      1,
    );
    expect(await page.getByText("You are signed in only here.").count()).toBe(1);
    await page.screenshot({ path: "/tmp/account-changed.png", fullPage: true });

    // The other browser's session ended: its next page asks to sign in.
    await elsewhere.goto(`${env.app.url}/dashboard`);
    await elsewhere.waitForURL(/\/login\?redirectTo=%2Fdashboard$/);

    // Signing out here and in again: the old password is refused, the new one works.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(`${env.app.url}/login`);
    await signInWith(elsewhere, env.app.url, email, "followup-demo");
    expect(await elsewhere.getByRole("alert").textContent()).toBe("Email or password is incorrect");
    await signInWith(elsewhere, env.app.url, email, NEW_PASSWORD);
    await elsewhere.waitForURL(`${env.app.url}/dashboard`);

    // With JavaScript: changed again, and the passwords typed are gone from the form.
    await elsewhere.goto(`${env.app.url}/me/account`);
    await elsewhere.getByLabel("Current password").fill(NEW_PASSWORD);
    await elsewhere.getByLabel("New password", { exact: true }).fill(NEWER_PASSWORD);
    await elsewhere.getByLabel("New password again").fill(NEWER_PASSWORD);
    await elsewhere.getByRole("button", { name: "Change password" }).click();
    await elsewhere.waitForURL(`${env.app.url}/me/account?done=PASSWORD_CHANGED`);
    await elsewhere.getByRole("status").first().waitFor();
    for (const label of ["Current password", "New password", "New password again"])
      expect(await elsewhere.getByLabel(label, { exact: true }).inputValue(), label).toBe("");

    // Sign out everywhere ends this session too.
    await elsewhere.getByRole("button", { name: "Sign out everywhere", exact: true }).click();
    await elsewhere.waitForURL(`${env.app.url}/login`);
    await elsewhere.goto(`${env.app.url}/me/account`);
    await elsewhere.waitForURL(/\/login\?redirectTo=%2Fme%2Faccount$/);
    await page.context().close();
    await elsewhere.context().close();
  });
});
