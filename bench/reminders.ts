// `npm run bench:reminders`: how much the reminders job (app/jobs/reminders.server.ts) stalls the
// app while it runs, measured from outside as a user or a load balancer sees it.
//   N cases (default 10,000; --cases 100000) over 20 States, most of them overdue or due soon,
//   owned by one CTED expert, with one focal point per State; one task per 5 cases, for partner
//   organisations (2 officers each) or for a ministry of the State (no accounts: its focal point).
//   The real app runs in its own process, as `npm start` runs it; this process probes
//   GET /healthz (no database) and GET /api/cases?pageSize=50 (as a focal point) every 20 ms.
//   - start A: the job not due. Start-up time, then the probes with the app idle (10 s).
//   - start B: the job's row removed, as on a fresh database: its first run happens at start-up.
//     Start-up time beside A's; stopped once the run is done.
//   - start C: what B recorded and sent removed again, the job due a few seconds after start-up,
//     so that the probes cover the whole first run; then repeat runs, which find everything
//     recorded (what every run after the first does, every 15 minutes). On PostgreSQL the job is
//     made due from a second connection (UPDATE "ScheduledJob", as another process would); on
//     PGlite, whose folder only the app can open, the app runs with REMINDER_EVERY_MINUTES=1/6
//     and the runs follow by themselves. Probes between runs (250 ms clear of any job) are a
//     second idle baseline, taken in between the runs.
//   A run's window comes from the app's own log line ("job done": its end and its duration); a
//   probe counts for a run when it overlaps that window.
// Embedded PGlite always; PostgreSQL 15 too when its server binaries are installed (skip with
// --pglite-only). --trace: afterwards, runs the job in this process on the same data with every
// statement timed, and prints the slow ones (where a stall comes from). BENCH_DEBUG=1 lists each
// time the app's event loop was held over 100 ms in start C, beside the jobs' windows.
// Not a test: it prints figures and ratios; docs/performance.md records them.
import { monitorEventLoopDelay } from "node:perf_hooks";

import { runPerDatabase } from "./per-database.ts";

const STATES = 20;
const PARTNERS = ["INTERPOL", "ICAO", "UNODC", "OSCE", "UNWOMEN"];
const PROBE_EVERY_MS = 20;
const IDLE_MS = 10_000;
const REPEAT_RUNS = 2;
const IDLE_MARGIN_MS = 250;
const PGLITE_EVERY_MINUTES = 1 / 6;
const SLOW_MS = 100;
// Loaded into the app process (APP_NODE_ARGS, see tests/helpers/server.ts): logs every time its
// event loop was held for more than 25 ms, measured by a 5 ms timer. What the probes see, from
// inside, without the network and this process in between.
const LOOP_MONITOR = `data:text/javascript,${encodeURIComponent(
  `let last=performance.now();setInterval(()=>{const now=performance.now();if(now-last>25)process.stdout.write(JSON.stringify({msg:"bench loop gap",end:Date.now(),ms:now-last})+"\\n");last=now},5).unref();`,
)}`;

const APP_NODE_ARGS = process.env.APP_NODE_ARGS ?? "";
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const CASES = Number(arg("--cases") ?? 10_000);
const TRACE = process.argv.includes("--trace");
if (!Number.isInteger(CASES) || CASES < STATES) throw new Error("--cases: a whole number, at least 20");

// --- figures -------------------------------------------------------------------------------------

const wall = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
function percentile(sorted: number[], p: number) {
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (n: number) =>
  Number.isNaN(n)
    ? "-"
    : n >= 1000
      ? `${(n / 1000).toFixed(2)} s`
      : n >= 100
        ? `${n.toFixed(0)} ms`
        : `${n.toFixed(1)} ms`;
const int = (n: number) => n.toLocaleString("en-US");
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

interface Probe {
  at: number;
  end: number;
  ms: number;
  ok: boolean;
  error?: string;
}
interface Window {
  job: string;
  start: number;
  end: number;
  fields: Record<string, unknown>;
}

/** One probe at a time, one every PROBE_EVERY_MS (at once after a slow one). */
function prober(url: string, headers: Record<string, string> = {}) {
  const probes: Probe[] = [];
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const at = wall();
      let ok = false;
      let error: string | undefined;
      try {
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(60_000) });
        await res.arrayBuffer();
        ok = res.status === 200;
        if (!ok) error = `status ${res.status}`;
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        error = cause?.code ?? cause?.message ?? (e as Error).message;
      }
      const end = wall();
      probes.push({ at, end, ms: end - at, ok, error });
      await sleep(Math.max(0, PROBE_EVERY_MS - (end - at)));
    }
  })();
  return { probes, stop: async () => ((stopped = true), await done) };
}

