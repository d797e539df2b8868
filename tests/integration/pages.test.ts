// The HTML pages' loaders and actions, called with real Requests: the no-JavaScript flows.
import { beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import * as listPage from "~/routes/cases._index.tsx";
import * as casePage from "~/routes/cases.$id._index.tsx";
import * as editPage from "~/routes/cases.$id.edit.tsx";
import * as newPage from "~/routes/cases.new.tsx";
import * as dashboardPage from "~/routes/dashboard.tsx";
import * as loginPage from "~/routes/login.tsx";
import { call, cookieFrom, DEMO_PASSWORD, signInAs } from "~tests/helpers/http.ts";

let cted = "";
let tjk = "";
let kaz = "";
beforeAll(async () => {
  cted = await signInAs("expert@cted.example");
  tjk = await signInAs("focal@tjk.example");
  kaz = await signInAs("focal@kaz.example");
});
const byRef = (ref: string) => prisma().case.findUniqueOrThrow({ where: { ref } });
const form = (fields: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));

describe("sign-in page", () => {
  it("signs in with a form post and goes back where the user was headed", async () => {
    const res = await call(loginPage, "/login", {
      body: form({ email: "focal@tjk.example", password: DEMO_PASSWORD, redirectTo: "/cases?state=agreed" }),
      ip: "10.5.0.1",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/cases?state=agreed");
    expect(cookieFrom(res)).toMatch(/^followup_session=/);
  });

  it("refuses to redirect off-site after signing in", async () => {
    const res = await call(loginPage, "/login", {
      body: form({ email: "focal@tjk.example", password: DEMO_PASSWORD, redirectTo: "//evil.example/" }),
      ip: "10.5.0.2",
    });
    expect(res.headers.get("Location")).toBe("/dashboard");
  });

  it("refuses off-site redirects browsers would follow: a tab, a backslash, a dot segment; no 500 for a newline or 。", async () => {
    let n = 0;
    for (const redirectTo of [
      "/\t/evil.example",
      "/\\evil.example",
      "/.//evil.example",
      "/\n/evil.example",
    ]) {
      const res = await call(loginPage, "/login", {
        body: form({ email: "focal@tjk.example", password: DEMO_PASSWORD, redirectTo }),
        ip: `10.5.1.${n++}`,
      });
      expect(res.status, redirectTo).toBe(302);
      expect(res.headers.get("Location"), redirectTo).toBe("/dashboard");
    }
    const encoded = await call(loginPage, "/login", {
      body: form({ email: "focal@tjk.example", password: DEMO_PASSWORD, redirectTo: "/cases?q=。" }),
      ip: "10.5.1.9",
    });
    expect(encoded.headers.get("Location")).toBe("/cases?q=%E3%80%82");
  });

  it("takes only its own form, by POST: 415 for JSON, 405 for PUT or DELETE (which do not sign in)", async () => {
    const json = await call(loginPage, "/login", {
      body: JSON.stringify({ email: "focal@tjk.example", password: DEMO_PASSWORD }),
      headers: { "Content-Type": "application/json" },
    });
    expect(json.status).toBe(415);
    for (const method of ["PUT", "DELETE"]) {
      const res = await call(loginPage, "/login", {
        method,
        body: form({ email: "focal@tjk.example", password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(405);
      expect(res.headers.get("Allow")).toBe("POST");
      expect(res.headers.get("Set-Cookie")).toBeNull();
    }
  });

  it("shows a clear message for wrong credentials", async () => {
    const res = await call(loginPage, "/login", {
      body: form({ email: "focal@tjk.example", password: "x" }),
      ip: "10.5.0.3",
    });
    expect(res.status).toBe(401);
    expect((await res.json()).message).toBe("Email or password is incorrect");
  });

  it("pages send visitors without a session to sign in", async () => {
    const res = await call(dashboardPage, "/dashboard");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fdashboard");
  });
});

describe("dashboard", () => {
  it("counts within the user's scope, with overdue counts", async () => {
    const mine = await (await call(dashboardPage, "/dashboard", { cookie: kaz })).json();
    expect(mine.counts.totals.total).toBe(await prisma().case.count({ where: { countryCode: "KAZ" } }));
    const all = await (await call(dashboardPage, "/dashboard", { cookie: cted })).json();
    expect(all.counts.totals.total).toBe(await prisma().case.count());
    const overdue = await prisma().case.count({
      where: { dueAt: { lt: new Date() }, state: { not: "verified" } },
    });
    expect(all.counts.totals.overdue).toBe(overdue);
    const borderRow = all.counts.areas.find((a: { area: string }) => a.area === "border-control");
    expect(borderRow.states.in_progress).toBe(
      await prisma().case.count({ where: { area: "border-control", state: "in_progress" } }),
    );
  });
});

describe("case page", () => {
  it("404 for another State's case, and for an unknown id", async () => {
    const kazCase = await byRef("KAZ-2018-BC-01");
    expect(
      (await call(casePage, `/cases/${kazCase.id}`, { cookie: tjk, params: { id: kazCase.id } })).status,
    ).toBe(404);
    expect(
      (await call(editPage, `/cases/${kazCase.id}/edit`, { cookie: tjk, params: { id: kazCase.id } })).status,
    ).toBe(404);
    expect((await call(casePage, "/cases/nope", { cookie: cted, params: { id: "nope" } })).status).toBe(404);
    // Posting an event to it is 404 too, and changes nothing.
    const res = await call(casePage, `/cases/${kazCase.id}`, {
      cookie: tjk,
      params: { id: kazCase.id },
      body: form({ type: "START", version: kazCase.version }),
    });
    expect(res.status).toBe(404);
    expect((await byRef(kazCase.ref)).version).toBe(kazCase.version);
  });

  it("acts on a case with a plain form post and shows the result after the redirect", async () => {
    const c = await byRef("TJK-2017-VE-01");
    const res = await call(casePage, `/cases/${c.id}`, {
      cookie: tjk,
      params: { id: c.id },
      body: form({ type: "START", version: c.version }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/cases/${c.id}?done=START`);
    const page = await (await call(casePage, `/cases/${c.id}`, { cookie: tjk, params: { id: c.id } })).json();
    expect(page.case.stateValue).toBe("in_progress.implementing");
    expect(page.history.at(-1)).toMatchObject({ type: "START", actor: { name: "Rustam Nazarov" } });
  });

  it("explains a lost race instead of overwriting", async () => {
    const c = await byRef("TJK-2017-BC-01");
    const res = await call(casePage, `/cases/${c.id}`, {
      cookie: tjk,
      params: { id: c.id },
      body: form({ type: "SUBMIT_EVIDENCE", version: c.version - 1 }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      ok: false,
      currentVersion: c.version,
      message: expect.stringMatching(/changed by someone else/),
    });
  });

  it("asks for the reason when one is required", async () => {
    const c = await byRef("TJK-2017-LJ-01");
    const res = await call(casePage, `/cases/${c.id}`, {
      cookie: tjk,
      params: { id: c.id },
      body: form({ type: "REQUEST_CHANGES", version: c.version, reason: "" }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).fields).toHaveProperty("reason");
  });
});

describe("drafting and editing recommendations", () => {
  const fields = async () => {
    const assessment = await prisma().assessment.findFirstOrThrow({ where: { countryCode: "TJK" } });
    const owner = await prisma().user.findUniqueOrThrow({ where: { email: "verifier@cted.example" } });
    return {
      assessmentId: assessment.id,
      area: "border-control",
      title: "Train border guards in document fraud",
      text: "Demo: train them.",
      priority: "LOW",
      ownerId: owner.id,
      dueAt: "",
    };
  };

  it("CTED drafts a recommendation: next reference in its area, no due date past already, history entry", async () => {
    const res = await call(newPage, "/cases/new", { cookie: cted, body: form(await fields()) });
    expect(res.status).toBe(302);
    const id = res.headers.get("Location")!.split("/").pop()!;
    const created = await prisma().case.findUniqueOrThrow({ where: { id }, include: { events: true } });
    expect(created.ref).toBe("TJK-2017-BC-03");
    expect(created.stateValue).toBe("drafted");
    // The default, six months after the 2017 report (15 December 2017), is past: none.
    expect(created.dueAt).toBeNull();
    expect(created.events.map((e) => e.type)).toEqual(["CREATED"]);
  });

  it("a government user cannot reach the form, and cannot post to it", async () => {
    expect((await call(newPage, "/cases/new", { cookie: tjk })).status).toBe(404);
    const before = await prisma().case.count();
    const res = await call(newPage, "/cases/new", { cookie: tjk, body: form(await fields()) });
    expect(res.status).toBe(403);
    expect(await prisma().case.count()).toBe(before);
  });

  it("rejects an invalid form naming each field, creating nothing", async () => {
    const before = await prisma().case.count();
    const res = await call(newPage, "/cases/new", {
      cookie: cted,
      body: form({ ...(await fields()), title: "x", area: "Moon!" }),
    });
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).fields).sort()).toEqual(["area", "title"]);
    // A well-formed area that is not one of the thematic areas (a table CTED keeps) is refused
    // once the rest of the form is right.
    const unknown = await call(newPage, "/cases/new", {
      cookie: cted,
      body: form({ ...(await fields()), area: "moon" }),
    });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).fields).toEqual({ area: "must be one of the thematic areas" });
    expect(await prisma().case.count()).toBe(before);
  });

  it("edits a drafted recommendation, with a stale version refused", async () => {
    const c = await byRef("TJK-2017-LE-01");
    const base = {
      area: c.area,
      title: c.title,
      text: `${c.text} Revised.`,
      priority: c.priority,
      ownerId: c.ownerId,
      dueAt: "2027-03-01",
    };
    const ok = await call(editPage, "/x", {
      cookie: cted,
      params: { id: c.id },
      body: form({ ...base, version: c.version }),
    });
    expect(ok.status).toBe(302);
    const after = await byRef(c.ref);
    expect(after.text).toMatch(/Revised\.$/);
    expect(after.version).toBe(c.version + 1);
    const edited = await prisma().caseEvent.findFirstOrThrow({ where: { caseId: c.id, type: "EDITED" } });
    expect(edited.reason).toBe("Changed text, due date");
    const stale = await call(editPage, "/x", {
      cookie: cted,
      params: { id: c.id },
      body: form({ ...base, text: "Other", version: c.version }),
    });
    expect(stale.status).toBe(409);
    expect((await byRef(c.ref)).text).toMatch(/Revised\.$/);
  });

  it("refuses the edit page to those who may see the case but not edit it with 403, as the API does", async () => {
    const c = await byRef("TJK-2017-LJ-01");
    const observer = await signInAs("observer@ctc.example");
    const base = {
      area: c.area,
      title: "Taken over",
      text: "Rewritten",
      priority: "LOW",
      ownerId: c.ownerId,
      dueAt: "",
      version: c.version,
    };
    for (const cookie of [observer, tjk]) {
      const post = await call(editPage, "/x", { cookie, params: { id: c.id }, body: form(base) });
      expect(post.status).toBe(403);
      expect((await post.json()).message).toBe("Only CTED edits recommendations");
      expect((await call(editPage, "/x", { cookie, params: { id: c.id } })).status).toBe(403);
    }
    expect((await byRef(c.ref)).version).toBe(c.version);
  });

  it("keeps the agreed text fixed once the State has agreed", async () => {
    const c = await byRef("TJK-2017-LJ-02");
    expect(c.state).toBe("agreed");
    const base = {
      area: c.area,
      title: c.title,
      text: "Rewritten after agreement",
      priority: "LOW",
      ownerId: c.ownerId,
      dueAt: "",
      version: c.version,
    };
    const res = await call(editPage, "/x", { cookie: cted, params: { id: c.id }, body: form(base) });
    expect(res.status).toBe(400);
    expect((await res.json()).fields).toHaveProperty("text");
    expect((await byRef(c.ref)).text).toBe(c.text);
  });

  it("lists cases with filters from the URL, ignoring bad ones with a message", async () => {
    const ok = await (await call(listPage, "/cases?state=verified", { cookie: cted })).json();
    expect(ok.result.items.every((c: { state: string }) => c.state === "verified")).toBe(true);
    const bad = await (await call(listPage, "/cases?pageSize=0", { cookie: cted })).json();
    expect(bad.problems).toHaveProperty("pageSize");
  });
});
