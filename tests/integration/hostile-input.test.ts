// Hostile and malformed input against the whole HTTP stack (server/app.ts in front of the real
// routes, Socket.IO attached), over real sockets: every such request is refused with a 4xx in the
// app's error shape, never a 5xx; nothing is stored; the server stays up. The inputs are those of
// the security review (issue 9) and, generated with fast-check, wrong values for every field of
// the API's JSON bodies and of the pages' forms.
import { request as httpRequest } from "node:http";

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { safeRedirectPath } from "~/lib/safe-redirect.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, startInProcessApp } from "~tests/helpers/http.ts";

type Who = keyof typeof DEMO_ACCOUNTS;
let app: Awaited<ReturnType<typeof startInProcessApp>>;
const as = {} as Record<Who, string>;
let draftedCase = ""; // a Tajik case in "drafted": Tajikistan's focal point may AGREE
let openTask = ""; // an open INTERPOL task: INTERPOL's officer may START it

beforeAll(async () => {
  app = await startInProcessApp();
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS) as [Who, string][]) {
    const res = await send("POST", "/api/session", { json: { email, password: DEMO_PASSWORD } });
    expect(res.status).toBe(200);
    as[who] = res.headers["set-cookie"]![0]!.split(";")[0]!;
  }
  draftedCase = (
    await prisma().case.findFirstOrThrow({
      where: { countryCode: "TJK", state: "drafted" },
      select: { id: true },
    })
  ).id;
  openTask = (
    await prisma().task.findFirstOrThrow({
      where: { state: "open", assigneeOrg: { shortName: "INTERPOL" }, case: { countryCode: "TJK" } },
      select: { id: true },
    })
  ).id;
});
afterAll(async () => {
  await app?.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

interface SendOptions {
  who?: Who;
  json?: unknown;
  form?: Record<string, string>;
  /** Sent as is, with its Content-Type in `headers`. */
  raw?: string | Buffer;
  /** Sent in chunks without Content-Length (chunked); may be endless. */
  chunks?: Iterable<Buffer>;
  headers?: Record<string, string>;
}

/**
 * One request over a real socket. node:http rather than fetch: it reports the server's answer
 * even when the server answers (413) and closes before the whole body was sent.
 */
function send(method: string, path: string, options: SendOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.who) headers.Cookie = as[options.who];
  let body: string | Buffer | undefined = options.raw;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["Content-Type"] ??= "application/json";
  } else if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers["Content-Type"] ??= "application/x-www-form-urlencoded";
  }
  // Always framed: without Content-Length, node:http sends a GET's or DELETE's body unframed.
  if (body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const url = new URL(path.startsWith("/") ? `${app.url}${path}` : path);
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      method,
      path: path.startsWith("/") ? path : url.pathname + url.search,
      headers,
    });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (chunk: Buffer) => parts.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(parts).toString() }),
      );
      res.on("error", reject);
    });
    // Writing the rest of a refused body fails once the server has closed: the answer is what counts.
    req.on("error", (error) => (answered ? undefined : setTimeout(() => reject(error), 200)));
    if (options.chunks) {
      const iterator = options.chunks[Symbol.iterator]();
      const pump = () => {
        if (answered || req.destroyed) return;
        const next = iterator.next();
        if (next.done) return void req.end();
        if (req.write(next.value)) setImmediate(pump);
        else req.once("drain", pump);
      };
      pump();
    } else {
      req.end(body);
    }
  });
}

const jsonOf = (answer: Answer) =>
  JSON.parse(answer.text) as { error: string; fields?: Record<string, string> };

// zod's own wording, which must never reach a person.
const SCHEMA_WORDING =
  /Expected |received |Invalid (input|enum|literal|discriminator|date)|Unrecognized key|String must|Number must|Required$/;

/** A refusal in the app's shape: a 4xx, JSON {error} for the API, and sentences, not zod's words. */
function expectRefused(answer: Answer, status?: number) {
  expect(answer.status, answer.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500);
  if (status) expect(answer.status, answer.text.slice(0, 300)).toBe(status);
  expect(answer.text).not.toMatch(SCHEMA_WORDING);
  expect(answer.text).not.toMatch(/<pre>|at \w+ \(/); // no Express error page, no stack
}

function expectApiRefused(answer: Answer, status?: number) {
  expectRefused(answer, status);
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  expect(typeof jsonOf(answer).error).toBe("string");
}

/** What a refused request must not change: every row of every table (rows, versions, states, read marks). */
async function snapshot(): Promise<string> {
  const db = prisma();
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1",
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ n: bigint; digest: string | null }[]>(
      `SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM "${name}" t`,
    );
    parts.push(`${name}:${row!.n}:${row!.digest}`);
  }
  return parts.join("\n");
}

