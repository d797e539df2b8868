// `npm run bench`: the case list and workflow transitions through the real HTTP API, beside the
// same work done as raw SQL on the same database in the same run.
//   10,000 cases over 20 States; list: a filtered page of 50 (p50/p95); transitions per second
//   with 1 and 8 concurrent clients. Embedded PGlite always; PostgreSQL 15 too when its server
//   binaries are installed (skip with --pglite-only).
// Not a test: it prints figures and ratios; docs/performance.md records them.
import { runPerDatabase } from "./per-database.ts";

const CASES = 10_000;
const STATES = 20;
const LIST_WARMUP = 30;
const LIST_SAMPLES = 300;
const TRANSITIONS = { 1: 300, 8: 800 } as const;

const target = process.argv[2];
if (target === "--child") {
  await runChild(process.argv[3]!);
} else {
  await runPerDatabase("bench/cases.ts");
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
  const { DEFAULT_THEMATIC_AREAS } = await import("~/lib/areas.ts");
  const { startApp } = await import("~tests/helpers/server.ts");

  await prepareDatabase({ seed: false });
  const db = database();
  const { prisma, sql } = db;

  // --- data: 20 States, one focal point each, one CTED expert, 10,000 cases -----------------
  const codes = Array.from(
    { length: STATES },
    (_, i) => `S${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`,
  );
  const passwordHash = await hashPassword("bench-password");
  const cted = await prisma.organization.create({ data: { name: "CTED", shortName: "CTED", kind: "CTED" } });
  const expert = await prisma.user.create({
    data: {
      email: "expert@bench",
      name: "Expert",
      role: "CTED_EXPERT",
      passwordHash,
      organizationId: cted.id,
    },
  });
  for (const code of codes) {
    const org = await prisma.organization.create({
      data: { name: `Government ${code}`, shortName: code, kind: "GOVERNMENT", countryCode: code },
    });
    await prisma.user.create({
      data: {
        email: `focal@${code.toLowerCase()}.bench`,
        name: `Focal ${code}`,
        role: "GOVERNMENT_FOCAL_POINT",
        passwordHash,
        organizationId: org.id,
      },
    });
    await prisma.assessment.create({
      data: {
        countryCode: code,
        countryName: code,
        title: `Visit ${code}`,
        visitStart: new Date("2020-01-10"),
        visitEnd: new Date("2020-01-15"),
        resolutions: ["1373 (2001)"],
        reportAdoptedAt: new Date("2020-06-01"),
      },
    });
  }
  const areas = DEFAULT_THEMATIC_AREAS.map((a) => `'${a.slug}'`).join(",");
  const areaCodes = DEFAULT_THEMATIC_AREAS.map((a) => `'${a.code}'`).join(",");
  const states = [
    "drafted",
    "drafted",
    "drafted",
    "drafted",
    "agreed",
    "in_progress.implementing",
    "in_progress.under_review",
    "verified",
    "drafted",
    "agreed",
  ];
  const stateArray = states.map((s) => `'${s}'`).join(",");
  // Snapshots in the shape workflows/runtime.ts persists.
  await sql.exec(`
    INSERT INTO "Case" (id, ref, "assessmentId", "countryCode", area, title, text, priority, "ownerId", "dueAt", state, "stateValue", snapshot, "workflowVersion", version, "updatedAt")
    SELECT 'bench-' || n, a."countryCode" || '-2020-' || (ARRAY[${areaCodes}])[1 + n % 9] || '-' || lpad(n::text, 5, '0'), a.id, a."countryCode",
      (ARRAY[${areas}])[1 + n % 9],
      'Recommendation ' || n || CASE WHEN n % 50 = 0 THEN ' on airport screening' ELSE ' on national measures' END,
      'Demo text of recommendation ' || n || ' on legislation, border control and international cooperation.',
      (ARRAY['HIGH','MEDIUM','LOW']::"Priority"[])[1 + n % 3], '${expert.id}',
      now() + ((n % 400) - 200) * interval '1 day',
      split_part(s.v, '.', 1), s.v,
      CASE WHEN s.v LIKE '%.%' THEN jsonb_build_object('value', jsonb_build_object(split_part(s.v, '.', 1), split_part(s.v, '.', 2)), 'context', jsonb_build_object('country', a."countryCode", 'submittedBy', null))
           ELSE jsonb_build_object('value', s.v, 'context', jsonb_build_object('country', a."countryCode", 'submittedBy', null)) END,
      1, 1, now()
    FROM generate_series(1, ${CASES}) AS n
    JOIN LATERAL (SELECT id, "countryCode" FROM "Assessment" ORDER BY "countryCode" OFFSET (n % ${STATES}) LIMIT 1) a ON true
    JOIN LATERAL (SELECT (ARRAY[${stateArray}])[1 + (n / ${STATES}) % 10] AS v) s ON true`);
  await sql.exec(`ANALYZE`);

  // --- the real app in its own process, as `npm start` runs it (one PGlite per data folder: this
  // process lets go of the database while the app has it, and takes it back for raw SQL) --------
  const focalIds = new Map(
    (
      await prisma.user.findMany({
        where: { role: "GOVERNMENT_FOCAL_POINT" },
        include: { organization: true },
      })
    ).map((u) => [u.organization.countryCode!, u.id]),
  );
  const drafted = new Map<string, { id: string; version: number }[]>();
  for (const row of await sql.query<{ id: string; countryCode: string; version: number }>(
    `SELECT id, "countryCode", version FROM "Case" WHERE state = 'drafted' ORDER BY id`,
  )) {
    if (!drafted.has(row.countryCode)) drafted.set(row.countryCode, []);
    drafted.get(row.countryCode)!.push(row);
  }
  await closeDatabase();
  const app = await startApp(
    process.env.DATABASE_URL
      ? { NODE_ENV: "production" }
      : { NODE_ENV: "production", DATA_DIR: process.env.DATA_DIR! },
  );
  const base = app.url;
  const signIn = async (email: string) => {
    const res = await fetch(`${base}/api/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password: "bench-password" }),
    });
    if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status}`);
    return res.headers.get("set-cookie")!.split(";")[0]!;
  };
  const expertCookie = await signIn("expert@bench");
  const focalCookies = new Map<string, string>();
  for (const code of codes) focalCookies.set(code, await signIn(`focal@${code.toLowerCase()}.bench`));

  // --- list: a filtered page of 50 ------------------------------------------------------------------
  const filters = (i: number) => {
    const code = codes[i % STATES]!;
    return [
      {
        qs: `country=${code}&state=drafted`,
        where: `"countryCode" = $1 AND state = 'drafted'`,
        params: [code],
      },
      {
        qs: `area=border-control&overdue=true`,
        where: `area = 'border-control' AND "dueAt" < now() AND state <> 'verified'`,
        params: [],
      },
      {
        qs: `country=${code}&q=airport`,
        where: `"countryCode" = $1 AND (ref ILIKE '%airport%' OR title ILIKE '%airport%' OR text ILIKE '%airport%')`,
        params: [code],
      },
    ][i % 3]!;
  };
  const listApi = async (i: number) => {
    const res = await fetch(`${base}/api/cases?${filters(i).qs}&pageSize=50`, {
      headers: { Cookie: expertCookie },
    });
    const body = await res.json();
    if (res.status !== 200 || !Array.isArray(body.items)) throw new Error(`list: ${res.status}`);
  };
  const listSql = async (i: number) => {
    const f = filters(i);
    const { sql } = database();
    await Promise.all([
      sql.query(
        `SELECT c.id, c.ref, c.title, c."countryCode", c.area, c.priority, c.state, c."stateValue", c.version, c."dueAt", c."updatedAt", u.id AS owner_id, u.name AS owner_name
         FROM "Case" c JOIN "User" u ON u.id = c."ownerId" WHERE ${f.where} ORDER BY c.ref LIMIT 50`,
        f.params,
      ),
      sql.query(`SELECT count(*) FROM "Case" WHERE ${f.where}`, f.params),
    ]);
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
  const listA = await measure(listApi);
  const t1Api = await rate(agreeApi, 1);
  const t8Api = await rate(agreeApi, 8);
  await app.stop();
  const listS = await measure(listSql);
  const t1Sql = await rate(agreeSql, 1);
  const t8Sql = await rate(agreeSql, 8);

  console.log(`\n== ${kind}: ${CASES} cases over ${STATES} States ==`);
  console.log(
    `HTTP floor (GET /healthz, no database)      p50 ${fmt(floor.p50)} ms  p95 ${fmt(floor.p95)} ms`,
  );
  console.log(
    `list (filtered page of 50, ${LIST_SAMPLES} requests)   API p50 ${fmt(listA.p50)} ms  p95 ${fmt(listA.p95)} ms | raw SQL p50 ${fmt(listS.p50)} ms  p95 ${fmt(listS.p95)} ms | p95 ratio ${(listA.p95 / listS.p95).toFixed(2)}x (aim <= 3x)`,
  );
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
