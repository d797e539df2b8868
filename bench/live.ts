// `npm run bench:live`: the live case feed's fan-out. 500 subscribed clients, on one process or
// split across two (on one PostgreSQL, through the Socket.IO PostgreSQL adapter); a stream of real
// transitions through the API. Beside it, in the same run, the same fan-out done by a bare
// Socket.IO server emitting to a room (and two bare servers joined by the same adapter).
//   Latency: from commit (the history row's time) to the last of the 500 subscribers.
//   Throughput: writers flat out; transitions per second committed and delivered to all 500.
//   With Debian's redis-server installed, also the adapter comparison of docs/deploy.md: bare
//   fan-out through the PostgreSQL adapter and the Redis Streams adapter, for status events and
//   for Yjs-sized binary messages.
// BENCH_SECONDS sets each measured phase (default 10). Not a test: docs/performance.md records it.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";

import pg from "pg";

import { freePort, type RunningApp, signInOver, startApp } from "~tests/helpers/server.ts";
import { startPostgres } from "~tests/pg/throwaway-postgres.ts";

import type { Feed, SubscriberTarget } from "./live/subscribers.ts";

const PHASE_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const CLIENTS = 500;
const RATE = 20; // per second, in the latency phase
const WRITERS = 4;
const CASES = 8;
const BINARY_RATE = 200;

type Sender = () => Promise<void>;
interface Row {
  name: string;
  p50: number;
  p99: number;
  incomplete: number;
  perSecond?: number;
  deliveredPerSecond?: number;
}

// --- subscribers ---------------------------------------------------------------------------------

async function subscribe(targets: SubscriberTarget[], feed: Feed) {
  // Two threads: 500 clients decoding every event is itself CPU work.
  const halves = [0, 1].map((k) =>
    targets.map((t) => ({ ...t, count: Math.floor(t.count / 2) + (k === 0 ? t.count % 2 : 0) })),
  );
  const workers = halves.map(
    (h) =>
      new Worker(new URL("./live/subscribers-thread.mjs", import.meta.url), {
        workerData: { targets: h, feed },
      }),
  );
  for (const w of workers)
    w.on("error", (error) => process.stderr.write(`subscriber thread failed: ${error.stack}\n`));
  const ask = (type: string, answer: string) =>
    Promise.all(
      workers.map(
        (w) =>
          new Promise<any>((resolve) => {
            w.on("message", (m) => m.type === answer && resolve(m));
            if (type) w.postMessage({ type });
          }),
      ),
    );
  await ask("", "ready");
  return {
    async receipts() {
      const reports = await ask("report", "report");
      const merged = new Map<number, { n: number; last: number; sentAt: number }>();
      for (const r of reports) {
        for (const [id, [n, last, sentAt]] of r.receipts as [number, [number, number, number]][]) {
          const m = merged.get(id);
          if (m) {
            m.n += n;
            m.last = Math.max(m.last, last);
          } else merged.set(id, { n, last, sentAt });
        }
      }
      return merged;
    },
    async stop() {
      await ask("stop", "stopped");
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

/** Sends at a steady rate for a phase, then flat out with several writers for another. */
async function measure(
  name: string,
  targets: SubscriberTarget[],
  feed: Feed,
  send: Sender,
  opts: { rate?: number; throughput?: boolean } = {},
): Promise<Row[]> {
  const subs = await subscribe(targets, feed);
  const total = targets.reduce((n, t) => n + t.count, 0);
  for (let i = 0; i < 20; i++) await send(); // warm-up
  await sleep(500);
  const rate = opts.rate ?? RATE;
  const t0 = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let k = 0; Date.now() - t0 < PHASE_MS; k++) {
    inFlight.push(send());
    const next = t0 + ((k + 1) * 1000) / rate;
    await sleep(Math.max(0, next - Date.now()));
  }
  await Promise.all(inFlight);
  const t1 = Date.now();
  let t2 = t1;
  let t3 = t1;
  let sent = 0;
  if (opts.throughput) {
    await sleep(1000);
    t2 = Date.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (Date.now() - t2 < PHASE_MS) {
          await send();
          sent++;
        }
      }),
    );
    t3 = Date.now();
  }
  await sleep(2000);
  const receipts = await subs.receipts();
  await subs.stop();
  const row = (label: string, from: number, to: number, extra: Partial<Row> = {}): Row => {
    const window = [...receipts.values()].filter((r) => r.sentAt >= from && r.sentAt < to);
    const complete = window.filter((r) => r.n >= total);
    const latencies = complete.map((r) => r.last - r.sentAt).sort((a, b) => a - b);
    return {
      name: `${name} ${label}`,
      p50: pct(latencies, 50),
      p99: pct(latencies, 99),
      incomplete: window.length - complete.length,
      ...extra,
    };
  };
  const rows = [row(`at ${rate}/s`, t0, t1)];
  if (opts.throughput) {
    const seconds = (t3 - t2) / 1000;
    const delivered = [...receipts.values()].filter(
      (r) => r.sentAt >= t2 && r.sentAt < t3 && r.n >= total,
    ).length;
    rows.push(
      row(`flat out (${WRITERS} writers)`, t2, t3, {
        perSecond: sent / seconds,
        deliveredPerSecond: delivered / seconds,
      }),
    );
  }
  return rows;
}