async function expectNothingStored(run: () => Promise<void>) {
  const before = await snapshot();
  await run();
  expect(await snapshot()).toBe(before);
  expect((await send("GET", "/healthz")).status).toBe(200);
}

const NUL = "a\u0000b";
const LONE_HIGH = "a\ud800b";
const LONE_LOW = "\udc00ab";

describe("after signing in, only a path of this site (finding 3)", () => {
  const offSite = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "//evil.example",
    "/.//evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    " /evil",
    "",
  ];

  it.each(offSite)("refuses %j with the dashboard", (redirectTo) => {
    expect(safeRedirectPath(redirectTo)).toBe("/dashboard");
  });

  it("keeps same-site paths, with what a header cannot carry encoded", () => {
    expect(safeRedirectPath("/cases?state=agreed#tasks")).toBe("/cases?state=agreed#tasks");
    expect(safeRedirectPath("/cases/。")).toBe("/cases/%E3%80%82");
    expect(safeRedirectPath("/cases/a\nb")).toBe("/cases/ab");
    expect(safeRedirectPath(42)).toBe("/dashboard");
  });

  it("POST /login sends every hostile redirectTo to the dashboard (or a same-site path), never a 500", async () => {
    for (const redirectTo of [...offSite, "/%09/evil.example", "/。/evil.example", "/a\nb", "/cases\u0000"]) {
      const res = await send("POST", "/login", {
        form: { email: DEMO_ACCOUNTS.observer, password: DEMO_PASSWORD, redirectTo },
      });
      expect(res.status, redirectTo).toBe(302);
      const location = String(res.headers.location);
      expect(
        new URL(location, "http://app.test").origin,
        `${JSON.stringify(redirectTo)} -> ${location}`,
      ).toBe("http://app.test");
      expect(location).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
    }
  });

  it("the no-JavaScript task comment form goes back only to a path of this site", async () => {
    const res = await send("POST", `/tasks/${openTask}/comments`, {
      who: "expert",
      form: { body: "Noted.", redirectTo: "/\t/evil.example" },
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/me/work");
    const back = await send("POST", `/tasks/${openTask}/comments`, {
      who: "expert",
      form: { body: "Noted again.", redirectTo: "/me/work?x=1" },
    });
    expect(back.headers.location).toBe("/me/work?x=1");
  });
});

describe("bodies are refused by size before they are read (finding 4)", () => {
  const TEN_MB = Buffer.alloc(10 * 1024 * 1024, "x");
  const chunked = function* (total: number, chunk = 64 * 1024) {
    for (let sent = 0; sent < total; sent += chunk) yield Buffer.alloc(chunk, "x");
  };
  const endless = function* () {
    for (;;) yield Buffer.alloc(64 * 1024, " ");
  };

  it("a 10 MB JSON body to /api/session, anonymous, with Content-Length: 413 in the API's shape", async () => {
    await expectNothingStored(async () => {
      const res = await send("POST", "/api/session", {
        raw: TEN_MB,
        headers: { "Content-Type": "application/json" },
      });
      expectApiRefused(res, 413);
      expect(jsonOf(res).error).toMatch(/larger than 256 KiB/);
    });
  });

  it("a chunked JSON body without Content-Length is counted while it streams: 413 even if it never ends", async () => {
    await expectNothingStored(async () => {
      expectApiRefused(
        await send("POST", "/api/session", {
          chunks: chunked(10 * 1024 * 1024),
          headers: { "Content-Type": "application/json" },
        }),
        413,
      );
      expectApiRefused(
        await send("POST", `/api/cases/${draftedCase}/events`, {
          who: "tjk",
          chunks: endless(),
          headers: { "Content-Type": "application/json" },
        }),
        413,
      );
    });
  });

  it("forms alike, with a plain page: by Content-Length and while streaming", async () => {
    await expectNothingStored(async () => {
      const byLength = await send("POST", "/login", {
        raw: TEN_MB,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      expectRefused(byLength, 413);
      expect(byLength.headers["content-type"]).toMatch(/^text\/plain/);
      expectRefused(
        await send("POST", `/cases/${draftedCase}`, {
          who: "tjk",
          chunks: endless(),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
        413,
      );
      expectRefused(
        await send("POST", "/login", {
          chunks: chunked(10 * 1024 * 1024),
          headers: { "Content-Type": "multipart/form-data; boundary=x" },
        }),
        413,
      );
    });
  });

  it("any other type, any route, any method: 413", async () => {
    await expectNothingStored(async () => {
      expectApiRefused(
        await send("POST", `/api/cases/${draftedCase}/events`, {
          who: "tjk",
          raw: TEN_MB,
          headers: { "Content-Type": "text/plain" },
        }),
        413,
      );
      expectRefused(await send("PUT", "/dashboard", { raw: TEN_MB }), 413);
      expectRefused(await send("GET", "/healthz", { raw: TEN_MB }), 413);
    });
  });

  it("a body within the limit is read as usual", async () => {
    const res = await send("POST", "/api/session", {
      json: { email: "nobody@example.org", password: "x".repeat(200 * 1024) },
    });
    expectApiRefused(res, 400);
    expect(jsonOf(res).fields).toEqual({ password: "must be at most 1,024 characters" });
  });

  it("Socket.IO: a long-polling POST declaring 10 MB is refused with 413 before it is read, with a session id or not", async () => {
    const handshake = await send("GET", "/socket.io/?EIO=4&transport=polling", { who: "expert" });
    expect(handshake.status).toBe(200);
    const sid = JSON.parse(handshake.text.slice(1)).sid as string;
    for (const path of [
      `/socket.io/?EIO=4&transport=polling&sid=${sid}`,
      "/socket.io/?EIO=4&transport=polling&sid=unknown",
      "/socket.io/?EIO=4&transport=polling",
    ]) {
      const res = await send("POST", path, {
        raw: TEN_MB,
        headers: { "Content-Type": "text/plain;charset=UTF-8" },
      });
      expectRefused(res, 413);
    }
  });

  it("Socket.IO: a chunked long-polling POST past 4 MiB is answered 413 by the engine as it streams", async () => {
    const handshake = await send("GET", "/socket.io/?EIO=4&transport=polling", { who: "expert" });
    const sid = JSON.parse(handshake.text.slice(1)).sid as string;
    const res = await send("POST", `/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
      chunks: endless(),
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
    });
    expect(res.status).toBe(413);
    expect((await send("GET", "/healthz")).status).toBe(200);
  });
});

describe("bad input answers 4xx, never 500 (finding 5)", () => {
  it("NUL and lone surrogates in every text field of the API: 400 with a sentence", async () => {
    await expectNothingStored(async () => {
      for (const bad of [NUL, LONE_HIGH, LONE_LOW]) {
        const signIn = await send("POST", "/api/session", {
          json: { email: `x${bad}@cted.example`, password: "x" },
        });
        expectApiRefused(signIn, 400);
        expect(jsonOf(signIn).fields?.email).toMatch(bad === NUL ? /NUL/ : /broken character/);
        expectApiRefused(
          await send("POST", "/api/session", { json: { email: DEMO_ACCOUNTS.expert, password: bad } }),
          400,
        );
        expectApiRefused(
          await send("POST", `/api/tasks/${openTask}/comments`, { who: "expert", json: { body: bad } }),
          400,
        );
        expectApiRefused(
          await send("POST", `/api/cases/${draftedCase}/events`, {
            who: "tjk",
            json: { type: "REQUEST_CHANGES", version: 1, reason: `Because ${bad}` },
          }),
          400,
        );
        expectApiRefused(
          await send("POST", `/api/tasks/${openTask}/events`, {
            who: "expert",
            json: { type: "CANCEL", version: 1, reason: bad },
          }),
          400,
        );
        expectApiRefused(
          await send("POST", `/api/cases/${draftedCase}/tasks`, {
            who: "expert",
            json: { title: `Title ${bad}`, assigneeOrgId: "x", dueAt: "2027-01-31" },
          }),
          400,
        );
        expectApiRefused(
          await send("POST", `/api/cases/${draftedCase}/tasks`, {
            who: "expert",
            json: { title: "A fine title", description: bad, assigneeUserId: `u${bad}`, dueAt: "2027-01-31" },
          }),
          400,
        );
      }
      // An address cannot carry a lone surrogate (UTF-8 has none): NUL is the hostile one there.
      expectApiRefused(await send("GET", `/api/cases?q=${encodeURIComponent(NUL)}`, { who: "expert" }), 400);
      expectApiRefused(
        await send("GET", `/api/cases?owner=${encodeURIComponent(NUL)}`, { who: "expert" }),
        400,
      );
    });
  });

  it("NUL in the forms' text fields: 400 on the page", async () => {
    await expectNothingStored(async () => {
      expectRefused(
        await send("POST", "/login", { form: { email: `x${NUL}@cted.example`, password: "x" } }),
        400,
      );
      expectRefused(
        await send("POST", `/tasks/${openTask}/comments`, { who: "expert", form: { body: NUL } }),
        400,
      );
      expectRefused(
        await send("POST", `/cases/${draftedCase}`, {
          who: "tjk",
          form: { type: "REQUEST_CHANGES", version: "1", reason: NUL },
        }),
        400,
      );
      expectRefused(
        await send("POST", `/cases/${draftedCase}`, {
          who: "expert",
          form: { intent: "task-create", title: `T ${NUL}`, assignee: "org:x", dueAt: "2027-01-31" },
        }),
        400,
      );
      // The list page ignores a filter it cannot use, and says so.
      expect((await send("GET", `/cases?q=${encodeURIComponent(NUL)}`, { who: "expert" })).status).toBe(200);
    });
  });

  it("NUL or a broken %-encoding in the address: 400 (the API's JSON for /api), never Express's page", async () => {
    for (const path of [
      "/api/cases/%00",
      "/api/cases/%FF",
      "/api/tasks/%E0%A4/events",
      "/api/cases/%00/history",
    ]) {
      expectApiRefused(await send("GET", path, { who: "expert" }));
    }
    for (const path of ["/cases/%FF", "/cases/%00/edit", "/%FF", "/build/%FF.js"]) {
      const res = await send("GET", path, { who: "expert" });
      expectRefused(res, 400);
      expect(res.headers["content-type"]).not.toMatch(/html/);
    }
    expectApiRefused(await send("POST", "/api/tasks/%00/comments", { who: "expert", json: { body: "x" } }));
  });

  it("ids that cannot be ids are 404, as an unknown one, before the database", async () => {
    for (const id of ["a b", "x".repeat(65), "é", "a'b", "..", "%2F"]) {
      expectApiRefused(await send("GET", `/api/cases/${encodeURIComponent(id)}`, { who: "expert" }), 404);
      expectApiRefused(
        await send("POST", `/api/tasks/${encodeURIComponent(id)}/events`, {
          who: "expert",
          json: { type: "START", version: 1 },
        }),
        404,
      );
      // ("/cases/.." is the static files' business: it is "/").
      if (id !== "..")
        expectRefused(await send("GET", `/cases/${encodeURIComponent(id)}`, { who: "expert" }), 404);
    }
  });

  it("dates out of range (+275760, -000001) are 400 for the API and the forms", async () => {
    await expectNothingStored(async () => {
      for (const dueAt of ["+275760-09-13", "-000001-01-01", "275760-09-13", "0000-01-01", "9999-12-31"]) {
        const res = await send("POST", `/api/cases/${draftedCase}/tasks`, {
          who: "expert",
          json: { title: "Out of range", assigneeUserId: "x", dueAt },
        });
        expectApiRefused(res, 400);
        expect(jsonOf(res).fields?.dueAt).toBeTruthy();
        expectRefused(
          await send("POST", `/cases/${draftedCase}`, {
            who: "expert",
            form: { intent: "task-create", title: "Out of range", assignee: "org:x", dueAt },
          }),
          400,
        );
      }
    });
  });

  it("form routes sent JSON, text or broken multipart: 415 / 400 on the page", async () => {
    await expectNothingStored(async () => {
      const body = JSON.stringify({ email: DEMO_ACCOUNTS.expert, password: DEMO_PASSWORD });
      expectRefused(
        await send("POST", "/login", { raw: body, headers: { "Content-Type": "application/json" } }),
        415,
      );
      expectRefused(
        await send("POST", "/login", { raw: "email=x", headers: { "Content-Type": "text/plain" } }),
        415,
      );
      expectRefused(await send("POST", "/login", { raw: "email=x" }), 415);
      expectRefused(
        await send("POST", "/login", {
          raw: "--x\r\nbroken",
          headers: { "Content-Type": "multipart/form-data; boundary=x" },
        }),
        400,
      );
      expectRefused(
        await send("POST", "/login", { raw: "whatever", headers: { "Content-Type": "multipart/form-data" } }),
        400,
      );
      expectRefused(
        await send("POST", `/cases/${draftedCase}`, {
          who: "tjk",
          raw: '{"type":"AGREE","version":1}',
          headers: { "Content-Type": "application/json" },
        }),
        415,
      );
      expectRefused(
        await send("POST", `/tasks/${openTask}/events`, {
          who: "partner",
          raw: '{"type":"START","version":1}',
          headers: { "Content-Type": "application/json" },
        }),
        415,
      );
      expectRefused(
        await send("POST", "/me/notifications", {
          who: "tjk",
          raw: "intent=read",
          headers: { "Content-Type": "text/plain" },
        }),
        415,
      );
      const file =
        '--b\r\nContent-Disposition: form-data; name="body"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n';
      expectRefused(
        await send("POST", `/tasks/${openTask}/comments`, {
          who: "expert",
          raw: file,
          headers: { "Content-Type": "multipart/form-data; boundary=b" },
        }),
        400,
      );
    });
  });

  it("PUT and DELETE on page routes: 405, and nothing done (a DELETE /login does not sign in)", async () => {
    await expectNothingStored(async () => {
      const form = { email: DEMO_ACCOUNTS.expert, password: DEMO_PASSWORD };
      for (const method of ["PUT", "DELETE", "PATCH"]) {
        const login = await send(method, "/login", { form });
        expectRefused(login, 405);
        expect(login.headers["set-cookie"]).toBeUndefined();
        expectRefused(await send(method, "/dashboard", { who: "expert", form: {} }), 405);
        expectRefused(
          await send(method, `/cases/${draftedCase}`, { who: "tjk", form: { type: "AGREE", version: "1" } }),
          405,
        );
        expectRefused(await send(method, `/cases/${draftedCase}/edit`, { who: "expert", form: {} }), 405);
        expectRefused(
          await send(method, `/tasks/${openTask}/events`, {
            who: "partner",
            form: { type: "START", version: "1" },
          }),
          405,
        );
        expectRefused(await send(method, "/me/notifications", { who: "tjk", form: { intent: "read" } }), 405);
        expectRefused(await send(method, "/logout", { who: "observer" }), 405);
      }
    });
  });
});

describe("wrong types are refused, not converted (finding 6)", () => {
  it('{"type":"START","version":true} does not start a task, nor a case event with version true', async () => {
    await expectNothingStored(async () => {
      for (const version of [true, false, "1", 1.5, 0, -1, 2 ** 31, null, [1], { n: 1 }]) {
        const task = await send("POST", `/api/tasks/${openTask}/events`, {
          who: "partner",
          json: { type: "START", version },
        });
        expectApiRefused(task, 400);
        expect(jsonOf(task).fields?.version).toMatch(/^(must|is) /);
        expectApiRefused(
          await send("POST", `/api/cases/${draftedCase}/events`, {
            who: "tjk",
            json: { type: "AGREE", version },
          }),
          400,
        );
      }
      expectRefused(
        await send("POST", `/tasks/${openTask}/events`, {
          who: "partner",
          form: { type: "START", version: "true" },
        }),
        400,
      );
    });
  });

  it("a dueAt of true, 0 or 2027-02-30 is refused with a sentence, not stored as 1970 or 2 March", async () => {
    await expectNothingStored(async () => {
      const cases: [unknown, RegExp][] = [
        [true, /^must be text$/],
        [0, /^must be text$/],
        [1_800_000_000_000, /^must be text$/],
        ["2027-02-30", /^is not a day of the calendar \(2027-02-30 does not exist\)$/],
        ["2027-13-01", /does not exist/],
        ["2027-2-3", /^must be a date written YYYY-MM-DD/],
        ["2027-03-01T00:00:00Z", /^must be a date written YYYY-MM-DD/],
        ["1999-12-31", /^must be between 1 January 2000 and 31 December 2100$/],
        ["2101-01-01", /^must be between 1 January 2000 and 31 December 2100$/],
      ];
      for (const [dueAt, message] of cases) {
        const res = await send("POST", `/api/cases/${draftedCase}/tasks`, {
          who: "expert",
          json: { title: "A real task", assigneeUserId: "someone", dueAt },
        });
        expectApiRefused(res, 400);
        expect(jsonOf(res).fields?.dueAt).toMatch(message);
      }
    });
  });
});

describe("smaller ones (finding 10)", () => {
  it("an observer's or a focal point's POST /cases/:id/edit answers 403, as GET does, and changes nothing", async () => {
    const c = await prisma().case.findUniqueOrThrow({ where: { id: draftedCase } });
    const form = {
      area: c.area,
      title: "Taken over",
      text: "Rewritten",
      priority: "LOW",
      ownerId: c.ownerId,
      dueAt: "",
      version: String(c.version),
    };
    await expectNothingStored(async () => {
      for (const who of ["observer", "tjk"] as const) {
        expectRefused(await send("POST", `/cases/${draftedCase}/edit`, { who, form }), 403);
        expectRefused(await send("GET", `/cases/${draftedCase}/edit`, { who }), 403);
      }
      // Another State's focal point does not see the case at all.
      expectRefused(await send("POST", `/cases/${draftedCase}/edit`, { who: "kaz", form }), 404);
    });
  });

  it("the socket origin check compares scheme and host: https://host is not this http app", async () => {
    const host = new URL(app.url).host;
    const handshake = (origin: string) =>
      send("GET", "/socket.io/?EIO=4&transport=polling", { who: "expert", headers: { Origin: origin } });
    expect((await handshake(`http://${host}`)).status).toBe(200);
    for (const origin of [
      `https://${host}`,
      `ws://${host}`,
      `http://${host}.evil.example`,
      "null",
      "http://evil.example",
    ]) {
      expect((await handshake(origin)).status, origin).toBe(403);
    }
    // The load balancer's X-Forwarded-Proto says which scheme the app is reached by.
    const viaHttps = await send("GET", "/socket.io/?EIO=4&transport=polling", {
      who: "expert",
      headers: { Origin: `https://${host}`, "X-Forwarded-Proto": "https" },
    });
    expect(viaHttps.status).toBe(200);
  });

  it("so does the check on state-changing requests", async () => {
    const host = new URL(app.url).host;
    await expectNothingStored(async () => {
      const res = await send("POST", `/api/tasks/${openTask}/comments`, {
        who: "expert",
        json: { body: "From elsewhere" },
        headers: { Origin: `https://${host}` },
      });
      expectApiRefused(res, 403);
    });
  });
});

// ---- Generated input: wrong values for every field of every body --------------------------

/** Values that are wrong for a text field, whatever its limits. */
const badText = fc.oneof(
  fc.constantFrom(true, false, 0, 1, null, [], {}, ["a"]),
  fc
    .tuple(fc.string(), fc.constantFrom("\u0000", "\ud800", "\udc00", "\udbff"), fc.string())
    .map(([a, bad, b]) => `${a}${bad}${b}`),
);
const badVersion = fc.oneof(
  fc.constantFrom(true, false, null, "1", "", [], {}, 0, -1, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e300),
  fc.string(),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((n) => !Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1),
);
const badDate = fc.oneof(
  fc.constantFrom(
    true,
    false,
    0,
    1,
    null,
    "2027-02-30",
    "2027-02-29",
    "2026-04-31",
    "+275760-09-13",
    "-000001-01-01",
    "1999-12-31",
    "2101-01-01",
    "2027-1-1",
    "2027-01-01T00:00:00Z",
    "01/02/2027",
    "tomorrow",
  ),
  fc
    .date({
      noInvalidDate: true,
      min: new Date(Date.UTC(-270000, 0, 1)),
      max: new Date(Date.UTC(270000, 0, 1)),
    })
    .filter((d) => d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 2100)
    .map((d) => d.toISOString().slice(0, 10)),
  fc.string().filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)),
);
/** Anything but one of `allowed`. */
const badEnum = (...allowed: string[]) =>
  fc
    .oneof(fc.constantFrom(true, 0, null, "", "agree", "START ", "DROP TABLE"), fc.string())
    .filter((v) => !allowed.includes(v as string));
const CASE_EVENTS = ["AGREE", "REQUEST_CHANGES", "START", "SUBMIT_EVIDENCE", "RETURN", "VERIFY", "REOPEN"];
const TASK_EVENTS = ["ACCEPT", "DECLINE", "START", "COMPLETE", "CANCEL", "REOPEN"];
const anyValue = fc.jsonValue();

/** A body with at least one field wrong (the `wrong` keys), the others anything at all. */
function bodyWith(
  wrong: Record<string, fc.Arbitrary<unknown>>,
  others: Record<string, fc.Arbitrary<unknown>>,
) {
  const names = Object.keys(wrong);
  return fc
    .tuple(
      fc.constantFrom(...names),
      fc.record(wrong),
      fc.record(Object.fromEntries(Object.entries(others).map(([k, v]) => [k, fc.oneof(v, anyValue)])), {
        requiredKeys: [],
      }),
    )
    .map(([broken, wrongValues, rest]) => ({ ...rest, [broken]: wrongValues[broken] }));
}

/** Whole bodies that are not an object of the right shape at all. */
const notAnObject = fc.oneof(
  fc.jsonValue().filter((v) => typeof v !== "object" || v === null || Array.isArray(v)),
  fc.constant({}),
);

const RUNS = 24;

describe("generated: the API's JSON bodies", () => {
  async function property(
    path: string,
    who: Who | undefined,
    arbitrary: fc.Arbitrary<unknown>,
    method = "POST",
  ) {
    await expectNothingStored(async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (body) => {
          expectApiRefused(await send(method, path, { who, json: body }));
        }),
        { numRuns: RUNS },
      );
      // Bytes that are not JSON, or not UTF-8.
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (bytes) => {
          expectApiRefused(
            await send(method, path, {
              who,
              raw: Buffer.concat([Buffer.from("{"), Buffer.from(bytes)]),
              headers: { "Content-Type": "application/json" },
            }),
          );
        }),
        { numRuns: 6 },
      );
    });
  }

  it("POST /api/session", () =>
    property(
      "/api/session",
      undefined,
      fc.oneof(
        bodyWith({ email: badText, password: badText }, { email: fc.emailAddress(), password: fc.string() }),
        notAnObject,
      ),
    ));

  it("POST /api/cases/:id/events", () =>
    property(
      `/api/cases/${draftedCase}/events`,
      "tjk",
      fc.oneof(
        bodyWith(
          { type: badEnum(...CASE_EVENTS), version: badVersion, reason: badText },
          { type: fc.constant("AGREE"), version: fc.constant(1) },
        ),
        notAnObject,
      ),
    ));

  it("POST /api/cases/:id/tasks", () =>
    property(
      `/api/cases/${draftedCase}/tasks`,
      "expert",
      fc.oneof(
        bodyWith(
          {
            title: badText,
            description: badText,
            assigneeUserId: badText,
            assigneeOrgId: badText,
            dueAt: badDate,
          },
          {
            title: fc.constant("A generated task"),
            assigneeOrgId: fc.constant("x"),
            dueAt: fc.constant("2027-01-31"),
          },
        ),
        notAnObject,
      ),
    ));

  it("POST /api/tasks/:id/events", () =>
    property(
      `/api/tasks/${openTask}/events`,
      "partner",
      fc.oneof(
        bodyWith(
          { type: badEnum(...TASK_EVENTS), version: badVersion, reason: badText },
          { type: fc.constant("START"), version: fc.constant(1) },
        ),
        notAnObject,
      ),
    ));

  it("POST /api/tasks/:id/comments", () =>
    property(
      `/api/tasks/${openTask}/comments`,
      "expert",
      fc.oneof(bodyWith({ body: badText }, {}), notAnObject),
    ));

  it("POST /api/me/notifications", () =>
    property(
      "/api/me/notifications",
      "tjk",
      fc.oneof(
        bodyWith(
          {
            read: fc.oneof(
              badEnum("all"),
              fc.array(
                fc.oneof(
                  badText,
                  fc.integer(),
                  fc.string().filter((s) => !/^\d{1,18}$/.test(s)),
                ),
                { minLength: 1, maxLength: 3 },
              ),
            ),
          },
          {},
        ),
        notAnObject,
      ),
    ));

  it("GET /api/cases with generated query parameters", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            "country",
            "state",
            "area",
            "owner",
            "overdue",
            "dueSoon",
            "q",
            "sort",
            "page",
            "pageSize",
          ),
          fc.string({ unit: "binary", maxLength: 30 }),
          { minKeys: 1, maxKeys: 4 },
        ),
        async (query) => {
          const res = await send("GET", `/api/cases?${new URLSearchParams(query)}`, { who: "expert" });
          expect([200, 400], res.text.slice(0, 200)).toContain(res.status);
          if (res.status === 400) expectApiRefused(res, 400);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("generated: the pages' forms", () => {
  /** Text that no text field takes: with a NUL, or far too long for any field but a case's text. */
  const badFormText = fc.oneof(
    fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}\u0000${b}`),
    fc.constant("x".repeat(20_001)),
  );
  const badFormVersion = fc.oneof(
    fc.constantFrom("true", "false", "", "1.5", "-1", "0", "1e3", "99999999999", "one"),
    fc.string().filter((s) => !/^\s*\d+\s*$/.test(s)),
  );
  const badFormDate = badDate.filter((d): d is string => typeof d === "string");
  const anyText = fc.string({ maxLength: 20 });

  function formWith(
    wrong: Record<string, fc.Arbitrary<string>>,
    others: Record<string, fc.Arbitrary<string>>,
  ) {
    return bodyWith(wrong, others).map((body) =>
      Object.fromEntries(
        Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
      ),
    );
  }

  async function property(
    path: string,
    who: Who | undefined,
    arbitrary: fc.Arbitrary<Record<string, string>>,
  ) {
    await expectNothingStored(async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (form) => {
          expectRefused(await send("POST", path, { who, form }));
        }),
        { numRuns: 16 },
      );
    });
  }

  it("POST /login", () =>
    property(
      "/login",
      undefined,
      formWith(
        { email: badFormText, password: badFormText },
        { email: fc.emailAddress(), password: anyText, redirectTo: anyText },
      ),
    ));

  it("POST /cases/:id (workflow events and new tasks)", async () => {
    await property(
      `/cases/${draftedCase}`,
      "tjk",
      formWith(
        {
          version: badFormVersion,
          reason: badFormText,
          type: anyText.filter((t) => !["AGREE", "REQUEST_CHANGES"].includes(t)),
        },
        { type: fc.constant("AGREE"), version: fc.constant("1") },
      ),
    );
    await property(
      `/cases/${draftedCase}`,
      "expert",
      formWith(
        { title: badFormText, description: badFormText, dueAt: badFormDate },
        {
          intent: fc.constant("task-create"),
          title: fc.constant("A generated task"),
          assignee: fc.constant("org:x"),
          dueAt: fc.constant("2027-01-31"),
        },
      ).map((f) => ({ ...f, intent: "task-create" })),
    );
  });

  it("POST /tasks/:id/events and /tasks/:id/comments", async () => {
    await property(
      `/tasks/${openTask}/events`,
      "partner",
      formWith(
        {
          version: badFormVersion,
          reason: badFormText,
          type: anyText.filter((t) => t !== "START" && t !== "COMPLETE"),
        },
        { type: fc.constant("START"), version: fc.constant("1"), redirectTo: anyText },
      ),
    );
    await property(
      `/tasks/${openTask}/comments`,
      "expert",
      formWith({ body: badFormText }, { redirectTo: anyText }),
    );
  });

  it("POST /cases/new and /cases/:id/edit", async () => {
    await property(
      "/cases/new",
      "expert",
      formWith(
        {
          title: badFormText,
          text: fc.constant("x".repeat(20_001)),
          dueAt: badFormDate,
          assessmentId: badFormText,
          ownerId: badFormText,
        },
        {},
      ),
    );
    await property(
      `/cases/${draftedCase}/edit`,
      "expert",
      formWith(
        { title: badFormText, dueAt: badFormDate, version: badFormVersion, ownerId: badFormText },
        { area: fc.constant("border-control"), priority: fc.constant("LOW") },
      ),
    );
  });

  it("POST /me/notifications", () =>
    property(
      "/me/notifications",
      "tjk",
      formWith(
        { intent: anyText.filter((t) => t !== "read" && t !== "email"), id: badFormText },
        { intent: fc.constant("read") },
      ).map((f) => (f.intent === "read" ? { ...f, id: `x${f.id ?? ""}` } : f)),
    ));
});

it("the server is still up after all of it", async () => {
  expect((await send("GET", "/healthz")).status).toBe(200);
  expect((await send("GET", "/api/cases?pageSize=1", { who: "expert" })).status).toBe(200);
});