function stats(probes: Probe[]) {
  const times = probes.map((p) => p.ms).sort((a, b) => a - b);
  return {
    n: probes.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times.at(-1) ?? NaN,
    slow: probes.filter((p) => p.ms > SLOW_MS).length,
    failed: probes.filter((p) => !p.ok).length,
  };
}
type Stats = ReturnType<typeof stats>;
const overlaps = (p: Probe, w: { start: number; end: number }) => p.at < w.end && p.end > w.start;

// --- the child: one database ---------------------------------------------------------------------

async function runChild(kind: string) {
  const { prepareDatabase } = await import("~/db/prepare.server.ts");
  const { database, closeDatabase } = await import("~/db/client.server.ts");
  const { hashPassword } = await import("~/domain/auth.server.ts");
  const { DEFAULT_THEMATIC_AREAS } = await import("~/lib/areas.ts");
  const { TASK_WORKFLOW_VERSION } = await import("~workflows/task.ts");
  const { startApp, signInOver } = await import("~tests/helpers/server.ts");
  const pglite = kind === "pglite";

  // --- data ---------------------------------------------------------------------------------------
  const seedStarted = performance.now();
  await prepareDatabase({ seed: false });
  const { prisma, sql } = database();
  const codes = Array.from(
    { length: STATES },
    (_, i) => `S${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`,
  );
  const passwordHash = await hashPassword("followup-demo");
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
    const gov = await prisma.organization.create({
      data: { name: `Government ${code}`, shortName: code, kind: "GOVERNMENT", countryCode: code },
    });
    await prisma.organization.create({
      data: {
        name: `Ministry of Interior ${code}`,
        shortName: `${code}-MOI`,
        kind: "MINISTRY",
        governmentId: gov.id,
      },
    });
    await prisma.user.create({
      data: {
        email: `focal@${code.toLowerCase()}.bench`,
        name: `Focal ${code}`,
        role: "GOVERNMENT_FOCAL_POINT",
        passwordHash,
        organizationId: gov.id,
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
  for (const name of PARTNERS) {
    const org = await prisma.organization.create({ data: { name, shortName: name, kind: "PARTNER" } });
    for (const k of [1, 2]) {
      await prisma.user.create({
        data: {
          email: `officer${k}@${name.toLowerCase()}.bench`,
          name: `${name} officer ${k}`,
          role: "PARTNER_OFFICER",
          passwordHash,
          organizationId: org.id,
        },
      });
    }
  }
  const areas = DEFAULT_THEMATIC_AREAS.map((a) => `'${a.slug}'`).join(",");
  const areaCodes = DEFAULT_THEMATIC_AREAS.map((a) => `'${a.code}'`).join(",");
  // One in ten verified (never reminded); due dates from 50 days ago to 19 days ahead: 50 of every
  // 70 overdue, 15 due soon (within 14 days), 5 not yet.
  const states = [
    "drafted",
    "agreed",
    "in_progress.implementing",
    "in_progress.under_review",
    "verified",
    "drafted",
    "agreed",
    "in_progress.implementing",
    "in_progress.implementing",
    "agreed",
  ];
  const stateArray = states.map((s) => `'${s}'`).join(",");
  await sql.exec(`
    INSERT INTO "Case" (id, ref, "assessmentId", "countryCode", area, title, text, priority, "ownerId", "dueAt", state, "stateValue", snapshot, "workflowVersion", version, "updatedAt")
    SELECT 'bench-' || lpad(n::text, 6, '0'), a."countryCode" || '-2020-' || (ARRAY[${areaCodes}])[1 + n % 9] || '-' || lpad(n::text, 6, '0'), a.id, a."countryCode",
      (ARRAY[${areas}])[1 + n % 9], 'Recommendation ' || n || ' on national measures',
      'Demo text of recommendation ' || n || ' on legislation, border control and international cooperation.',
      (ARRAY['HIGH','MEDIUM','LOW']::"Priority"[])[1 + n % 3], '${expert.id}',
      date_trunc('day', now() AT TIME ZONE 'UTC') + ((n % 70) - 50) * interval '1 day',
      split_part(s.v, '.', 1), s.v,
      CASE WHEN s.v LIKE '%.%' THEN jsonb_build_object('value', jsonb_build_object(split_part(s.v, '.', 1), split_part(s.v, '.', 2)), 'context', jsonb_build_object('country', a."countryCode", 'submittedBy', null))
           ELSE jsonb_build_object('value', s.v, 'context', jsonb_build_object('country', a."countryCode", 'submittedBy', null)) END,
      1, 1, now()
    FROM generate_series(1, ${CASES}) AS n
    JOIN LATERAL (SELECT id, "countryCode" FROM "Assessment" ORDER BY "countryCode" OFFSET (n % ${STATES}) LIMIT 1) a ON true
    JOIN LATERAL (SELECT (ARRAY[${stateArray}])[1 + (n / ${STATES}) % 10] AS v) s ON true`);
  // One task per 5 cases: four in five for a partner, one in five for the State's ministry.
  await sql.exec(`
    INSERT INTO "Task" (id, "caseId", title, "assigneeOrgId", "dueAt", state, snapshot, "workflowVersion", "createdById", "updatedAt")
    SELECT 'btask-' || lpad(t.n::text, 6, '0'), c.id, 'Task ' || t.n, o.id,
      (now() AT TIME ZONE 'UTC')::date + ((t.n * 3 % 70) - 50), t.state,
      jsonb_build_object('value', t.state, 'context', jsonb_build_object('country', c."countryCode", 'assigneeUserId', null, 'assigneeOrgId', o.id, 'assigneeIsGovernment', o.kind <> 'PARTNER')),
      ${TASK_WORKFLOW_VERSION}, '${expert.id}', now()
    FROM (SELECT n, CASE WHEN n % 2 = 0 THEN 'open' ELSE 'in_progress' END AS state FROM generate_series(1, ${Math.floor(CASES / 5)}) AS n) t
    JOIN "Case" c ON c.id = 'bench-' || lpad((t.n * 5)::text, 6, '0')
    JOIN LATERAL (
      SELECT o.id, o.kind FROM "Organization" o
      WHERE CASE WHEN t.n % 5 = 0 THEN o.kind = 'MINISTRY' AND o."governmentId" = (SELECT id FROM "Organization" WHERE "countryCode" = c."countryCode")
                 ELSE o.kind = 'PARTNER' AND o."shortName" = (ARRAY[${PARTNERS.map((p) => `'${p}'`).join(",")}])[1 + t.n % ${PARTNERS.length}] END
    ) o ON true`);
  // Neither job due at start A.
  await sql.exec(
    `INSERT INTO "ScheduledJob" (name, "lastRunAt") VALUES ('reminders', now()), ('maintenance', now())`,
  );
  await sql.exec(`ANALYZE`);
  const [due] = await sql.query<{ cases: number; tasks: number; tasks_total: number }>(
    `SELECT (SELECT count(*)::int FROM "Case" WHERE state <> 'verified' AND "dueAt" < (now() AT TIME ZONE 'UTC')::date + 15) AS cases,
            (SELECT count(*)::int FROM "Task" WHERE "dueAt" < (now() AT TIME ZONE 'UTC')::date + 15) AS tasks,
            (SELECT count(*)::int FROM "Task") AS tasks_total`,
  );
  const seedMs = performance.now() - seedStarted;
  await closeDatabase();

  const appEnv = (extra: Record<string, string> = {}) => ({
    NODE_ENV: "production",
    ...(pglite ? { DATA_DIR: process.env.DATA_DIR! } : {}),
    ...extra,
  });
  /** Starts the app and follows its log: start-up time and the jobs' windows. */
  const start = async (extra?: Record<string, string>) => {
    const spawned = wall();
    process.env.APP_NODE_ARGS = `${APP_NODE_ARGS} --import=${LOOP_MONITOR}`;
    const app = await startApp(appEnv(extra));
    const windows: Window[] = [];
    const gaps: { start: number; end: number }[] = [];
    let listening = NaN;
    let failed: string | undefined;
    let buffer = "";
    const read = (text: string) => {
      buffer += text;
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        const entry = JSON.parse(line) as {
          time: string;
          msg: string;
          job?: string;
          ms?: number;
          end?: number;
        };
        if (entry.msg === "listening") listening = Date.parse(entry.time);
        if (entry.msg === "bench loop gap")
          gaps.push({ start: Number(entry.end) - entry.ms!, end: Number(entry.end) });
        if (entry.msg === "job done") {
          const end = Date.parse(entry.time);
          windows.push({ job: entry.job!, start: end - entry.ms!, end, fields: entry });
        }
        if (entry.msg === "job failed") failed = line;
      }
    };
    read(app.output());
    app.process.stdout!.on("data", (chunk: Buffer) => read(chunk.toString()));
    const runs = () => windows.filter((w) => w.job === "reminders");
    const waitForRuns = async (count: number, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (runs().length < count) {
        if (failed) throw new Error(`a job failed: ${failed}`);
        if (Date.now() > deadline)
          throw new Error(
            `waited ${timeoutMs / 1000} s for reminders run ${count}:\n${app.output().slice(-3000)}`,
          );
        await sleep(100);
      }
    };
    return { app, spawned, startupMs: listening - spawned, windows, gaps, runs, waitForRuns };
  };
  const probeBoth = (url: string, cookie: string) => ({
    health: prober(`${url}/healthz`),
    api: prober(`${url}/api/cases?pageSize=50`, { Cookie: cookie }),
  });
  const stopBoth = async (p: ReturnType<typeof probeBoth>) => {
    await Promise.all([p.health.stop(), p.api.stop()]);
    return { health: p.health.probes, api: p.api.probes };
  };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });

  // --- start A: the job not due; the idle baseline --------------------------------------------------
  const a = await start();
  const cookie = await signInOver(a.app.url, `focal@${codes[0]!.toLowerCase()}.bench`);
  await sleep(1000);
  loopDelay.enable();
  const idleFrom = wall();
  const idleProbes = probeBoth(a.app.url, cookie);
  await sleep(IDLE_MS);
  const idleGaps = a.gaps.filter((g) => g.end > idleFrom);
  const idle = await stopBoth(idleProbes);
  const idleLoop = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  const jobsDuringIdle = a.windows.length;
  await a.app.stop();

  // --- start B: the first run at start-up, as on a fresh database -------------------------------
  await database().sql.exec(`DELETE FROM "ScheduledJob" WHERE name = 'reminders'`);
  await closeDatabase();
  const b = await start();
  const timeout = Math.max(300_000, CASES * 30);
  await b.waitForRuns(1, timeout);
  const startupRun = b.runs()[0]!;
  await b.app.stop();

  // --- start C: a first run, then repeat runs, all probed ----------------------------------------
  const dueAfterMs = pglite ? a.startupMs + 3000 : 0;
  await database().sql
    .exec(`DELETE FROM "Reminder"; DELETE FROM "Notification" WHERE kind IN ('overdue', 'due_soon');
    UPDATE "ScheduledJob" SET "lastRunAt" = now() + interval '${Math.round(dueAfterMs)} milliseconds' WHERE name = 'reminders'`);
  await closeDatabase();
  const c = await start(pglite ? { REMINDER_EVERY_MINUTES: String(PGLITE_EVERY_MINUTES) } : {});
  loopDelay.reset();
  const busyProbes = probeBoth(c.app.url, cookie);
  for (let run = 1; run <= 1 + REPEAT_RUNS; run++) {
    if (!pglite) {
      // A second connection, as another process of the cluster would have; the app's next tick (30 s at most) runs it.
      await sleep(3000);
      await database().sql.exec(
        `UPDATE "ScheduledJob" SET "lastRunAt" = now() - interval '1 day' WHERE name = 'reminders'`,
      );
    }
    await c.waitForRuns(run, timeout);
  }
  if (!pglite) await closeDatabase();
  await sleep(500);
  const busy = await stopBoth(busyProbes);
  loopDelay.disable();
  const busyLoop = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  await c.app.stop();

  // --- what the runs left ---------------------------------------------------------------------------
  const [left] = await database().sql.query<{
    reminders: number;
    untold: number;
    notifications: number;
    biggest: number;
  }>(
    `SELECT (SELECT count(*)::int FROM "Reminder") AS reminders,
            (SELECT count(*)::int FROM "ReminderPending") AS untold,
            (SELECT count(*)::int FROM "Notification" WHERE kind IN ('overdue', 'due_soon')) AS notifications,
            (SELECT max(n)::int FROM (SELECT count(*) AS n FROM "Reminder" GROUP BY "userId") x) AS biggest`,
  );

  // --- report -----------------------------------------------------------------------------------------
  const runs = c.runs();
  const others = c.windows.filter((w) => w.job !== "reminders");
  const during = (probes: Probe[], ws: Window[]) =>
    probes.filter((p) => ws.some((w) => overlaps(p, w)) && !others.some((w) => overlaps(p, w)));
  const clear = (probes: Probe[]) =>
    probes.filter(
      (p) =>
        !c.windows.some((w) =>
          overlaps(p, { start: w.start - IDLE_MARGIN_MS, end: w.end + IDLE_MARGIN_MS }),
        ) && p.at < runs.at(-1)!.end,
    );
  const idleBoth = {
    health: [...idle.health, ...clear(busy.health)],
    api: [...idle.api, ...clear(busy.api)],
  };
  const cFrom = busy.health[0]!.at;
  const cTo = runs.at(-1)!.end;
  const gapsIn = (ws: { start: number; end: number }[]) =>
    c.gaps.filter((g) => ws.some((w) => overlaps({ at: g.start, end: g.end, ms: 0, ok: true }, w)));
  const clearGaps = c.gaps.filter(
    (g) =>
      g.end > cFrom &&
      g.start < cTo &&
      !c.windows.some((w) =>
        overlaps(
          { at: g.start, end: g.end, ms: 0, ok: true },
          { start: w.start - IDLE_MARGIN_MS, end: w.end + IDLE_MARGIN_MS },
        ),
      ),
  );
  if (process.env.BENCH_DEBUG) {
    for (const g of c.gaps.filter((g) => g.end - g.start > SLOW_MS)) {
      const near = c.windows
        .map(
          (w) =>
            `${w.job} [${((w.start - g.start) / 1000).toFixed(2)}, ${((w.end - g.start) / 1000).toFixed(2)}]`,
        )
        .join(" ");
      console.log(
        `gap ${ms(g.end - g.start)} at C+${((g.start - cFrom) / 1000).toFixed(2)} s; windows relative: ${near}`,
      );
    }
  }
  const loop = (gs: { start: number; end: number }[]) => ({
    longest: Math.max(0, ...gs.map((g) => g.end - g.start)),
    over100: gs.filter((g) => g.end - g.start > SLOW_MS).length,
  });
  const rows: { label: string; health: Stats; api: Stats; loop: ReturnType<typeof loop> }[] = [
    {
      label: "idle: A + C's gaps",
      health: stats(idleBoth.health),
      api: stats(idleBoth.api),
      loop: loop([...idleGaps, ...clearGaps]),
    },
    { label: "  of which A (10 s)", health: stats(idle.health), api: stats(idle.api), loop: loop(idleGaps) },
    {
      label: "  of which C's gaps",
      health: stats(clear(busy.health)),
      api: stats(clear(busy.api)),
      loop: loop(clearGaps),
    },
    {
      label: "first run",
      health: stats(during(busy.health, runs.slice(0, 1))),
      api: stats(during(busy.api, runs.slice(0, 1))),
      loop: loop(gapsIn(runs.slice(0, 1))),
    },
    {
      label: `repeat runs (${runs.length - 1})`,
      health: stats(during(busy.health, runs.slice(1))),
      api: stats(during(busy.api, runs.slice(1))),
      loop: loop(gapsIn(runs.slice(1))),
    },
  ];
  console.log(
    `\n== ${kind}: ${int(CASES)} cases over ${STATES} States, ${int(due!.tasks_total)} tasks; due or overdue: ${int(due!.cases)} cases, ${int(due!.tasks)} tasks ==`,
  );
  console.log(
    `seeded in ${ms(seedMs)}; users: 1 CTED expert (owns every case), ${STATES} focal points, ${PARTNERS.length * 2} partner officers`,
  );
  console.log(
    `start-up to "listening"   job not due (A) ${ms(a.startupMs)} | first run at start-up (B) ${ms(b.startupMs)}, ratio ${(b.startupMs / a.startupMs).toFixed(2)}x` +
      ` (B's run: ${ms(startupRun.end - startupRun.start)}, ended ${ms(startupRun.end - (b.spawned + b.startupMs))} after "listening")`,
  );
  console.log(`runs in C (from the app's log):`);
  runs.forEach((w, i) => {
    const f = w.fields;
    console.log(
      `  ${i === 0 ? "first " : "repeat"} ${lpad(ms(w.end - w.start), 9)}   reminders recorded ${lpad(int(Number(f.reminders)), 7)}   notifications sent ${lpad(int(Number(f.notifications)), 5)}`,
    );
  });
  if (others.length > 0 || jobsDuringIdle > 0)
    console.log(
      `  (other jobs during C: ${others.map((w) => `${w.job} ${ms(w.end - w.start)}`).join(", ") || "none"}; jobs during A's idle: ${jobsDuringIdle})`,
    );
  console.log(
    `  in the database: ${int(left!.reminders)} reminders (${int(left!.untold)} summaries not yet told), ${int(left!.notifications)} reminder notifications; most for one person: ${int(left!.biggest)}`,
  );
  console.log(
    `probes every ${PROBE_EVERY_MS} ms, one at a time per endpoint; a probe counts for a run when it overlaps it`,
  );
  console.log(
    `${pad("", 22)}${pad("GET /healthz (no database)", 47)}${pad("GET /api/cases?pageSize=50 (focal point)", 47)}app's event loop held`,
  );
  const head = `${lpad("n", 5)} ${lpad("p50", 8)} ${lpad("p95", 8)} ${lpad("max", 8)} ${lpad(`>${SLOW_MS}ms`, 6)} ${lpad("fail", 4)}   `;
  console.log(`${pad("", 22)}${head}${head}${lpad("longest", 8)} ${lpad(`>${SLOW_MS}ms`, 6)}`);
  const cells = (st: Stats) =>
    `${lpad(String(st.n), 5)} ${lpad(ms(st.p50), 8)} ${lpad(ms(st.p95), 8)} ${lpad(ms(st.max), 8)} ${lpad(String(st.slow), 6)} ${lpad(String(st.failed), 4)}   `;
  for (const r of rows)
    console.log(
      `${pad(r.label, 22)}${cells(r.health)}${cells(r.api)}${lpad(r.loop.longest === 0 ? "<25 ms" : ms(r.loop.longest), 8)} ${lpad(String(r.loop.over100), 6)}`,
    );
  const ratio = (x: number, y: number) => (Number.isNaN(x) ? "-" : `${(x / y).toFixed(1)}x`);
  for (const r of rows.slice(3)) {
    const cell = (st: Stats, base: Stats) =>
      pad(
        `p50 ${ratio(st.p50, base.p50)}, p95 ${ratio(st.p95, base.p95)}, max ${ratio(st.max, base.max)}`,
        47,
      );
    console.log(
      `${pad(`${r.label.replace(/ \(.*/, "")} / idle`, 22)}${cell(r.health, rows[0]!.health)}${cell(r.api, rows[0]!.api)}longest ${r.loop.longest === 0 || rows[0]!.loop.longest === 0 ? "-" : ratio(r.loop.longest, rows[0]!.loop.longest)}`,
    );
  }
  const failures = [...busy.health, ...busy.api, ...idle.health, ...idle.api].filter((p) => !p.ok);
  if (failures.length > 0)
    console.log(`failed probes: ${failures.map((p) => `${p.error} after ${ms(p.ms)}`).join("; ")}`);
  console.log(
    `this process's event-loop delay (the probes' own noise): A p99 ${ms(idleLoop.p99)}, max ${ms(idleLoop.max)} | C p99 ${ms(busyLoop.p99)}, max ${ms(busyLoop.max)}`,
  );

  if (TRACE) await trace(kind);
  await closeDatabase();
}

// --- --trace: the job in this process, every statement timed ---------------------------------------

async function trace(kind: string) {
  const { database } = await import("~/db/client.server.ts");
  const { runReminders } = await import("~/jobs/reminders.server.ts");
  const db = database();
  const timings: { what: string; ms: number }[] = [];
  const timed = async <T>(what: string, promise: PromiseLike<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await promise;
    } finally {
      timings.push({ what, ms: performance.now() - t });
    }
  };
  const label = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 70);
  const { query, transaction } = db.sql;
  db.sql.query = ((text: string, params?: unknown[]) =>
    timed(`sql: ${label(text)}`, query(text, params))) as typeof query;
  db.sql.transaction = ((fn: Parameters<typeof transaction>[0]) =>
    timed(
      "sql: (whole transaction)",
      transaction((q) =>
        fn(((text: string, params?: unknown[]) =>
          timed(`sql in tx: ${label(text)}`, q(text, params))) as typeof q),
      ),
    )) as typeof transaction;
  const prisma = db.prisma;
  db.prisma = new Proxy(prisma, {
    get(target, model: string) {
      const delegate = Reflect.get(target, model) as Record<string, unknown>;
      if (!["user", "organization", "task", "case"].includes(model)) return delegate;
      return new Proxy(delegate, {
        get(d, op: string) {
          const f = Reflect.get(d, op);
          return typeof f === "function"
            ? (...args: unknown[]) => timed(`prisma: ${model}.${op}`, f.apply(d, args))
            : f;
        },
      });
    },
  });
  // The longest time this thread was blocked, sampled every millisecond.
  let last = performance.now();
  let longest = 0;
  const sampler = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  for (const which of ["first", "repeat"]) {
    if (which === "first") {
      // The first run on the same data again: nothing recorded or told yet.
      await db.sql.exec(
        `DELETE FROM "Reminder"; DELETE FROM "ReminderPending"; DELETE FROM "Notification" WHERE kind IN ('overdue', 'due_soon')`,
      );
    }
    timings.length = 0;
    longest = 0;
    last = performance.now();
    const t = performance.now();
    const result = await runReminders();
    const total = performance.now() - t;
    const byWhat = new Map<string, number[]>();
    for (const { what, ms } of timings) byWhat.set(what, [...(byWhat.get(what) ?? []), ms]);
    console.log(
      `\n-- trace (${kind}, in this process): ${which} run ${ms(total)}, ${int(result.reminders)} reminders, ${int(result.notifications)} notifications; longest block of this thread ${ms(longest)}`,
    );
    const lines = [...byWhat]
      .map(([what, list]) => ({
        what,
        count: list.length,
        total: list.reduce((s, x) => s + x, 0),
        max: Math.max(...list),
      }))
      .sort((x, y) => y.max - x.max);
    for (const l of lines.slice(0, 8))
      console.log(
        `   ${lpad(String(l.count), 4)} x  max ${lpad(ms(l.max), 8)}  total ${lpad(ms(l.total), 8)}  ${l.what}`,
      );
  }
  clearInterval(sampler);
  db.prisma = prisma;
}

// Last: the functions and constants above are initialised by now.
if (process.argv[2] === "--child") {
  await runChild(process.argv[3]!);
} else {
  await runPerDatabase("bench/reminders.ts", ["--cases", String(CASES), ...(TRACE ? ["--trace"] : [])]);
}
