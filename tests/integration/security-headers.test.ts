// The security headers on the real app's responses (server/start.ts in a child process, as
// `npm start` runs it): an enforced Content-Security-Policy on pages, JSON and static files, whose
// per-request nonce is on every script of the page and nowhere else; HSTS only in production. The
// one exception to "never framed": an evidence file's sandboxed preview, framed by the case page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type RunningApp, signInOver, startApp } from "~tests/helpers/server.ts";

const BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

/** The policy's directives by name, each with its sources. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function nonceOf(res: Response): string {
  const policy = res.headers.get("content-security-policy");
  expect(policy, `no Content-Security-Policy on ${res.url}`).toBeTruthy();
  const match = policy!.match(/script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/);
  expect(match, policy!).toBeTruthy();
  return match![1]!;
}

/** Every <script> of the page carries the response's nonce, and the nonce is nowhere else in it (not in the route data, say). */
async function expectScriptsCarry(res: Response): Promise<{ nonce: string; html: string }> {
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  const nonce = nonceOf(res);
  const html = await res.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  // Remix's hydration data and module loader at least (and scroll restoration where it renders).
  expect(scripts.length).toBeGreaterThanOrEqual(2);
  for (const tag of scripts) expect(tag).toContain(` nonce="${nonce}"`);
  expect(html.split(nonce).length - 1).toBe(scripts.length);
  return { nonce, html };
}

function expectCommonHeaders(res: Response) {
  const policy = res.headers.get("content-security-policy")!;
  const d = directives(policy);
  const nonce = nonceOf(res);
  expect(d).toEqual({
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`],
    "style-src": ["'self'", `'nonce-${nonce}'`],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  });
  expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
  // Enforced, not merely reported.
  expect(res.headers.get("content-security-policy-report-only")).toBeNull();
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("same-origin");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
}

// Both apps start at once (each takes seconds); each describe waits for its own.
const starting: Promise<RunningApp>[] = [];
let development: Promise<RunningApp>;
let production: Promise<RunningApp>;
beforeAll(() => {
  development = startApp();
  production = startApp({
    NODE_ENV: "production",
    SESSION_SECRET: "a-production-secret-of-at-least-32-characters",
  });
  // A failed start is reported by the describe that awaits it, not as an unhandled rejection.
  for (const app of [development, production]) starting.push(app.catch(() => undefined as never));
});
afterAll(() => Promise.all(starting.map(async (app) => (await app)?.stop())));

describe("outside production (NODE_ENV=development)", () => {
  let app: RunningApp;
  let cookie = "";
  beforeAll(async () => {
    app = await development;
    cookie = await signInOver(app.url, "expert@cted.example");
  }, 180_000);

  it("a page: an enforced policy, whose nonce is on every script and new for every response; no HSTS", async () => {
    const first = await fetch(`${app.url}/login`);
    expectCommonHeaders(first);
    expect(first.headers.get("strict-transport-security")).toBeNull();
    const { nonce } = await expectScriptsCarry(first);
    // 128 bits of randomness, base64.
    expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    const nonces = new Set([nonce]);
    for (let i = 0; i < 4; i++) nonces.add((await expectScriptsCarry(await fetch(`${app.url}/login`))).nonce);
    expect(nonces.size).toBe(5);
  });

  it("signed-in pages, the not-found page and a bot's whole-page render all carry the nonce on every script", async () => {
    const { items } = await (
      await fetch(`${app.url}/api/cases?q=TJK-2017-CF-01`, { headers: { cookie } })
    ).json();
    for (const [path, headers] of [
      ["/dashboard", { cookie }],
      [`/cases/${items[0].id}`, { cookie }],
      ["/no-such-page", { cookie }],
      // Bots get the page once it is all rendered (onAllReady), a separate path in entry.server.
      [`/cases/${items[0].id}`, { cookie, "user-agent": BOT }],
    ] as const) {
      const res = await fetch(`${app.url}${path}`, { headers });
      expectCommonHeaders(res);
      const { html } = await expectScriptsCarry(res);
      if (path === "/no-such-page") expect(res.status).toBe(404);
      else expect(html).toContain("Follow-up");
    }
  });

  it("JSON from the API and the probes carries the same headers", async () => {
    for (const [path, headers] of [
      ["/api/cases", { cookie }],
      ["/api/cases", {}],
      ["/healthz", {}],
    ] as const) {
      const res = await fetch(`${app.url}${path}`, { headers });
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expectCommonHeaders(res);
      expect(res.headers.get("strict-transport-security")).toBeNull();
    }
  });

  it("static files under /build carry them too", async () => {
    const html = await (await fetch(`${app.url}/login`)).text();
    const assets = [...html.matchAll(/href="(\/build\/[^"]+\.(?:css|js))"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
    expect(assets.some((a) => a.endsWith(".js"))).toBe(true);
    for (const asset of assets.slice(0, 3)) {
      const res = await fetch(`${app.url}${asset}`);
      expect(res.status).toBe(200);
      expectCommonHeaders(res);
    }
  });

  it("an evidence file's preview (?inline=1) may be framed by the app's own pages, and sandboxed; its download and the rest never", async () => {
    const { items } = await (
      await fetch(`${app.url}/api/cases?q=TJK-2017-CF-02`, { headers: { cookie } })
    ).json();
    const evidence = (
      await (await fetch(`${app.url}/api/cases/${items[0].id}/evidence`, { headers: { cookie } })).json()
    ).items as { id: string; contentType: string | null }[];
    const pdf = evidence.find((e) => e.contentType === "application/pdf")!;
    const content = `${app.url}/api/evidence/${pdf.id}/content`;

    const preview = await fetch(`${content}?inline=1`, { headers: { cookie } });
    expect(preview.status).toBe(200);
    await preview.arrayBuffer();
    // The app's policy, framed by itself only; and the preview's own, whose sandbox (without
    // allow-scripts or allow-same-origin) gives the file a unique origin that runs nothing.
    const [app_, own] = preview.headers.get("content-security-policy")!.split(", ");
    expect(directives(app_!)["frame-ancestors"]).toEqual(["'self'"]);
    expect(directives(own!).sandbox).toEqual([]);
    expect(own).not.toMatch(/allow-/);
    expect(preview.headers.get("x-frame-options")).toBe("SAMEORIGIN");

    const download = await fetch(content, { headers: { cookie } });
    await download.arrayBuffer();
    expect(directives(download.headers.get("content-security-policy")!)["frame-ancestors"]).toEqual([
      "'none'",
    ]);
    expect(download.headers.get("x-frame-options")).toBe("DENY");
    // Only that address: another with ?inline=1 is never framed.
    expectCommonHeaders(await fetch(`${app.url}/api/cases?inline=1`, { headers: { cookie } }));
  });
});

describe("in production (NODE_ENV=production)", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await production;
  }, 180_000);

  it("every response, page, JSON or static file, tells the browser to use HTTPS only (HSTS), besides the same policy", async () => {
    const page = await fetch(`${app.url}/login`);
    const { html } = await expectScriptsCarry(page);
    const css = html.match(/href="(\/build\/[^"]+\.css)"/)![1]!;
    for (const res of [page, await fetch(`${app.url}/healthz`), await fetch(`${app.url}${css}`)]) {
      expectCommonHeaders(res);
      expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    }
  });
});
