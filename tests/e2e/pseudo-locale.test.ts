// No word of the interface escapes translation: the app runs with the pseudo-locale (en-XA,
// PSEUDO_LOCALE=1), where every translated string is accented and bracketed ("［Çášéš］"), and
// each kind of account walks its pages in Chromium. Any visible text, label or accessible name
// left in plain English was written into the code and would stay English in Russian, French or
// Arabic too. Data is not translated: what the API gives an administrator (names, titles, texts,
// history reasons), references, e-mail addresses, file names, dates and times are set aside first.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hasChromium, launchBrowser, NO_CHROMIUM_REASON, signInPage } from "~tests/helpers/browser.ts";
import { type RunningApp, startApp } from "~tests/helpers/server.ts";

/** Every string in a value, however deep: what the pages show as data. */
function strings(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === "string") {
    // Not codes ("drafted", "TASK_ASSIGNED") or short values: an untranslated word could hide behind them.
    if (value.length > 3 && !/^[a-z_]+$|^[A-Z_]+$/.test(value)) into.add(value);
  } else if (Array.isArray(value)) for (const v of value) strings(v, into);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, into);
  return into;
}

/** The data the pages show, as the API gives it to an administrator: every case with its tasks, history and evidence, organisations, visits, accounts. */
async function dataOf(page: Page, base: string): Promise<string[]> {
  const found = new Set<string>();
  const get = async (path: string) => {
    const answer = await page.request.get(`${base}${path}`);
    expect(answer.status(), path).toBe(200);
    return answer.json();
  };
  for (const path of [
    "/api/admin/organizations",
    "/api/admin/visits",
    "/api/admin/users",
    "/api/admin/areas",
  ])
    strings(await get(path), found);
  for (let n = 1; ; n++) {
    const list = await get(`/api/cases?pageSize=100&page=${n}`);
    strings(list, found);
    for (const c of list.items as { id: string }[])
      for (const part of ["", "/tasks", "/history", "/evidence"])
        strings(await get(`/api/cases/${c.id}${part}`), found);
    if (n * 100 >= list.total) break;
  }
  // Longest first: a title is removed whole before a shorter name inside it.
  return [...found].sort((a, b) => b.length - a.length);
}
let DATA: string[] = [];

/** What is data or a formatted value rather than interface text, removed before looking. */
const NOT_INTERFACE = [
  /\b[A-Z]{3}-\d{4}-[A-Z]{2}-\d{2}\b/g, // case references
  /[\w.+-]+@[\w.-]+\.\w+/g, // e-mail addresses
  /\b[\w.-]+\.(pdf|docx|xlsx|csv|json|png|jpe?g|txt)\b/gi, // file names
  /https?:\/\/\S*/g,
  /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \d{4}\b/g, // dates (en-GB)
  /\b(UTC|GMT)([+-]\d{1,2}(:\d{2})?)?\b/g,
  /\b[A-Z]{2,}\b/g, // codes and acronyms: TJK, CTED, INTERPOL, PDF
];
const ACCENTED = /[［］áƀçðéƒĝĥíĵķļɱñóþǫŕšţúṽŵẋýžÁƁÇÐÉƑĜĤÍĴĶĻṀÑÓÞǪŔŠŢÚṼŴẊÝŽ]/;

function untranslated(text: string): string | null {
  let rest = text.replace(/\s+/g, " ").trim();
  if (!rest || ACCENTED.test(rest)) return null;
  for (const data of DATA) if (rest.includes(data)) rest = rest.split(data).join(" ");
  // A title cut short for a list ("Put the Advance Passenger Information system …").
  if (rest.endsWith("…") && DATA.some((data) => data.startsWith(rest.slice(0, -1).trim()))) return null;
  for (const pattern of NOT_INTERFACE) rest = rest.replace(pattern, " ");
  return /[A-Za-z]{2,}/.test(rest) ? text.trim() : null;
}

