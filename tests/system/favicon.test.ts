// The favicon through the real server (server/start.ts): /favicon.ico, which browsers and bots ask
// for by themselves, is a file (public/) and not a route that fails and logs its stack; every icon
// the pages link to (app/root.tsx) answers too; and none of it leaves an error in the log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { logEntries, type RunningApp, startApp } from "~tests/helpers/server.ts";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.stop());

const errorsLogged = () =>
  logEntries(app.output()).filter((e) => e.level === "error" || e.level === "fatal" || "error" in e);
const requestLogged = (path: string) =>
  logEntries(app.output()).find((e) => e.msg === "request" && e.path === path);

describe("the favicon", () => {
  it("GET /favicon.ico answers 200 with an icon, and logs no error", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${app.url}/favicon.ico`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
      // An ICO file's header: reserved 0, type 1 (icon), at least one image.
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0]);
      expect(bytes[4]! + bytes[5]! * 256).toBeGreaterThan(0);
    }
    await expect.poll(() => requestLogged("/favicon.ico")).toMatchObject({ status: 200 });
    expect(errorsLogged()).toEqual([]);
  });

  it("the icons a page links to all answer, and log no error", async () => {
    const html = await (await fetch(`${app.url}/login`)).text();
    const icons = [...html.matchAll(/<link\b[^>]*\brel="icon"[^>]*>/g)].map(
      (tag) => /\bhref="([^"]+)"/.exec(tag[0])![1]!,
    );
    expect(icons).toContain("/favicon.svg");
    for (const href of icons) {
      const res = await fetch(new URL(href, app.url));
      expect(res.status, href).toBe(200);
      expect(res.headers.get("content-type"), href).toMatch(/^image\//);
    }
    const svg = await (await fetch(`${app.url}/favicon.svg`)).text();
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(errorsLogged()).toEqual([]);
  });
});
