// The audit log in Chromium: admin@cted.example opens Administration › Audit log, filters it by
// an action, presses "Verify now" and reads that the case history and the log are intact. The
// entries are written through audit() into the app's data folder before the app starts (a script
// of its own, as the app's embedded database has one process at a time). Every screen is axe
// clean and does not scroll sideways at desktop and phone widths; with SCREENSHOT_DIR set, each is
// saved there.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkScreen, SCREEN_WIDTHS } from "~tests/helpers/axe.ts";
import { hasChromium, launchBrowser, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";
import { prepareDataDir, type RunningApp, startApp } from "~tests/helpers/server.ts";

/** Runs a script with the app's modules on the data folder, in a process of its own. */
function runOn(dataDir: string, code: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", code], {
      env,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (exit) =>
      exit === 0 ? resolve() : reject(new Error(`the script failed (${exit}):\n${output}`)),
    );
  });
}

/** Writes audit entries through audit() into the data folder. */
function writeEntries(dataDir: string): Promise<void> {
  return runOn(
    dataDir,
    `
    const { prisma, closeDatabase } = await import("./app/db/client.server.ts");
    const { prepareDatabase } = await import("./app/db/prepare.server.ts");
    const { audit } = await import("./app/domain/audit.server.ts");
    const { withRequest } = await import("./app/lib/log.server.ts");
    try {
      await prepareDatabase({ seed: true });
      const admin = await prisma().user.findUniqueOrThrow({ where: { email: "admin@cted.example" } });
      const expert = await prisma().user.findUniqueOrThrow({ where: { email: "expert@cted.example" } });
      const focal = await prisma().user.findUniqueOrThrow({ where: { email: "focal@tjk.example" } });
      const c = await prisma().case.findFirstOrThrow({ where: { countryCode: "TJK" }, orderBy: { ref: "asc" } });
      const visit = await prisma().assessment.findUniqueOrThrow({ where: { id: c.assessmentId } });
      const as = (who) => ({ id: who.id, email: who.email });
      const entries = [
        [as(admin), { action: "admin.visit.changed", subject: { type: "assessment", id: visit.id }, details: { fields: ["reportSentAt"] } }],
        [as(expert), { action: "case.transition", subject: { type: "case", id: c.id }, caseId: c.id, details: { from: "agreed", to: "in_progress" } }],
        [{ id: null, email: "someone@unknown.example" }, { action: "sign_in_failed", details: { reason: "unknown account" } }],
        [as(focal), { action: "evidence.added", subject: { type: "evidence", id: "ev-1" }, caseId: c.id, details: { kind: "FILE", bytes: 48213 } }],
        [as(expert), { action: "export.downloaded", details: { format: "xlsx", rows: 42 } }],
        [null, { action: "admin.created", details: { via: "command line" } }],
        [as(admin), { action: "admin.user.changed", subject: { type: "user", id: focal.id }, details: { role: "GOVERNMENT_FOCAL_POINT" } }],
      ];
      let n = 0;
      for (const [actor, event] of entries) {
        n++;
        await withRequest({ requestId: "3f1c9a2e-8d4b-4c1a-9f0e-00000000000" + n, address: "203.0.113." + n }, () =>
          audit({ actor, ...event }));
      }
    } finally {
      await closeDatabase();
    }`,
  );
}

/** As someone with the database's keys would, the app stopped: one entry's address changed. */
function alterEntry(dataDir: string, id: number): Promise<void> {
  return runOn(
    dataDir,
    `
    const { prisma, closeDatabase } = await import("./app/db/client.server.ts");
    try {
      await prisma().$transaction([
        prisma().$executeRawUnsafe('ALTER TABLE "AuditEntry" DISABLE TRIGGER "AuditEntry_append_only"'),
        prisma().$executeRawUnsafe('UPDATE "AuditEntry" SET "address" = \\'198.18.0.1\\' WHERE "id" = ${id}'),
        prisma().$executeRawUnsafe('ALTER TABLE "AuditEntry" ENABLE TRIGGER "AuditEntry_append_only"'),
      ]);
    } finally {
      await closeDatabase();
    }`,
  );
}

