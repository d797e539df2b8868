// The Content-Security-Policy in a real browser: Chromium enforces it while two people sign in,
// open their pages, co-edit a case's response and see each other's actions live. The browser
// must report no violation at all (a blocked script or style is a broken feature, or a policy
// that will be loosened by the next person who meets it), and every feature must still work.
import type { Page } from "playwright-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

describe.skipIf(!hasChromium)(
  hasChromium ? "the Content-Security-Policy in Chromium" : NO_CHROMIUM_REASON,
  () => {
    const env = appAndBrowser();
    const violations: string[] = [];
    const pageErrors: string[] = [];
    let focal: Page;
    let expert: Page;

    /** A page in its own browser context (its own session) whose CSP violations and errors are all recorded. */
    async function watchedPage(who: string): Promise<Page> {
      const context = await env.browser.newContext();
      // The DOM's own report of each violation, sent out through a Playwright binding: bindings and
      // init scripts are injected by the DevTools protocol, so the policy under test does not
      // block them.
      await context.exposeBinding("__reportCspViolation", (_source, text: string) =>
        violations.push(`${who}: ${text}`),
      );
      await context.addInitScript(() => {
        document.addEventListener(
          "securitypolicyviolation",
          (e) => {
            const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : "";
            (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(
              `${e.effectiveDirective} blocked ${e.blockedURI || "inline"}${where} ${e.sample}`,
            );
          },
          true,
        );
      });
      const page = await context.newPage();
      // The console line Chromium writes for each violation too, in case an event is missed.
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text()))
          violations.push(`${who} (console): ${message.text()}`);
      });
      page.on("pageerror", (error) => pageErrors.push(`${who} on ${page.url()}: ${error.message}`));
      return page;
    }

    /** Hydrated: Remix's browser entry ran, which it can only do if the page's inline scripts did. */
    const hydrated = (page: Page) =>
      page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 });
    const caseUrl = async (page: Page, ref: string) => {
      const { items } = await (await page.request.get(`${env.app.url}/api/cases?q=${ref}`)).json();
      return `${env.app.url}/cases/${items[0].id}`;
    };

    beforeAll(async () => {
      focal = await watchedPage("focal point");
      expert = await watchedPage("expert");
    });

    afterEach(() => {
      // Checked after each test, and emptied, so that a failure names the step that caused it.
      const found = { violations: violations.splice(0), pageErrors: pageErrors.splice(0) };
      expect(found).toEqual({ violations: [], pageErrors: [] });
    });

    it("signing in and opening the pages: each page hydrates, with its stylesheet, and nothing is blocked", async () => {
      await focal.goto(`${env.app.url}/login`);
      await hydrated(focal);
      await signInPage(focal, env.app.url, "focal@tjk.example");
      await signInPage(expert, env.app.url, "expert@cted.example");
      for (const [page, path] of [
        [focal, "/dashboard"],
        [focal, "/cases?country=TJK"],
        [focal, "/me/work"],
        [focal, "/me/notifications"],
        [expert, "/dashboard"],
        [expert, "/cases/new"],
      ] as const) {
        await page.goto(`${env.app.url}${path}`);
        await hydrated(page);
        // The stylesheet under /build applied: the top bar has its layout.
        expect(await page.locator(".topbar").evaluate((el) => getComputedStyle(el).display), path).toBe(
          "flex",
        );
      }
      // Client-side navigation after hydration: route modules and data fetched under the policy.
      await focal.getByRole("link", { name: "Cases", exact: true }).click();
      await focal.waitForURL(`${env.app.url}/cases`);
      await expect.poll(() => focal.locator("tbody").textContent()).toContain("TJK-");
    });

    it("co-editing: typing in the Tiptap editor is saved and reaches the other person, with the editor's styles and the carets' colours", async () => {
      const url = await caseUrl(focal, "TJK-2017-CF-01");
      const editor = (page: Page) => page.locator(".editor-content");
      for (const page of [focal, expert]) {
        await page.goto(url);
        await editor(page).waitFor();
      }
      await editor(focal).click();
      await focal.keyboard.type("Decree adopted on 12 March.  Two spaces kept.");
      await expect.poll(() => focal.locator(".save-status").textContent()).toBe("All changes saved");
      await expect.poll(() => editor(expert).textContent()).toContain("Decree adopted on 12 March.");
      // Tiptap's own <style> element applied (it carries the page's nonce): without it the
      // editor would collapse the typed spaces.
      expect(await editor(focal).evaluate((el) => getComputedStyle(el).whiteSpace)).toMatch(
        /break-spaces|pre-wrap/,
      );
      // The focal point's named caret in the expert's editor, in the focal point's colour.
      const label = expert.locator(".collaboration-carets__label").filter({ hasText: "Rustam Nazarov" });
      await label.waitFor();
      expect(await label.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toMatch(
        /^rgba\(0, 0, 0, 0\)$|^transparent$/,
      );
      // Presence, whose dots take their colour from React's style prop (set through the CSSOM in
      // the browser, which the policy allows, unlike a style="" attribute in the HTML).
      const dot = expert.locator(".presence li").filter({ hasText: "Rustam Nazarov" }).locator(".dot");
      await dot.waitFor();
      expect(await dot.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toMatch(
        /^rgba\(0, 0, 0, 0\)$|^transparent$/,
      );
      // A fresh page reads the saved text back from the server.
      await expert.reload();
      await expect.poll(() => editor(expert).textContent()).toContain("Two spaces kept.");
    });

    it("an evidence PDF previewed in the case page: framed by the page, drawn by Chromium's viewer, never parsed as a page, nothing blocked", async () => {
      await expert.goto(await caseUrl(expert, "TJK-2017-CF-02"));
      await hydrated(expert);
      const frame = expert.locator("#submission .evidence-preview iframe").first();
      await frame.scrollIntoViewIfNeeded();
      const preview = (await frame.elementHandle().then((el) => el!.contentFrame()))!;
      await expect.poll(() => preview.url()).toMatch(/\/api\/evidence\/[^/]+\/content\?inline=1/);
      await expect
        .poll(() => preview.childFrames().some((f) => f.url().startsWith("chrome-extension://")))
        .toBe(true);
      // Never parsed as a page of the app: the frame holds Chromium's viewer for a PDF, no script.
      // (Chromium leaves the `sandbox` of the preview's policy aside for a PDF, and would draw none
      // in a sandboxed frame: see app/components/evidence/EvidencePreview.tsx.)
      expect(await preview.evaluate(() => [document.contentType, document.scripts.length])).toEqual([
        "application/pdf",
        0,
      ]);
    });

    it("live updates over the page's WebSocket: the focal point agrees and the expert's dashboard changes in place", async () => {
      const drafted = async () => Number(await expert.locator("tfoot td").nth(0).textContent());
      await expert.goto(`${env.app.url}/dashboard`);
      await hydrated(expert);
      const before = await drafted();
      await expert.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

      await focal.goto(await caseUrl(focal, "TJK-2017-LJ-01"));
      await focal.getByRole("button", { name: "Agree", exact: true }).click();
      await focal.getByRole("dialog").getByRole("button", { name: "Yes, agree" }).click();
      await expect.poll(() => focal.locator(".notice.success").textContent()).toContain("Done: Agree");

      await expect.poll(() => drafted()).toBe(before - 1);
      await expect
        .poll(() => expert.locator(".live-notice").first().textContent())
        .toMatch(/Rustam Nazarov agreed to TJK-2017-LJ-01/);
      expect(await expert.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    });
  },
);