// --- what sends --------------------------------------------------------------------------------

/** Transitions through the API of one process, cycling cases between implementing and under review. */
async function transitionSender(appUrl: string, databaseUrl: string): Promise<Sender> {
  const expert = await signInOver(appUrl, "expert@cted.example");
  const focal = await signInOver(appUrl, "focal@tjk.example");
  const api = async (cookie: string, path: string, body: unknown) => {
    const res = await fetch(`${appUrl}${path}`, {
      method: "POST",
      headers: { cookie, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  // The cases are drafted through the domain (the API has no create), then agreed and started.
  process.env.DATABASE_URL = databaseUrl;
  const { database, closeDatabase } = await import("~/db/client.server.ts");
  const { createCase } = await import("~/domain/cases.server.ts");
  const { prisma } = database();
  const user = await prisma.user.findUniqueOrThrow({
    where: { email: "expert@cted.example" },
    include: { organization: true },
  });
  const assessment = await prisma.assessment.findFirstOrThrow({ where: { countryCode: "TJK" } });
  const cases: { id: string; version: number; stateValue: string; busy: boolean }[] = [];
  for (let i = 0; i < CASES; i++) {
    const fields = {
      assessmentId: assessment.id,
      area: "border-control" as const,
      title: `Live benchmark ${i}`,
      text: "Benchmark.",
      priority: "LOW" as const,
      ownerId: user.id,
    };
    let c = await createCase(user, fields);
    for (const type of ["AGREE", "START"])
      ({ case: c } = await api(focal, `/api/cases/${c.id}/events`, { type, version: c.version }));
    cases.push({ id: c.id, version: c.version, stateValue: c.stateValue, busy: false });
  }
  await closeDatabase();
  let next = 0;
  return async () => {
    let c;
    do c = cases[next++ % cases.length]!;
    while (c.busy && cases.some((x) => !x.busy));
    if (c.busy) return sleep(1);
    c.busy = true;
    try {
      const reviewing = c.stateValue === "in_progress.under_review";
      // A submission brings evidence (issue 11): one reference each time, outside the measured fan-out.
      if (!reviewing) {
        await api(focal, `/api/cases/${c.id}/evidence`, {
          kind: "reference",
          title: "Benchmark evidence",
          text: "Order No. 1",
        });
      }
      const body = reviewing
        ? { type: "RETURN", version: c.version, reason: "Benchmark" }
        : { type: "SUBMIT_EVIDENCE", version: c.version };
      const { case: updated } = await api(reviewing ? expert : focal, `/api/cases/${c.id}/events`, body);
      c.version = updated.version;
      c.stateValue = updated.stateValue;
    } finally {
      c.busy = false;
    }
  };
}

async function startBare(env: Record<string, string>): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/live/bare-server.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const m = /"url":"([^"]+)"/.exec(chunk.toString());
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { url, stop: () => child.kill("SIGKILL") };
}

const emitter =
  (url: string, path = "/emit"): Sender =>
  async () =>
    void (await (await fetch(`${url}${path}`, { method: "POST" })).text());

async function startRedis(): Promise<{ url: string; process: ChildProcess } | null> {
  if (!existsSync("/usr/bin/redis-server")) return null;
  const port = await freePort();
  const child = spawn(
    "/usr/bin/redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  await sleep(300);
  return { url: `redis://127.0.0.1:${port}`, process: child };
}

// --- the run -----------------------------------------------------------------------------------

function print(rows: Row[]) {
  const f = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "-" : n.toFixed(1));
  console.log(
    `\n${"configuration".padEnd(62)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"sent/s".padStart(8)} ${"to all/s".padStart(9)} incomplete`,
  );
  for (const r of rows)
    console.log(
      `${r.name.padEnd(62)} ${f(r.p50).padStart(8)} ${f(r.p99).padStart(8)} ${f(r.perSecond).padStart(8)} ${f(r.deliveredPerSecond).padStart(9)} ${r.incomplete}`,
    );
}

function ratios(rows: Row[], ours: string, bare: string) {
  const o = rows.filter((r) => r.name.startsWith(ours));
  const b = rows.filter((r) => r.name.startsWith(bare));
  o.forEach((r, i) => {
    const base = b[i];
    if (!base) return;
    const tput =
      r.deliveredPerSecond && base.deliveredPerSecond
        ? `, throughput ${(r.deliveredPerSecond / base.deliveredPerSecond).toFixed(2)}x`
        : "";
    console.log(
      `  ${r.name} / ${base.name}: p50 ${(r.p50 / base.p50).toFixed(2)}x, p99 ${(r.p99 / base.p99).toFixed(2)}x${tput}`,
    );
  });
}

async function main() {
  const server = await startPostgres();
  const databaseUrl = server.url.replace(/\/[^/]*$/, "/bench_live");
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query("CREATE DATABASE bench_live");
  await admin.query("CREATE DATABASE bench_bare");
  await admin.end();
  const bareDb = server.url.replace(/\/[^/]*$/, "/bench_bare");
  const apps: RunningApp[] = [];
  const stops: (() => unknown)[] = [];
  const rows: Row[] = [];
  try {
    apps.push(await startApp({ DATABASE_URL: databaseUrl }));
    apps.push(await startApp({ DATABASE_URL: databaseUrl }));
    const [p1, p2] = apps as [RunningApp, RunningApp];
    const cookie = await signInOver(p1.url, "expert@cted.example");
    const send = await transitionSender(p1.url, databaseUrl);
    console.log(
      `bench:live: ${CLIENTS} clients, phases of ${PHASE_MS / 1000} s, PostgreSQL 15 throwaway, app processes ${apps.map((a) => a.process.pid).join(", ")}`,
    );

    rows.push(
      ...(await measure("ours, 1 process:", [{ url: p1.url, cookie, count: CLIENTS }], "ours", send, {
        throughput: true,
      })),
    );
    const bare1 = await startBare({});
    stops.push(bare1.stop);
    rows.push(
      ...(await measure(
        "bare, 1 process:",
        [{ url: bare1.url, count: CLIENTS }],
        "bare",
        emitter(bare1.url),
        { throughput: true },
      )),
    );

    const split = (a: string, b: string, c?: string): SubscriberTarget[] => [
      { url: a, cookie: c, count: CLIENTS / 2 },
      { url: b, cookie: c, count: CLIENTS / 2 },
    ];
    rows.push(
      ...(await measure("ours, 2 processes:", split(p1.url, p2.url, cookie), "ours", send, {
        throughput: true,
      })),
    );
    const [b1, b2] = [
      await startBare({ ADAPTER: "postgres", DATABASE_URL: bareDb }),
      await startBare({ ADAPTER: "postgres", DATABASE_URL: bareDb }),
    ];
    stops.push(b1.stop, b2.stop);
    rows.push(
      ...(await measure(
        "bare, 2 processes (postgres adapter):",
        split(b1.url, b2.url),
        "bare",
        emitter(b1.url),
        { throughput: true },
      )),
    );

    const redis = await startRedis();
    if (redis) {
      stops.push(() => redis.process.kill("SIGKILL"));
      const [r1, r2] = [
        await startBare({ ADAPTER: "redis", REDIS_URL: redis.url }),
        await startBare({ ADAPTER: "redis", REDIS_URL: redis.url }),
      ];
      stops.push(r1.stop, r2.stop);
      rows.push(
        ...(await measure(
          "bare, 2 processes (redis streams adapter):",
          split(r1.url, r2.url),
          "bare",
          emitter(r1.url),
          { throughput: true },
        )),
      );
      rows.push(
        ...(await measure(
          "binary 40 B, 2 processes (postgres adapter):",
          split(b1.url, b2.url),
          "bare-binary",
          emitter(b1.url, "/emit-binary"),
          { rate: BINARY_RATE },
        )),
      );
      rows.push(
        ...(await measure(
          "binary 40 B, 2 processes (redis streams adapter):",
          split(r1.url, r2.url),
          "bare-binary",
          emitter(r1.url, "/emit-binary"),
          { rate: BINARY_RATE },
        )),
      );
    } else {
      console.log(
        "(redis-server not installed: the adapter comparison is skipped; apt-get install redis-server)",
      );
    }
    print(rows);
    console.log("\nours / bare:");
    ratios(rows, "ours, 1 process:", "bare, 1 process:");
    ratios(rows, "ours, 2 processes:", "bare, 2 processes (postgres adapter):");
  } finally {
    for (const stop of stops) stop();
    for (const app of apps) await app.stop();
    server.stop();
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

await main();
