// `npm run bench`: the case list, the dashboard, a case's page and workflow transitions through
// the real HTTP API, beside the same work done as raw SQL on the same database in the same run.
//   `npm run seed:large`'s data (default 100,000 cases over 60 States: --cases N --states N);
//   list: a filtered page of 50 for each filter (p50/p95); dashboard and case page (p50/p95);
//   transitions per second with 1 and 8 concurrent clients. Embedded PGlite always; PostgreSQL 15
//   too when its server binaries are installed (skip with --pglite-only).
// Not a test: it prints figures and ratios; docs/performance.md records them.
import { parseArgs } from "node:util";

import { runPerDatabase } from "./per-database.ts";

const { values: options } = parseArgs({
  options: {
    cases: { type: "string", default: "100000" },
    states: { type: "string", default: "60" },
    "pglite-only": { type: "boolean" },
    child: { type: "string" },
  },
});
const CASES = Number(options.cases);
const STATES = Number(options.states);
const LIST_WARMUP = 30;
const LIST_SAMPLES = 300;
const TRANSITIONS = { 1: 300, 8: 800 } as const;

if (options.child) {
  await runChild(options.child);
} else {
  await runPerDatabase("bench/cases.ts", [`--cases=${CASES}`, `--states=${STATES}`]);
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
function fmt(n: number) {
  return n >= 100 ? n.toFixed(0) : n.toFixed(2);
}

async function runChild(kind: string) {
  const { prepareDatabase } = await import("~/db/prepare.server.ts");
  const { database, closeDatabase } = await import("~/db/client.server.ts");
  const { hashPassword } = await import("~/domain/auth.server.ts");
  const { seedLarge } = await import("~prisma/seed/large.ts");
  const { startApp } = await import("~tests/helpers/server.ts");

  // --- data: the demo's accounts, and seed:large's States, cases, tasks and history -------------
  await prepareDatabase({ seed: true });
  const seeded = performance.now();
  const { countryCodes: codes } = await seedLarge(database().sql, {
    cases: CASES,
    states: STATES,
    passwordHash: await hashPassword("bench-password"),
  });
  console.log(`(${kind}: seed:large took ${((performance.now() - seeded) / 1000).toFixed(1)} s)`);
  const { sql } = database();
  // Neither start-up job runs while measuring: they are benchmarked by bench:reminders.
  await sql.exec(
    `INSERT INTO "ScheduledJob" (name, "lastRunAt") VALUES ('reminders', now()), ('maintenance', now())
     ON CONFLICT (name) DO UPDATE SET "lastRunAt" = now()`,
  );

  // --- the real app in its own process, as `npm start` runs it (one PGlite per data folder: this
  // process lets go of the database while the app has it, and takes it back for raw SQL) --------
  const focalIds = new Map(codes.map((code) => [code, `lfocal-${code}`]));
  const drafted = new Map<string, { id: string; version: number }[]>();
  for (const row of await sql.query<{ id: string; countryCode: string; version: number }>(
    `SELECT id, "countryCode", version FROM "Case" WHERE state = 'drafted' AND id LIKE 'lcase-%' ORDER BY id`,
  )) {
    if (!drafted.has(row.countryCode)) drafted.set(row.countryCode, []);
    drafted.get(row.countryCode)!.push(row);
  }
  const [{ id: sampleCase } = { id: "" }] = await sql.query<{ id: string }>(
    `SELECT id FROM "Case" WHERE id LIKE 'lcase-%' AND state = 'in_progress' ORDER BY id LIMIT 1 OFFSET 100`,
  );
  await closeDatabase();
  const app = await startApp(
    process.env.DATABASE_URL
      ? { NODE_ENV: "production" }
      : { NODE_ENV: "production", DATA_DIR: process.env.DATA_DIR! },
  );
  const base = app.url;
  const signIn = async (email: string, password = "bench-password") => {
    const res = await fetch(`${base}/api/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status}`);
    return res.headers.get("set-cookie")!.split(";")[0]!;
  };
  const expertCookie = await signIn("expert@cted.example", "followup-demo");
  const focalCookies = new Map<string, string>();
  for (const code of codes) focalCookies.set(code, await signIn(`focal@${code.toLowerCase()}.large.example`));

  // --- list: a filtered page of 50, each filter the page offers ---------------------------------
  // The raw SQL is the best plain statement for the same page and count: no session, no scope
  // (CTED sees every case), run in-process.
  const listSelect = `SELECT c.id, c.ref, c.title, c."countryCode", c.area, c.priority, c.state, c."stateValue", c.version, c."dueAt", c."updatedAt", u.id AS owner_id, u.name AS owner_name
    FROM "Case" c JOIN "User" u ON u.id = c."ownerId"`;
  const search = `(c.ref || ' ' || c.title || ' ' || c.text) ILIKE '%airport%'`;
  const filters = [
    {
      name: "State and state",
      qs: (code: string) => `country=${code}&state=drafted`,
      where: `c."countryCode" = $1 AND c.state = 'drafted'`,
    },
    {
      name: "area and overdue",
      qs: () => `area=border-control&overdue=true`,
      where: `c.area = 'border-control' AND c."dueAt" < date_trunc('day', now() AT TIME ZONE 'UTC') AND c.state <> 'verified' AND $1::text IS NOT NULL`,
    },
    { name: "free text", qs: () => `q=airport`, where: `${search} AND $1::text IS NOT NULL` },
    {
      name: "State and free text",
      qs: (code: string) => `country=${code}&q=airport`,
      where: `c."countryCode" = $1 AND ${search}`,
    },
  ];
  const listApi = (f: (typeof filters)[number]) => async (i: number) => {
    const res = await fetch(`${base}/api/cases?${f.qs(codes[i % STATES]!)}&pageSize=50`, {
      headers: { Cookie: expertCookie },
    });
    const body = await res.json();
    if (res.status !== 200 || !Array.isArray(body.items)) throw new Error(`list: ${res.status}`);
  };
  const listSql = (f: (typeof filters)[number]) => async (i: number) => {
    const params = [codes[i % STATES]!];
    await database().sql.query(
      `SELECT n.total, p.* FROM (SELECT count(*) AS total FROM "Case" c WHERE ${f.where}) n
       LEFT JOIN LATERAL (${listSelect} WHERE ${f.where} ORDER BY c.ref LIMIT 50) p ON true`,
      params,
    );
  };
  const page = (path: string) => async () => {
    const res = await fetch(`${base}${path}`, { headers: { Cookie: expertCookie } });
    await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  };
  const measure = async (fn: (i: number) => Promise<void>) => {
    for (let i = 0; i < LIST_WARMUP; i++) await fn(i);
    const times: number[] = [];
    for (let i = 0; i < LIST_SAMPLES; i++) {
      const t = performance.now();
      await fn(i);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  };
  const take = (code: string) => {
    const next = drafted.get(code)!.pop();
    if (!next) throw new Error(`no drafted case left for ${code}`);
    return next;
  };
  const agreeApi = async (code: string) => {
    const c = take(code);
    const res = await fetch(`${base}/api/cases/${c.id}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: focalCookies.get(code)! },
      body: JSON.stringify({ type: "AGREE", version: c.version }),
    });
    if (res.status !== 200) throw new Error(`AGREE: ${res.status} ${await res.text()}`);
  };
  // The same write as raw SQL: check the version, update the state and snapshot, append history.
  const agreeSql = async (code: string) => {
    const c = take(code);
    await database().sql.transaction(async (run) => {
      const rows = await run(`SELECT version FROM "Case" WHERE id = $1 AND "countryCode" = $2 FOR UPDATE`, [
        c.id,
        code,
      ]);
      if (rows.length !== 1) throw new Error("missing");
      const updated = await run(
        `UPDATE "Case" SET state = 'agreed', "stateValue" = 'agreed', snapshot = jsonb_set(snapshot, '{value}', '"agreed"'), version = version + 1, "updatedAt" = now()
         WHERE id = $1 AND version = $2 RETURNING id`,
        [c.id, c.version],
      );
      if (updated.length !== 1) throw new Error("conflict");
      await run(
        `INSERT INTO "CaseEvent" ("caseId", "actorId", type, "fromState", "toState") VALUES ($1, $2, 'AGREE', 'drafted', 'agreed')`,
        [c.id, focalIds.get(code)],
      );
    });
  };
  const rate = async (fn: (code: string) => Promise<void>, clients: 1 | 8) => {
    const total = TRANSITIONS[clients];
    let done = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, k) => {
        while (done < total) {
          done++;
          await fn(codes[(k + done) % STATES]!);
        }
      }),
    );
    return total / ((performance.now() - t) / 1000);
  };
  // For context: the cost of any HTTP round trip here, with no database work.
  const floor = await measure(async () => void (await (await fetch(`${base}/healthz`)).text()));
  const listA = [];
  for (const f of filters) listA.push(await measure(listApi(f)));
  const dashboardPage = await measure(page("/dashboard"));
  const casePage = await measure(page(`/cases/${sampleCase}`));
  const t1Api = await rate(agreeApi, 1);
  const t8Api = await rate(agreeApi, 8);
  await app.stop();
  const listS = [];
  for (const f of filters) listS.push(await measure(listSql(f)));
  const t1Sql = await rate(agreeSql, 1);
  const t8Sql = await rate(agreeSql, 8);

  const ms = (m: { p50: number; p95: number }) => `p50 ${fmt(m.p50)} ms  p95 ${fmt(m.p95)} ms`;
  console.log(`\n== ${kind}: ${CASES} cases over ${STATES} States ==`);
  console.log(`HTTP floor (GET /healthz, no database)          ${ms(floor)}`);
  for (const [i, f] of filters.entries())
    console.log(
      `list, ${f.name.padEnd(20)} (${LIST_SAMPLES} pages of 50)  API ${ms(listA[i]!)} | raw SQL ${ms(listS[i]!)} | p95 ${(listA[i]!.p95 / listS[i]!.p95).toFixed(2)}x raw SQL (aim: p95 <= 40 ms and <= 2x)`,
    );
  console.log(`dashboard page (GET /dashboard, CTED)           ${ms(dashboardPage)} (aim: p95 <= 30 ms)`);
  console.log(`case page (GET /cases/:id, CTED)                ${ms(casePage)} (aim: p95 <= 30 ms)`);
  for (const [clients, api, raw] of [
    [1, t1Api, t1Sql],
    [8, t8Api, t8Sql],
  ] as const) {
    console.log(
      `transitions, ${clients} client${clients > 1 ? "s" : " "} (${TRANSITIONS[clients]} AGREE)        API ${fmt(api)}/s | raw SQL ${fmt(raw)}/s | API at ${((api / raw) * 100).toFixed(0)}% of raw SQL (aim >= 33%)`,
    );
  }
  await closeDatabase();
}