/** The page's visible text nodes and the labels people and screen readers get, left in English. */
async function englishOn(page: Page): Promise<string[]> {
  const found = await page.evaluate(() => {
    const out: string[] = [];
    const skipped = (el: Element | null) =>
      !el ||
      Boolean(el.closest('script, style, [translate="no"], .editor-content, .comment-body, pre, code'));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!skipped(node.parentElement)) out.push(node.textContent ?? "");
    }
    for (const el of document.querySelectorAll("[placeholder], [aria-label], [title], img[alt]")) {
      if (skipped(el)) continue;
      for (const name of ["placeholder", "aria-label", "title", "alt"]) {
        const value = el.getAttribute(name);
        if (value) out.push(value);
      }
    }
    out.push(document.title);
    return out;
  });
  return [...new Set(found.map(untranslated).filter((t): t is string => t !== null))];
}

describe.skipIf(!hasChromium)(hasChromium ? "the pseudo-locale in Chromium" : NO_CHROMIUM_REASON, () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startApp({ PSEUDO_LOCALE: "1" });
    browser = await launchBrowser();
    const admin = await (await browser.newContext()).newPage();
    await signInPage(admin, app.url, "admin@cted.example");
    DATA = await dataOf(admin, app.url);
    await admin.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** Signs in (in English), then switches the account to the pseudo-locale through the menu's form. */
  async function pseudoPage(email: string | null): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    if (email) {
      await signInPage(page, app.url, email);
      // Notifications are written in their reader's language when they are made: those made before
      // this switch are in English, as data.
      const notifications = await (await page.request.get(`${app.url}/api/me/notifications`)).json();
      DATA = [...strings(notifications, new Set(DATA))].sort((a, b) => b.length - a.length);
    }
    const answer = await page.request.post(`${app.url}/language`, {
      form: { language: "en-XA", redirectTo: "/" },
      headers: { Origin: app.url },
      maxRedirects: 0,
    });
    expect(answer.status()).toBe(302);
    return page;
  }

  async function walk(page: Page, paths: string[]): Promise<Record<string, string[]>> {
    const english: Record<string, string[]> = {};
    for (const path of paths) {
      expect((await page.goto(`${app.url}${path}`))?.status(), path).toBe(200);
      await page.waitForLoadState("networkidle");
      const left = await englishOn(page);
      if (left.length) english[path] = left;
    }
    return english;
  }

  const casePath = async (page: Page, ref: string) => {
    await page.goto(`${app.url}/cases?q=${ref}`);
    return (await page.locator(`a[href^="/cases/c"]`).first().getAttribute("href")) ?? "/cases";
  };

  it("signed out: sign-in and forgotten password", async () => {
    const page = await pseudoPage(null);
    expect(await walk(page, ["/login", "/reset"])).toEqual({});
  });

  const ACCOUNTS = {
    "CTED admin": "admin@cted.example",
    "CTED expert": "expert@cted.example",
    "focal point": "focal@tjk.example",
    "partner officer": "officer@interpol.example",
    observer: "observer@ctc.example",
  };
  for (const [who, email] of Object.entries(ACCOUNTS)) {
    it(`${who}: every page of theirs`, async () => {
      const page = await pseudoPage(email);
      const ref = email.startsWith("officer") ? "TJK-2017-LE-02" : "TJK-2017-BC-01";
      const paths = [
        "/dashboard",
        "/cases",
        await casePath(page, ref),
        "/assessments",
        "/me/work",
        "/me/notifications",
        "/me/account",
        "/me/second-factor",
      ];
      const first = async (path: string) =>
        (
          (await (await page.request.get(`${app.url}${path}`)).json()).items as {
            id?: string;
            slug?: string;
          }[]
        )[0]!;
      if (email.startsWith("admin") || email.startsWith("expert")) {
        const visit = await first("/api/admin/visits").catch(() => null);
        paths.push("/cases/new", `${paths[2]}/edit`, `${paths[2]}/evidence`);
        if (visit) paths.push(`/assessments/${visit.id}/import`);
      }
      if (email.startsWith("admin"))
        paths.push(
          "/admin",
          "/admin/users",
          `/admin/users/${(await first("/api/admin/users")).id}`,
          "/admin/organizations",
          `/admin/organizations/${(await first("/api/admin/organizations")).id}`,
          "/admin/organizations/new",
          "/admin/visits",
          `/admin/visits/${(await first("/api/admin/visits")).id}`,
          "/admin/visits/new",
          "/admin/areas",
          `/admin/areas/${(await first("/api/admin/areas")).slug}`,
          "/admin/areas/new",
          "/admin/audit",
        );
      expect(await walk(page, paths)).toEqual({});
    });
  }
});
