// Evidence and its review, as people do it in Chromium: the Tajikistan focal point is told what to
// do before there is anything to submit, has a file of the wrong type refused beside the form,
// attaches a PDF, changes the response and submits; the second CTED expert finds the case in My
// work, reads the submission (the response beside the agreed text with the changes marked, the
// PDF previewed in place) and verifies it, confirming in a dialog and giving a reason since a task
// is still open. Also without JavaScript: agreeing asks for confirmation on the page.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { onePagePdf } from "~prisma/seed/demo-pdf.ts";
import { appAndBrowser, hasChromium, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";

const REF = "TJK-2017-BC-01";
const PDF_TITLE = "Government decree on the API system (test)";
const ADDED_SENTENCE = "The API system went live at Dushanbe airport on 1 March.";
const OPEN_TASK = "Assess the API/PNR legal framework against ICAO Annex 9";

describe.skipIf(!hasChromium)(hasChromium ? "in Chromium" : NO_CHROMIUM_REASON, () => {
  const env = appAndBrowser();
  let caseUrl = "";

  const hydrated = (page: Page) =>
    page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 });
  /** A viewport screenshot (the PDF viewer draws in its own process: element screenshots leave it blank). */
  const shot = async (page: Page, name: string) => {
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: `${dir}/evidence-review-${name}.png` });
  };

  beforeAll(async () => {
    const page = await (await env.browser.newContext()).newPage();
    await signInPage(page, env.app.url, "expert@cted.example");
    const { items } = await (await page.request.get(`${env.app.url}/api/cases?q=${REF}`)).json();
    caseUrl = `${env.app.url}/cases/${items[0].id}`;
    await page.context().close();
  });

  it("the focal point attaches a PDF and submits; the second expert finds it in My work, reads the package and verifies it", async () => {
    const focal = await (await env.browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signInPage(focal, env.app.url, "focal@tjk.example");
    await focal.goto(caseUrl);
    await hydrated(focal);
    const actions = focal.locator("#actions");
    const evidence = focal.locator("#evidence");

    // Nothing new to submit yet: the action says what to do first.
    expect(await actions.textContent()).toContain("There is no new evidence to submit yet");

    // A file that is not a document is refused beside the form, in a sentence.
    await evidence.getByLabel("Title").first().fill("Installer");
    await focal.locator("#evidence-file-input").setInputFiles({
      name: "tool.exe",
      mimeType: "application/pdf",
      buffer: Buffer.from("MZ\x90\x00\x03\x00\x00\x00 not a document"),
    });
    await evidence.getByRole("button", { name: "Add file" }).click();
    await expect
      .poll(() => evidence.locator("[role=alert]").first().textContent())
      .toContain("This file is not of a type accepted as evidence");

    // The response, changed since the State agreed.
    const editor = focal.locator(".editor-content");
    await editor.click();
    await focal.keyboard.type(ADDED_SENTENCE);
    await expect.poll(() => focal.locator(".save-status").textContent()).toBe("All changes saved");

    // The PDF.
    await evidence.getByLabel("Title").first().fill(PDF_TITLE);
    await evidence
      .getByLabel("Description (optional)")
      .first()
      .fill("Signed on 20 February; published on 1 March.");
    await focal.locator("#evidence-file-input").setInputFiles({
      name: "decree-api.pdf",
      mimeType: "application/pdf",
      buffer: onePagePdf("Decree on the Advance Passenger Information system (test)", [
        "Made for the browser test.",
      ]),
    });
    await evidence.getByRole("button", { name: "Add file" }).click();
    await focal.waitForURL(/done=EVIDENCE_ADDED/);
    const item = focal.locator(`li[data-evidence="${PDF_TITLE}"]`);
    await item.waitFor();
    expect(await item.locator(".evidence-facts").textContent()).toMatch(/decree-api\.pdf.*bytes.*PDF/);
    expect(await item.locator(".badge.submitted").count()).toBe(0);
    expect(await actions.textContent()).toContain("Sends the new item of evidence");

    await actions.getByRole("button", { name: "Submit evidence" }).click();
    await expect
      .poll(() => focal.locator(".notice.success").textContent())
      .toContain("Done: Submit evidence. The case is now Under review.");
    expect(await focal.locator(".collab .notice.frozen").textContent()).toBe(
      "The response is frozen while the case is under review, so that what is verified is what was submitted.",
    );

    // The second expert: the case waits for them in My work.
    const verifier = await (
      await env.browser.newContext({ viewport: { width: 1366, height: 900 } })
    ).newPage();
    await signInPage(verifier, env.app.url, "verifier@cted.example");
    await verifier.getByRole("link", { name: "My work" }).click();
    await verifier.waitForURL(/\/me\/work/);
    const row = verifier.locator("tr", { hasText: REF });
    expect(await row.textContent()).toContain("since today");
    await row.getByRole("link", { name: REF }).click();
    await verifier.waitForURL(caseUrl);
    await hydrated(verifier);

    const submission = verifier.locator("#submission");
    expect(await submission.getByRole("heading", { level: 2 }).textContent()).toBe("Submission under review");
    expect(await submission.textContent()).toContain("Submitted by Rustam Nazarov");
    // The response as submitted beside the agreed one, the added words marked.
    expect(await submission.locator("[data-side=submitted] ins").textContent()).toContain(ADDED_SENTENCE);
    expect(await submission.locator(".comparison-summary").textContent()).toMatch(
      /^Changed since the State agreed: \d+ words added\.$/,
    );
    // The PDF, previewed in place: its frame shows the file through Chromium's viewer.
    const packaged = submission.locator(`li[data-evidence="${PDF_TITLE}"]`);
    expect(await packaged.locator(".badge.submitted").textContent()).toBe("Submitted");
    const frame = packaged.locator(".evidence-preview iframe");
    await frame.scrollIntoViewIfNeeded();
    const src = (await frame.getAttribute("src"))!.split("#")[0]!;
    expect(src).toMatch(/^\/api\/evidence\/[^/]+\/content\?inline=1$/);
    const preview = await frame.elementHandle().then((el) => el!.contentFrame());
    await expect.poll(() => preview!.url().split("#")[0]).toBe(`${env.app.url}${src}`);
    // Chromium's PDF viewer inside it: the file is drawn, not downloaded or blocked.
    await expect
      .poll(() => preview!.childFrames().some((f) => f.url().startsWith("chrome-extension://")))
      .toBe(true);
    await verifier.waitForTimeout(1000); // the viewer draws the page
    await shot(verifier, "package");

    // Verify: confirmed in a dialog, with a reason, as ICAO's task is still open.
    await verifier.locator("#actions").scrollIntoViewIfNeeded();
    await verifier.getByRole("button", { name: "Verify implementation" }).click();
    const dialog = verifier.getByRole("dialog", { name: "Verify the implementation?" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`These tasks are still open: “${OPEN_TASK}”`);
    await shot(verifier, "verify-dialog");
    await dialog
      .getByLabel("Reason to verify with open tasks (required)")
      .fill("The API system is live; ICAO's assessment of the legal framework continues as a separate task.");
    await dialog.getByRole("button", { name: "Yes, verify" }).click();
    await expect
      .poll(() => verifier.locator(".notice.success").textContent())
      .toContain("Done: Verify implementation. The case is now Verified.");
    expect(await verifier.locator("#submission h2").textContent()).toBe("Verified submission");
    expect(await verifier.locator(".timeline li").last().textContent()).toMatch(
      /Verify implementation.*Daniel Okafor.*ICAO's assessment of the legal framework continues/s,
    );
  });

  it("without JavaScript, agreeing asks for confirmation on the page, and Cancel changes nothing", async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInPage(page, env.app.url, "focal@tjk.example");
    const { items } = await (await page.request.get(`${env.app.url}/api/cases?q=TJK-2017-LJ-01`)).json();
    await page.goto(`${env.app.url}/cases/${items[0].id}`);
    await page.getByRole("button", { name: "Agree", exact: true }).click();
    await page.waitForURL(/confirm=AGREE/);
    const step = page.getByRole("group", { name: "Agree to this recommendation?" });
    expect(await step.textContent()).toContain("Agreeing locks the recommendation's text");
    await step.getByRole("link", { name: "Cancel" }).click();
    await page.waitForURL((url) => !url.search.includes("confirm"));
    expect(await page.locator(".badge.drafted").first().textContent()).toBe("Drafted");

    await page.getByRole("button", { name: "Agree", exact: true }).click();
    await page.getByRole("button", { name: "Yes, agree" }).click();
    await page.waitForURL(/done=AGREE/);
    expect(await page.locator(".notice.success").textContent()).toBe("Done: Agree. The case is now Agreed.");
    await context.close();
  });
});
