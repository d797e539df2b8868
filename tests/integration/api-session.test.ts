import { describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from "~/domain/auth.server.ts";
import * as casesRoute from "~/routes/api.cases._index.ts";
import * as sessionRoute from "~/routes/api.session.ts";
import * as logoutRoute from "~/routes/logout.tsx";
import { call, cookieFrom, DEMO_PASSWORD } from "~tests/helpers/http.ts";

const signIn = (email: string, password: string, ip = "10.0.0.1") =>
  call(sessionRoute, "/api/session", { body: { email, password }, ip });

describe("POST /api/session", () => {
  it("signs in with the demo password and sets an httpOnly SameSite cookie", async () => {
    const res = await signIn("expert@cted.example", DEMO_PASSWORD);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toMatchObject({
      name: "Elena Petrova",
      email: "expert@cted.example",
      role: "CTED_EXPERT",
      organization: { shortName: "CTED" },
    });
    expect(body.user.passwordHash).toBeUndefined();
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const list = await call(casesRoute, "/api/cases", { cookie: cookieFrom(res) });
    expect(list.status).toBe(200);
  });

  it("stores passwords as argon2id hashes", async () => {
    const user = await prisma().user.findUniqueOrThrow({ where: { email: "expert@cted.example" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("answers 401 for a wrong password or an unknown account, without saying which", async () => {
    const wrong = await signIn("verifier@cted.example", "nope", "10.0.0.2");
    const unknown = await signIn("nobody@cted.example", "nope", "10.0.0.2");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("answers 400 naming the field for malformed bodies", async () => {
    const notJson = await call(sessionRoute, "/api/session", {
      body: "{email:",
      headers: { "Content-Type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatch(/JSON/);
    const wrongType = await call(sessionRoute, "/api/session", { body: { email: 42, password: "x" } });
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).fields).toHaveProperty("email");
  });

  it("throttles repeated failures for one account with 429, even with the right password next", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await signIn("observer@ctc.example", "wrong", `10.1.0.${i}`)).status).toBe(401);
    }
    const blocked = await signIn("observer@ctc.example", DEMO_PASSWORD, "10.1.1.1");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Other accounts are unaffected.
    expect((await signIn("admin@cted.example", DEMO_PASSWORD, "10.1.1.1")).status).toBe(200);
  });

  it("throttles repeated failures from one address across accounts", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      await signIn(`guess${i}@cted.example`, "wrong", "10.9.9.9");
    }
    expect((await signIn("focal@kaz.example", DEMO_PASSWORD, "10.9.9.9")).status).toBe(429);
    expect((await signIn("focal@kaz.example", DEMO_PASSWORD, "10.9.9.10")).status).toBe(200);
  });
});

describe("signing out", () => {
  it("DELETE /api/session ends the session on the server", async () => {
    const cookie = cookieFrom(await signIn("focal@tjk.example", DEMO_PASSWORD, "10.2.0.1"));
    const out = await call(sessionRoute, "/api/session", { method: "DELETE", cookie });
    expect(out.status).toBe(204);
    // The old cookie, replayed, no longer works.
    expect((await call(casesRoute, "/api/cases", { cookie })).status).toBe(401);
    const user = await prisma().user.findUniqueOrThrow({ where: { email: "focal@tjk.example" } });
    const [signedOut] = await prisma().auditEntry.findMany({
      where: { actorId: user.id, action: "sign_out" },
      orderBy: { id: "desc" },
      take: 1,
    });
    expect(signedOut).toMatchObject({
      actorEmail: "focal@tjk.example",
      subjectType: "user",
      subjectId: user.id,
    });
  });

  it("the page form signs out with POST; a GET changes nothing", async () => {
    const cookie = cookieFrom(await signIn("focal@tjk.example", DEMO_PASSWORD, "10.2.0.2"));
    const get = await call(logoutRoute, "/logout", { cookie });
    expect(get.status).toBe(302);
    expect((await call(casesRoute, "/api/cases", { cookie })).status).toBe(200);
    const post = await call(logoutRoute, "/logout", { cookie, body: new URLSearchParams() });
    expect(post.status).toBe(302);
    expect((await call(casesRoute, "/api/cases", { cookie })).status).toBe(401);
  });

  it("a disabled account's sessions stop working at once", async () => {
    const cookie = cookieFrom(await signIn("verifier@cted.example", DEMO_PASSWORD, "10.2.0.3"));
    await prisma().user.update({
      where: { email: "verifier@cted.example" },
      data: { disabledAt: new Date() },
    });
    expect((await call(casesRoute, "/api/cases", { cookie })).status).toBe(401);
    await prisma().user.update({ where: { email: "verifier@cted.example" }, data: { disabledAt: null } });
  });

  it("answers 401 without a session", async () => {
    const res = await call(casesRoute, "/api/cases");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Sign in first", code: "unauthenticated" });
  });
});

describe("POST /api/session: hostile input", () => {
  it("400 with a sentence for a NUL or a broken character in the email or password, before the database", async () => {
    for (const [body, field, message] of [
      [{ email: "expert\u0000@cted.example", password: "x" }, "email", /NUL/],
      [{ email: "\udc00expert@cted.example", password: "x" }, "email", /broken character/],
      [{ email: "expert@cted.example", password: "x\u0000" }, "password", /NUL/],
    ] as const) {
      const res = await call(sessionRoute, "/api/session", { body, ip: "10.0.9.1" });
      expect(res.status).toBe(400);
      expect((await res.json()).fields).toEqual({ [field]: expect.stringMatching(message) });
    }
  });

  it("415 for a body that is not JSON; 413 past 256 KiB, even with no Content-Length", async () => {
    const text = await call(sessionRoute, "/api/session", {
      body: "email=x",
      headers: { "Content-Type": "text/plain" },
    });
    expect(text.status).toBe(415);
    expect((await text.json()).error).toMatch(/must be JSON/);
    const huge = await call(sessionRoute, "/api/session", {
      body: JSON.stringify({ email: "x", password: "y".repeat(300 * 1024) }),
      headers: { "Content-Type": "application/json" },
    });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toMatch(/larger than 256 KiB/);
  });
});
