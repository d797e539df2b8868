import { beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import * as listRoute from "~/routes/api.cases._index.ts";
import * as caseRoute from "~/routes/api.cases.$id._index.ts";
import * as eventsRoute from "~/routes/api.cases.$id.events.ts";
import * as evidenceRoute from "~/routes/api.cases.$id.evidence.ts";
import * as historyRoute from "~/routes/api.cases.$id.history.ts";
import { makeCase, makeCtedExpert, makeState, moveCase, sessionOf } from "~tests/helpers/factories.ts";
import { call, DEMO_ACCOUNTS, signInAs } from "~tests/helpers/http.ts";

const as: Record<string, string> = {};
const EMAILS = DEMO_ACCOUNTS;

beforeAll(async () => {
  for (const [key, email] of Object.entries(EMAILS)) as[key] = await signInAs(email);
});

/** GET /api/cases as a demo account (by its short name) or with a session cookie. */
const list = async (who: string, query = "") => {
  const res = await call(listRoute, `/api/cases${query}`, { cookie: as[who] ?? who });
  return { status: res.status, body: await res.json() };
};
const refsOf = (body: { items: { ref: string }[] }) => body.items.map((c) => c.ref);
const idsOf = (cases: { id: string }[]) => cases.map((c) => c.id).sort();
/** The CTED expert, as the domain functions (and so the factories) take a signed-in user. */
const expert = () => sessionOf({ email: EMAILS.expert });
const getCase = (who: string, id: string) =>
  call(caseRoute, `/api/cases/${id}`, { cookie: as[who], params: { id } });
const send = (who: string, id: string, body: unknown) =>
  call(eventsRoute, `/api/cases/${id}/events`, { cookie: as[who], params: { id }, body });
const history = async (id: string) =>
  (await (await call(historyRoute, `/api/cases/${id}/history`, { cookie: as.admin, params: { id } })).json())
    .items;
const caseByRef = (ref: string) => prisma().case.findUniqueOrThrow({ where: { ref } });

describe("GET /api/cases: scope", () => {
  it("CTED and observers see every State's cases", async () => {
    const states = (
      await prisma().case.findMany({ distinct: ["countryCode"], select: { countryCode: true } })
    ).map((c) => c.countryCode);
    expect(states.length).toBeGreaterThan(1);
    for (const who of ["admin", "expert", "observer"]) {
      const { body } = await list(who, "?pageSize=100");
      expect(new Set(body.items.map((c: { country: string }) => c.country))).toEqual(new Set(states));
    }
  });

  it("a government sees only its own State's cases, even when it asks for another", async () => {
    const [mine, other] = [await makeState(), await makeState()];
    const by = await expert();
    const made = [await makeCase(by, mine), await makeCase(by, mine), await makeCase(by, mine)];
    await makeCase(by, other);
    const focal = await signInAs(mine.focal.email);
    const own = await list(focal, "?pageSize=100");
    expect(own.body.total).toBe(3);
    expect(idsOf(own.body.items)).toEqual(idsOf(made));
    expect(own.body.items.every((c: { country: string }) => c.country === mine.countryCode)).toBe(true);
    expect((await list(focal, `?country=${other.countryCode}`)).body).toMatchObject({ items: [], total: 0 });
    // The demo States' focal points alike.
    const tjk = await list("tjk", "?pageSize=100");
    expect(tjk.body.total).toBeGreaterThan(0);
    expect(tjk.body.items.every((c: { country: string }) => c.country === "TJK")).toBe(true);
    const kazFromTjk = await list("tjk", "?country=KAZ");
    expect(kazFromTjk.body).toMatchObject({ items: [], total: 0 });
    const kaz = await list("kaz", "?pageSize=100");
    expect(kaz.body.items.every((c: { country: string }) => c.country === "KAZ")).toBe(true);
  });

  it("a partner officer sees exactly the cases on which their organisation holds a task (not one only proposed)", async () => {
    const holding = await prisma().case.findMany({
      where: {
        tasks: {
          some: { assigneeOrg: { shortName: "INTERPOL" }, state: { in: ["open", "in_progress", "done"] } },
        },
      },
      select: { ref: true },
      orderBy: { ref: "asc" },
    });
    expect(holding.length).toBeGreaterThan(1);
    const { body } = await list("partner");
    expect(body.items.map((c: { ref: string }) => c.ref)).toEqual(holding.map((c) => c.ref));
  });

  it("answers each item in the documented shape", async () => {
    const { body } = await list("expert", "?pageSize=1");
    expect(Object.keys(body).sort()).toEqual(["items", "page", "pageSize", "total"]);
    expect(body.items[0]).toMatchObject({
      id: expect.any(String),
      ref: expect.stringMatching(/^[A-Z]{3}-\d{4}-[A-Z]{2}-\d{2}$/),
      title: expect.any(String),
      country: expect.stringMatching(/^[A-Z]{3}$/),
      area: expect.stringMatching(/^[a-z-]+$/),
      state: expect.stringMatching(/^(drafted|agreed|in_progress|verified)$/),
      stateValue: expect.any(String),
      version: expect.any(Number),
      owner: { id: expect.any(String), name: expect.any(String) },
    });
  });
});

describe("GET /api/cases: filters, sort and pages", () => {
  it("filters by country, state and area together", async () => {
    const state = await makeState();
    const [by, focal] = [await expert(), await sessionOf(state.focal)];
    const inProgress = async (area: "border-control" | "law-enforcement") => {
      const made = await makeCase(by, state, { area });
      await moveCase(made.id, [
        { type: "AGREE", by: focal },
        { type: "START", by: focal },
      ]);
      return made;
    };
    const wanted = [await inProgress("border-control"), await inProgress("border-control")];
    await inProgress("law-enforcement");
    await makeCase(by, state, { area: "border-control" }); // still drafted
    await makeCase(by, await makeState(), { area: "border-control" }); // another State's
    const { body } = await list(
      "expert",
      `?country=${state.countryCode}&state=in_progress&area=border-control`,
    );
    expect(body.total).toBe(2);
    expect(idsOf(body.items)).toEqual(idsOf(wanted));
    for (const c of body.items)
      expect(c).toMatchObject({ country: state.countryCode, state: "in_progress", area: "border-control" });
  });

  it("searches reference, title and text, case-insensitively", async () => {
    const [by, state] = [await expert(), await makeState()];
    const inTitle = await makeCase(by, state, { title: "Screen travellers at the Wombatville airport" });
    const inText = await makeCase(by, state, {
      title: "Connect the border posts",
      text: "Give every border post access to the Quokka-7/24 network.",
    });
    const search = async (q: string) => refsOf((await list("expert", `?q=${encodeURIComponent(q)}`)).body);
    expect(await search("WOMBATVILLE AIRPORT")).toEqual([inTitle.ref]);
    // The reference, in another case: "XAA-2024-BC-02" as "xaa-2024-bC-02".
    const mixedCase = inText.ref
      .toLowerCase()
      .replace(/-([a-z])([a-z])-/, (_, a: string, b: string) => `-${a}${b.toUpperCase()}-`);
    expect(mixedCase).not.toBe(inText.ref);
    expect(await search(mixedCase)).toEqual([inText.ref]);
    // In the text only, not the title:
    expect(await search("quokka-7/24")).toEqual([inText.ref]);
  });

  it("lists overdue cases: due date passed and not verified", async () => {
    const { body } = await list("expert", "?overdue=true&pageSize=100");
    expect(body.total).toBeGreaterThan(0);
    const now = Date.now();
    for (const c of body.items) {
      expect(c.state).not.toBe("verified");
      expect(new Date(c.dueAt).getTime()).toBeLessThan(now);
    }
  });

  it("filters by owner", async () => {
    const [by, state] = [await expert(), await makeState()];
    const [owner, other] = [await makeCtedExpert(), await makeCtedExpert()];
    const owned = [];
    for (let i = 0; i < 3; i++) owned.push(await makeCase(by, state, { ownerId: owner.id }));
    await makeCase(by, state); // the expert's own
    const mine = (await list("expert", `?owner=${owner.id}`)).body;
    expect(mine.total).toBe(3);
    expect(idsOf(mine.items)).toEqual(idsOf(owned));
    expect((await list("expert", `?owner=${other.id}`)).body.total).toBe(0);
  });

  it("sorts and paginates without overlap", async () => {
    const [by, state] = [await expert(), await makeState()];
    const areas = ["border-control", "law-enforcement", "international-cooperation"] as const;
    const made = [];
    for (let i = 0; i < 11; i++) made.push((await makeCase(by, state, { area: areas[i % 3] })).ref);
    const page = async (n: number) =>
      (await list("expert", `?country=${state.countryCode}&sort=-ref&pageSize=5&page=${n}`)).body;
    const [page1, page2] = [await page(1), await page(2)];
    const refs = [...refsOf(page1), ...refsOf(page2)];
    expect(refs).toEqual([...made].sort().reverse().slice(0, 10));
    expect(new Set(refs).size).toBe(10);
    expect(page2.page).toBe(2);
  });

  it("answers 400 naming the field for a bad query", async () => {
    const cases: [string, string][] = [
      ["?pageSize=1000", "pageSize"],
      ["?page=abc", "page"],
      ["?state=done", "state"],
      ["?area=nowhere", "area"],
      ["?country=TJKX", "country"],
      ["?overdue=maybe", "overdue"],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await list("expert", query);
      expect(status, query).toBe(400);
      expect(body.fields, query).toHaveProperty(field);
      expect(body.error).toContain(field);
    }
  });
});

describe("GET /api/cases/:id", () => {
  it("returns the case with its assessment and the events this user may send", async () => {
    const c = await caseByRef("TJK-2017-LJ-01");
    const res = await getCase("tjk", c.id);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      ref: "TJK-2017-LJ-01",
      state: "drafted",
      stateValue: "drafted",
      country: "TJK",
      text: expect.stringContaining("Criminal Code"),
    });
    expect(body.assessment).toMatchObject({
      countryCode: "TJK",
      resolutions: ["1373 (2001)", "1624 (2005)", "2178 (2014)", "2242 (2015)"],
    });
    expect(body.allowedEvents.sort()).toEqual(["AGREE", "REQUEST_CHANGES"]);
    expect(body.reasonRequiredFor).toEqual(["REQUEST_CHANGES"]);
    expect((await (await getCase("observer", c.id)).json()).allowedEvents).toEqual([]);
  });

  it("answers 404, never 403, for another State's case, a partner, and an unknown id", async () => {
    const kazCase = await caseByRef("KAZ-2018-CF-01");
    for (const [who, id] of [
      ["tjk", kazCase.id],
      ["partner", kazCase.id],
      ["expert", "no-such-case"],
    ] as const) {
      const res = await getCase(who, id);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: "Case not found", code: "not_found" });
    }
    const hist = await call(historyRoute, `/api/cases/${kazCase.id}/history`, {
      cookie: as.tjk,
      params: { id: kazCase.id },
    });
    expect(hist.status).toBe(404);
    const event = await send("tjk", kazCase.id, { type: "AGREE", version: kazCase.version });
    expect(event.status).toBe(404);
  });
});