describe.skipIf(!hasChromium)(hasChromium ? "the audit log in Chromium" : NO_CHROMIUM_REASON, () => {
  let dataDir = "";
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "followup-e2e-audit-"));
    await prepareDataDir(dataDir);
    await writeEntries(dataDir);
    app = await startApp({ DATA_DIR: dataDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const hydrated = (page: Page) =>
    page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 });

  it("the admin filters the log by an action and verifies both chains", async () => {
    const page = await (await browser.newContext({ viewport: SCREEN_WIDTHS[0] })).newPage();
    await signInPage(page, app.url, "admin@cted.example");
    await page.getByRole("link", { name: "Administration" }).click();
    await page.getByRole("heading", { name: "Administration" }).waitFor();
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("heading", { name: "Audit log", level: 1 }).waitFor();
    await hydrated(page);

    // Newest first, with who, what, on what, the details, the address and the request.
    const rows = page.locator(".audit-table tbody tr");
    const account = rows.filter({ hasText: "Account changed" });
    expect(await account.getByRole("link").first().textContent()).toBe("Amina Haddad");
    const moved = rows.filter({ hasText: "Case moved" });
    const movedText = await moved.textContent();
    // (jsonb keeps an object's keys shortest first.)
    expect(movedText).toMatch(
      /UTC.*Entry \d+.*Elena Petrova.*Case moved.*TJK-\d{4}-[A-Z]+-\d+.*203\.0\.113\.2/,
    );
    expect(movedText).toContain("from: agreed");
    expect(movedText).toContain("to: in_progress");
    expect(await rows.filter({ hasText: "Sign-in refused" }).textContent()).toContain(
      "someone@unknown.example",
    );
    expect(await rows.filter({ hasText: "Administrator created" }).textContent()).toContain("System");
    await checkScreen(page, "audit-log");

    await page.getByLabel("Action").selectOption({ label: "Case moved" });
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/action=case\.transition/);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("Case moved");
    expect(await page.getByLabel("Action").inputValue()).toBe("case.transition");
    await checkScreen(page, "audit-filtered");

    await page.getByRole("button", { name: "Verify now" }).click();
    const result = page.locator(".audit-verification");
    await result.waitFor();
    // Done once the button is back (the entries are read again meanwhile).
    await page.getByRole("button", { name: "Verify now", disabled: false }).waitFor();
    expect(await result.textContent()).toMatch(
      /The case history is intact: [\d,]+ entries checked\. Its last hash is [0-9a-f]{64}\./,
    );
    expect(await result.textContent()).toMatch(/The audit log is intact: [\d,]+ entr(y|ies) checked\./);
    // The filter stays as it was.
    expect(await rows.count()).toBe(1);
    await checkScreen(page, "audit-verified");

    // Clearing the filters empties the form too: filtering again does not bring them back.
    await page.getByRole("link", { name: "Clear the filters" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/audit" && url.search === "");
    await expect.poll(() => page.getByLabel("Action").inputValue()).toBe("");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(
      (url) => url.pathname === "/admin/audit" && !url.search.includes("case.transition"),
    );
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    await page.context().close();
  });

  it("a filter that cannot be used is said beside its field, and nothing is listed", async () => {
    const page = await (await browser.newContext({ viewport: SCREEN_WIDTHS[0] })).newPage();
    await signInPage(page, app.url, "admin@cted.example");
    const res = await page.goto(`${app.url}/admin/audit?from=2026-02-30&person=nobody%40unknown.example`);
    expect(res!.status()).toBe(400);
    expect(await page.locator("#from-error").textContent()).toBe(
      "From is not a day of the calendar (2026-02-30 does not exist).",
    );
    expect(await page.getByLabel("From").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Person (email)").inputValue()).toBe("nobody@unknown.example");
    expect(await page.locator(".audit-table").count()).toBe(0);
    await checkScreen(page, "audit-refused");

    // An email of no account: said, and the entries where it was typed are shown.
    await page.goto(`${app.url}/admin/audit?person=someone%40unknown.example`);
    expect(await page.locator(".notice.info").textContent()).toBe(
      "No account has the email someone@unknown.example: shown are the entries where it was typed, such as refused sign-ins.",
    );
    expect(await page.locator(".audit-table tbody tr").count()).toBe(1);
    await page.context().close();
  });

  it("a focal point finds no audit log", async () => {
    const page = await (await browser.newContext()).newPage();
    await signInPage(page, app.url, "focal@tjk.example");
    const res = await page.goto(`${app.url}/admin/audit`);
    expect(res!.status()).toBe(404);
    await page.context().close();
  });

  it("after an entry was altered behind the app's back, Verify now names it", async () => {
    const page = await (await browser.newContext({ viewport: SCREEN_WIDTHS[0] })).newPage();
    await signInPage(page, app.url, "admin@cted.example");
    await page.goto(`${app.url}/admin/audit?action=case.transition`);
    const number = Number(
      /Entry (\d+)/.exec((await page.locator(".audit-table tbody tr").first().textContent()) ?? "")![1],
    );
    await page.context().close();

    // The embedded database has one process at a time: the app stops while its database is altered.
    await app.stop();
    await alterEntry(dataDir, number);
    app = await startApp({ DATA_DIR: dataDir });

    const again = await (await browser.newContext({ viewport: SCREEN_WIDTHS[0] })).newPage();
    await signInPage(again, app.url, "admin@cted.example");
    await again.goto(`${app.url}/admin/audit`);
    await hydrated(again);
    await again.getByRole("button", { name: "Verify now" }).click();
    const result = again.locator(".audit-verification");
    await result.waitFor();
    await again.getByRole("button", { name: "Verify now", disabled: false }).waitFor();
    expect(await result.textContent()).toContain("The case history is intact");
    expect(await result.textContent()).toContain(
      `The audit log was altered, first at entry ${number}: Audit entry ${number} was changed after it was written (or an audit entry before it was). The ${(number - 1).toLocaleString("en-GB")} ${number - 1 === 1 ? "entry" : "entries"} before it ${number - 1 === 1 ? "is" : "are"} intact.`,
    );
    await checkScreen(again, "audit-altered");
    await again.context().close();
  });
});
