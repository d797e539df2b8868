// The notifications page in Chromium, as someone with unread notifications meets it: it loads
// without errors (no hydration mismatch), its buttons are readable and axe-clean at desktop and
// phone widths, each e-mail digest radio sits beside its label, and opening a notification's
// case marks it read. With SCREENSHOT_DIR set, the page is saved at both widths.
import type { AxeResults, NodeResult } from "axe-core";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { axeViolations, checkScreen, SCREEN_WIDTHS } from "~tests/helpers/axe.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

describe.skipIf(!hasChromium)(hasChromium ? "the notifications page in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();
  let officer: Page;
  const errors: string[] = [];

  /** Hydrated: Remix's browser entry ran (a hydration error is reported by then). */
  const hydrated = (page: Page) =>
    page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 });
  const unread = (page: Page) => page.locator(".notifications li.unread");
  const unreadAboutCases = async () => {
    const res = await officer.request.get(`${env.app.url}/api/me/notifications`);
    const { items } = (await res.json()) as { items: { readAt: string | null; caseId: string | null }[] };
    return items.filter((n) => !n.readAt && n.caseId).length;
  };

  /**
   * axe's colour-contrast failures, and the text it leaves for review because it is in its
   * background's own colour (1:1, "incomplete" rather than a violation: hidden on purpose, it
   * supposes; here nothing is hidden that way, so it is unreadable).
   */
  async function contrastProblems(page: Page): Promise<string[]> {
    await axeViolations(page); // injects axe-core
    const { violations, incomplete } = await page.evaluate(() =>
      (
        window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }
      ).axe.run(document, {
        runOnly: { type: "rule", values: ["color-contrast"] },
        resultTypes: ["violations", "incomplete"],
      }),
    );
    const equalRatio = (n: NodeResult) =>
      n.any.some((c) => (c.data as { messageKey?: string } | null)?.messageKey === "equalRatio");
    return [
      ...violations.flatMap((v) => v.nodes),
      ...incomplete.flatMap((r) => r.nodes.filter(equalRatio)),
    ].map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? "same colour as its background"}`);
  }

  beforeAll(async () => {
    officer = await (await env.browser.newContext()).newPage();
    officer.on("pageerror", (error) => errors.push(`pageerror on ${officer.url()}: ${error.message}`));
    officer.on("console", (message) => {
      if (message.type() === "error") errors.push(`console on ${officer.url()}: ${message.text()}`);
    });
    await signInPage(officer, env.app.url, "officer@interpol.example");
    // The reminders job runs once at start-up: the officer's overdue and due-soon tasks, each a
    // notification about its case.
    for (let waited = 0; (await unreadAboutCases()) < 2; waited += 250) {
      if (waited > 60_000) throw new Error(`no reminders for the officer after 60 s:\n${env.app.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  it("loads with unread notifications without a page error or a console error (no hydration mismatch)", async () => {
    errors.length = 0;
    await officer.goto(`${env.app.url}/me/notifications`);
    await hydrated(officer);
    expect(await unread(officer).count()).toBeGreaterThan(0);
    await officer.getByRole("button", { name: "Mark all as read" }).waitFor();
    // React reports a mismatch after hydration's first pass: give it the time to.
    await officer.waitForTimeout(500);
    expect(errors).toEqual([]);
  });

  it("is axe-clean with unread items, its read buttons readable, at desktop and phone widths", async () => {
    await officer.goto(`${env.app.url}/me/notifications`);
    await hydrated(officer);
    expect(await unread(officer).count()).toBeGreaterThan(0);
    await checkScreen(officer, "notifications-unread");
    for (const size of SCREEN_WIDTHS) {
      await officer.setViewportSize({ width: size.width, height: size.height });
      expect(await contrastProblems(officer), `contrast at ${size.name} width`).toEqual([]);
    }
    await officer.setViewportSize({ width: SCREEN_WIDTHS[0].width, height: SCREEN_WIDTHS[0].height });
    // Styled as the app's other secondary buttons: as one made here, on the same card.
    const secondary = await officer
      .locator(".card")
      .first()
      .evaluate((card) => {
        const probe = card.appendChild(document.createElement("button"));
        probe.className = "button secondary";
        const s = getComputedStyle(probe);
        const style = { color: s.color, background: s.backgroundColor, border: s.borderTopColor };
        probe.remove();
        return style;
      });
    for (const name of ["Mark all as read", /^Mark read/]) {
      const style = await officer
        .getByRole("button", { name })
        .first()
        .evaluate((el) => {
          const s = getComputedStyle(el);
          return { color: s.color, background: s.backgroundColor, border: s.borderTopColor };
        });
      expect(style, String(name)).toEqual(secondary);
    }
  });

  it("puts each e-mail digest radio beside its label, in a fieldset with a legend", async () => {
    await officer.goto(`${env.app.url}/me/notifications`);
    await hydrated(officer);
    const group = officer.getByRole("group", { name: "Email" });
    expect(await group.evaluate((el) => el.tagName)).toBe("FIELDSET");
    for (const size of SCREEN_WIDTHS) {
      await officer.setViewportSize({ width: size.width, height: size.height });
      // Each radio's box, and its label's text's (the text nodes alone, wherever the label is).
      const boxes = await group.getByRole("radio").evaluateAll((radios) =>
        radios.map((radio) => {
          const label = (radio as HTMLInputElement).labels![0]!;
          const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
          const rects: DOMRect[] = [];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.textContent!.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            rects.push(range.getBoundingClientRect());
          }
          const r = radio.getBoundingClientRect();
          return {
            label: label.textContent!.trim(),
            radio: { left: r.left, right: r.right, middle: r.top + r.height / 2 },
            text: {
              left: Math.min(...rects.map((t) => t.left)),
              middle: (Math.min(...rects.map((t) => t.top)) + Math.max(...rects.map((t) => t.bottom))) / 2,
            },
          };
        }),
      );
      expect(boxes.map((b) => b.label)).toEqual(["Never", "Hourly digest", "Daily digest"]);
      for (const { label, radio, text } of boxes) {
        const where = `${label} at ${size.name} width`;
        // Side by side on one line: the text starts just after the radio, level with it.
        expect(text.left - radio.right, `${where}: gap from the radio to its text`).toBeGreaterThanOrEqual(0);
        expect(text.left - radio.right, `${where}: gap from the radio to its text`).toBeLessThan(16);
        expect(Math.abs(text.middle - radio.middle), `${where}: radio and text not level`).toBeLessThan(6);
      }
    }
    await officer.setViewportSize({ width: SCREEN_WIDTHS[0].width, height: SCREEN_WIDTHS[0].height });
    await checkScreen(officer, "notifications-email");
    // Choosing by the label's text checks its radio.
    await group.getByText("Hourly digest", { exact: true }).click();
    expect(await group.getByRole("radio", { name: "Hourly digest" }).isChecked()).toBe(true);
  });

  it("marks a notification read when its case is opened from it", async () => {
    await officer.goto(`${env.app.url}/me/notifications`);
    await hydrated(officer);
    const before = await unread(officer).count();
    const link = unread(officer).first().getByRole("link");
    const text = await link.textContent();
    await link.click();
    await officer.waitForURL(/\/cases\/[^/]+/);
    // The header's count on the case page is the one after reading: none left, or those left.
    const { unread: left } = (await (
      await officer.request.get(`${env.app.url}/api/me/notifications`)
    ).json()) as {
      unread: number;
    };
    expect(left).toBeLessThan(before);
    await expect
      .poll(async () =>
        (await officer.locator(".bell .count").count()) ? officer.locator(".bell .count").textContent() : "0",
      )
      .toBe(String(left));
    await officer.goto(`${env.app.url}/me/notifications`);
    await hydrated(officer);
    expect(await officer.locator(".notifications li.read", { hasText: text! }).count()).toBeGreaterThan(0);
    expect(await unread(officer).count()).toBeLessThan(before);
    expect(errors).toEqual([]);
  });
});