describe("POST /api/cases/:id/events", () => {
  it("moves a case on and records who did it in the history", async () => {
    const c = await caseByRef("TJK-2017-HR-01");
    const res = await send("tjk", c.id, { type: "AGREE", version: c.version });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.case).toMatchObject({
      state: "agreed",
      stateValue: "agreed",
      version: c.version + 1,
      allowedEvents: ["START"],
    });
    const last = (await history(c.id)).at(-1);
    expect(last).toMatchObject({
      type: "AGREE",
      from: "drafted",
      to: "agreed",
      reason: null,
      actor: { name: "Rustam Nazarov", role: "GOVERNMENT_FOCAL_POINT" },
    });
    expect(Object.keys(last).sort()).toEqual([
      "actor",
      "at",
      "from",
      "id",
      "reason",
      "responseText",
      "to",
      "type",
    ]);
  });

  async function expectNothingWritten(ref: string, attempt: () => Promise<Response>, status: number) {
    const before = await caseByRef(ref);
    const eventsBefore = await prisma().caseEvent.count({ where: { caseId: before.id } });
    const res = await attempt();
    expect(res.status).toBe(status);
    const after = await caseByRef(ref);
    expect(after.version).toBe(before.version);
    expect(after.stateValue).toBe(before.stateValue);
    expect(after.snapshot).toEqual(before.snapshot);
    expect(await prisma().caseEvent.count({ where: { caseId: before.id } })).toBe(eventsBefore);
    return res.json();
  }

  it("422 for an event the machine does not accept in this state", async () => {
    const c = await caseByRef("TJK-2017-LJ-01");
    const body = await expectNothingWritten(
      c.ref,
      () => send("expert", c.id, { type: "VERIFY", version: c.version }),
      422,
    );
    expect(body.error).toMatch(/^“Verify implementation” is not possible while the case is /);
  });

  it("403 for an event this actor may not send", async () => {
    const c = await caseByRef("TJK-2017-LJ-01");
    await expectNothingWritten(
      c.ref,
      () => send("observer", c.id, { type: "AGREE", version: c.version }),
      403,
    );
    await expectNothingWritten(c.ref, () => send("expert", c.id, { type: "AGREE", version: c.version }), 403);
  });

  it("400 naming `reason` when a reason is required and missing or blank", async () => {
    const c = await caseByRef("TJK-2017-LJ-01");
    const body = await expectNothingWritten(
      c.ref,
      () => send("tjk", c.id, { type: "REQUEST_CHANGES", version: c.version, reason: "   " }),
      400,
    );
    expect(body.fields).toHaveProperty("reason");
  });

  it("409 with the current version for a stale version", async () => {
    const c = await caseByRef("TJK-2017-LJ-01");
    const body = await expectNothingWritten(
      c.ref,
      () => send("tjk", c.id, { type: "AGREE", version: c.version - 1 || 99 }),
      409,
    );
    expect(body.currentVersion).toBe(c.version);
  });

  it("400 naming the field for malformed JSON or wrong types", async () => {
    const c = await caseByRef("TJK-2017-LJ-01");
    await expectNothingWritten(
      c.ref,
      () =>
        call(eventsRoute, "/x", {
          cookie: as.tjk,
          params: { id: c.id },
          body: "{",
          headers: { "Content-Type": "application/json" },
        }),
      400,
    );
    const t = await expectNothingWritten(
      c.ref,
      () => send("tjk", c.id, { type: "AGREE", version: "1" }),
      400,
    );
    expect(t.fields).toHaveProperty("version");
    const u = await expectNothingWritten(
      c.ref,
      () => send("tjk", c.id, { type: "APPROVE", version: c.version }),
      400,
    );
    expect(u.fields).toHaveProperty("type");
    const r = await expectNothingWritten(
      c.ref,
      () => send("tjk", c.id, { type: "REQUEST_CHANGES", version: c.version, reason: 5 }),
      400,
    );
    expect(r.fields).toHaveProperty("reason");
  });

  it("400 for a version that is not a whole number (true is not 1), with a sentence", async () => {
    const c = await caseByRef("TJK-2017-LJ-01");
    for (const [version, message] of [
      [true, "must be a number"],
      [1.5, "must be a whole number"],
      [0, "must be 1 or more"],
      [2 ** 31, "is far too large"],
    ] as const) {
      const body = await expectNothingWritten(
        c.ref,
        () => send("tjk", c.id, { type: "AGREE", version }),
        400,
      );
      expect(body.fields).toEqual({ version: message });
    }
  });

  it("400 for a NUL or a broken character in the reason, before the database", async () => {
    const c = await caseByRef("TJK-2017-LJ-01");
    for (const reason of ["Because\u0000", "Because \ud83d"]) {
      const body = await expectNothingWritten(
        c.ref,
        () => send("tjk", c.id, { type: "REQUEST_CHANGES", version: c.version, reason }),
        400,
      );
      expect(body.fields.reason).toMatch(/NUL|broken character/);
    }
  });

  it("404 for an id that cannot be one, as for an unknown id, before the database", async () => {
    for (const id of ["\u0000", "a b", "x".repeat(65)]) {
      const res = await getCase("expert", id);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: "Case not found", code: "not_found" });
    }
  });

  it("415 for a body that is not JSON", async () => {
    const c = await caseByRef("TJK-2017-LJ-01");
    await expectNothingWritten(
      c.ref,
      () =>
        call(eventsRoute, "/x", {
          cookie: as.tjk,
          params: { id: c.id },
          body: "type=AGREE",
          headers: { "Content-Type": "text/plain" },
        }),
      415,
    );
  });

  it("401 without a session", async () => {
    const c = await caseByRef("TJK-2017-LJ-01");
    await expectNothingWritten(
      c.ref,
      () => call(eventsRoute, "/x", { params: { id: c.id }, body: { type: "AGREE", version: c.version } }),
      401,
    );
  });

  it("of two concurrent writers with the same version, one wins and the other gets 409", async () => {
    const c = await caseByRef("TJK-2017-LJ-01");
    const { _max } = await prisma().caseEvent.aggregate({ where: { caseId: c.id }, _max: { id: true } });
    const results = await Promise.all([
      send("tjk", c.id, { type: "AGREE", version: c.version }),
      send("tjk", c.id, { type: "REQUEST_CHANGES", version: c.version, reason: "Our ministry has comments" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = await caseByRef(c.ref);
    expect(after.version).toBe(c.version + 1);
    expect(await prisma().caseEvent.count({ where: { caseId: c.id, id: { gt: _max.id! } } })).toBe(1);
  });

  it("keeps the four-eyes rule: the CTED expert who recorded evidence cannot verify it", async () => {
    let c = await caseByRef("TJK-2017-CF-01");
    expect(c.stateValue).toBe("in_progress.implementing");
    // A submission brings evidence (issue 11).
    await call(evidenceRoute, `/api/cases/${c.id}/evidence`, {
      cookie: as.expert,
      params: { id: c.id },
      body: { kind: "reference", title: "Official letter", text: "Note verbale No. 7" },
    });
    expect((await send("expert", c.id, { type: "SUBMIT_EVIDENCE", version: c.version })).status).toBe(200);
    c = await caseByRef(c.ref);
    await expectNothingWritten(
      c.ref,
      () => send("expert", c.id, { type: "VERIFY", version: c.version }),
      403,
    );
    const ok = await send("verifier", c.id, { type: "VERIFY", version: c.version });
    expect(ok.status).toBe(200);
    expect((await ok.json()).case.state).toBe("verified");
  });

  it("requires a reason to return and to reopen, and keeps it in the history", async () => {
    let c = await caseByRef("TJK-2017-IF-01");
    expect((await send("expert", c.id, { type: "RETURN", version: c.version })).status).toBe(400);
    expect(
      (
        await send("expert", c.id, {
          type: "RETURN",
          version: c.version,
          reason: "Add the strategy's adoption date",
        })
      ).status,
    ).toBe(200);
    expect((await history(c.id)).at(-1)).toMatchObject({
      type: "RETURN",
      reason: "Add the strategy's adoption date",
      to: "in_progress.implementing",
    });
    c = await caseByRef("TJK-2017-GE-01");
    expect(
      (await send("admin", c.id, { type: "REOPEN", version: c.version, reason: "New information" })).status,
    ).toBe(200);
    expect((await caseByRef(c.ref)).stateValue).toBe("in_progress.implementing");
  });
});
