// The scenario in Chromium: the CTED administrator opens Administration, invites a Tajik
// focal point, and passes on the link; the focal point opens it, is refused a weak password beside
// the field, sets a strong one, lands on the dashboard signed in and sees Tajikistan's cases.
// Every screen is axe-clean and does not scroll sideways at desktop and phone widths; with
// SCREENSHOT_DIR set, each is saved there.

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { checkScreen, SCREEN_WIDTHS } from "~tests/helpers/axe.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

describe.skipIf(!hasChromium)(hasChromium ? "inviting someone in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();

  const hydrated = (page: Page) =>
    page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 });

  it("the admin invites a Tajik focal point, who sets a password and signs in", async () => {
    const admin = await (await env.browser.newContext({ viewport: SCREEN_WIDTHS[0] })).newPage();
    await signInPage(admin, env.app.url, "admin@cted.example");
    await admin.goto(`${env.app.url}/dashboard`);
    await admin.getByRole("link", { name: "Administration" }).click();
    await admin.getByRole("heading", { name: "Administration" }).waitFor();
    await admin.getByRole("link", { name: "Accounts" }).click();
    await admin.getByRole("heading", { name: "Accounts", exact: true }).waitFor();
    await hydrated(admin);
    await checkScreen(admin, "invite-accounts");

    const form = admin.locator("form", { has: admin.getByRole("button", { name: "Invite" }) });
    await form.getByLabel("Name").fill("Dilnoza Rahimova");
    await form.getByLabel("Email").fill("dilnoza.rahimova@tjk.example");
    await form.getByLabel("Role").selectOption({ label: "Government focal point" });
    await form.getByLabel("Organisation").selectOption({ label: "Government of the Republic of Tajikistan" });
    await admin.getByRole("button", { name: "Invite" }).click();
    const linkField = admin.getByLabel(/^Link \(works once/);
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await expect.poll(() => admin.locator("table").textContent()).toContain("Dilnoza Rahimova");
    expect(await admin.locator("tr", { hasText: "Dilnoza Rahimova" }).textContent()).toContain("Invited");
    await checkScreen(admin, "invite-invited");
    await admin.context().close();

    // The focal point, in a browser of their own (the app's address, as the link names it).
    const focal = await (await env.browser.newContext({ viewport: SCREEN_WIDTHS[0] })).newPage();
    await focal.goto(`${env.app.url}${new URL(link).pathname}`);
    await focal.getByRole("heading", { name: "Welcome to Follow-up" }).waitFor();
    await hydrated(focal);
    await checkScreen(focal, "invite-set-password");
    await focal.getByLabel("Password", { exact: true }).fill("tajikistan2024");
    await focal.getByLabel("Password again").fill("tajikistan2024");
    await focal.getByRole("button", { name: "Set my password and sign in" }).click();
    await expect.poll(() => focal.locator("#password-error").textContent()).toMatch(/^[A-Z].*\.$/);
    await checkScreen(focal, "invite-weak-password");

    const strong = "walnut harbour drifts under copper skies";
    await focal.getByLabel("Password", { exact: true }).fill(strong);
    await focal.getByLabel("Password again").fill(strong);
    await focal.getByRole("button", { name: "Set my password and sign in" }).click();
    await focal.waitForURL(/\/dashboard$/);
    expect(await focal.locator(".whoami").textContent()).toContain("Dilnoza Rahimova");
    const { items } = await (await focal.request.get(`${env.app.url}/api/cases?pageSize=100`)).json();
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((c: { country: string }) => c.country === "TJK")).toBe(true);
    await focal.context().close();
  });
});
