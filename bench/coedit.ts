// `npm run bench:coedit`: co-editing latency and cost, ours beside the reference Yjs WebSocket
// server (@y/websocket-server 0.1.1, which persists nothing), same load, same run.
//   Each configuration: warm-up, then a measured window. Latency: from an insert until every
//   other client of that document has applied it. Ours acknowledges an update only once stored.
//   BENCH_SECONDS shortens the window (default 20). Not a test: docs/performance.md records it.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";

import * as Y from "yjs";

import { type BenchClient, oursClient, referenceClient } from "./coedit/clients.ts";
import { countMarkers, watchMarkers } from "./coedit/watchers.ts";

const MEASURE_MS = Number(process.env.BENCH_SECONDS ?? 20) * 1000;
const WARMUP_MS = 3000;
const CONFIGS = [
  { name: "1 doc x 10 clients, all type 1/s", docs: 1, clients: 10, typers: 10, rate: 1 },
  { name: "1 doc x 50 clients, all type 1/s", docs: 1, clients: 50, typers: 50, rate: 1 },
  { name: "1 doc x 200 clients, 10 type 5/s", docs: 1, clients: 200, typers: 10, rate: 5 },
  { name: "20 docs x 10 clients, all type 1/s", docs: 20, clients: 10, typers: 10, rate: 1 },
];
const MARKER = /#([0-9a-z]+);/g;

// --- child modes: they own the embedded database while the app is not running ----------------

/** Demo data plus enough cases for 20 documents; prints the document ids. */
async function prepare(dataDir: string) {
  process.env.DATA_DIR = dataDir;
  const { prepareDatabase } = await import("~/db/prepare.server.ts");
  const { database, closeDatabase } = await import("~/db/client.server.ts");
  await prepareDatabase({ seed: true });
  const { prisma } = database();
  const expert = await prisma.user.findUniqueOrThrow({
    where: { email: "expert@cted.example" },
    include: { organization: true },
  });
  const { createCase } = await import("~/domain/cases.server.ts");
  const assessment = await prisma.assessment.findFirstOrThrow({ where: { countryCode: "TJK" } });
  const user = {
    id: expert.id,
    name: expert.name,
    email: expert.email,
    role: expert.role,
    organization: expert.organization,
  };
  // The documents under load must be writable: a response is read-only while its case is under
  // review or verified (the tag responseFrozen), and the updates sent to it are refused.
  const { caseStateValuesWith } = await import("~workflows/state-tags.ts");
  const writable = { stateValue: { notIn: caseStateValuesWith("responseFrozen") } };
  for (let i = await prisma.case.count({ where: writable }); i < 20; i++) {
    await createCase(user, {
      assessmentId: assessment.id,
      area: "law-enforcement",
      title: `Benchmark case ${i}`,
      text: "Benchmark.",
      priority: "LOW",
      ownerId: expert.id,
    });
  }
  const ids = (
    await prisma.case.findMany({ where: writable, select: { id: true }, orderBy: { ref: "asc" }, take: 20 })
  ).map((c) => `case:${c.id}`);
  await closeDatabase();
  console.log(JSON.stringify(ids));
}

/** Markers stored in the database, per document. */
async function countStored(dataDir: string, docIds: string[]) {
  process.env.DATA_DIR = dataDir;
  const { loadDocument } = await import("~/domain/documents.server.ts");
  const { closeDatabase } = await import("~/db/client.server.ts");
  const counts: number[] = [];
  for (const id of docIds) {
    const stored = await loadDocument(id);
    const doc = new Y.Doc();
    if (stored) Y.applyUpdate(doc, stored.update);
    counts.push([...doc.getText("bench").toString().matchAll(MARKER)].length);
  }
  await closeDatabase();
  console.log(JSON.stringify(counts));
}

// --- the run ------------------------------------------------------------------------------------

function tsx(args: string[], env: Record<string, string> = {}) {
  const out = spawnSync(process.execPath, ["--import", "tsx", ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout.trim().split("\n").pop()!);
}

function procStats(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const cpuMs = ((Number(stat[11]) + Number(stat[12])) * 1000) / 100; // utime + stime, in ticks of 10 ms
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return { cpuMs, peakRssMb: hwm ? Number(hwm[1]) / 1024 : NaN };
}

interface Server {
  kind: "ours" | "reference";
  pid: number;
  url: string;
  cookie: string;
  connect(docId: string): BenchClient;
  stop(): Promise<void>;
}

async function startOurs(dataDir: string): Promise<Server> {
  const { startApp } = await import("~tests/helpers/server.ts");
  const app = await startApp({
    DATA_DIR: dataDir,
    NODE_ENV: "production",
    SESSION_SECRET: "bench-secret-bench-secret-bench-secret",
    // The benchmark measures co-editing, not the second factor: its CTED account signs in with a password.
    SECOND_FACTOR_FOR_CTED: "optional",
  });
  const res = await fetch(`${app.url}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "expert@cted.example", password: "followup-demo" }),
  });
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  return {
    kind: "ours",
    pid: app.process.pid!,
    url: app.url,
    cookie,
    connect: (docId) => oursClient(app.url, cookie, docId),
    stop: () => app.stop(),
  };
}

async function startReference(): Promise<Server> {
  const { freePort } = await import("~tests/helpers/server.ts");
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["node_modules/@y/websocket-server/src/server.js"], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) =>
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("running") && resolve()),
  );
  return {
    kind: "reference",
    pid: child.pid!,
    url: `ws://127.0.0.1:${port}`,
    cookie: "",
    connect: (docId) => referenceClient(`ws://127.0.0.1:${port}`, docId),
    stop: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

const WATCHER_THREADS = 2;
const now = () => performance.timeOrigin + performance.now();

async function runLoad(server: Server, config: (typeof CONFIGS)[number], docIds: string[]) {
  const docs = docIds.slice(0, config.docs);
  // Typers here; the clients that only watch in worker threads, so that the load generator is
  // not what limits the measurement.
  const typers = docs.flatMap((docId) =>
    Array.from({ length: config.typers }, () => ({ docId, client: server.connect(docId) })),
  );
  const watchersPerDoc = config.clients - config.typers;
  const workers =
    watchersPerDoc === 0
      ? []
      : Array.from({ length: WATCHER_THREADS }, (_, w) => {
          const share =
            Math.floor(watchersPerDoc / WATCHER_THREADS) + (w < watchersPerDoc % WATCHER_THREADS ? 1 : 0);
          return new Worker(new URL("./coedit/watchers-thread.mjs", import.meta.url), {
            workerData: {
              kind: server.kind,
              url: server.url,
              cookie: server.cookie,
              docs: docs.map((docId) => ({ docId, count: share })),
            },
          });
        });
  for (const w of workers)
    w.on("error", (error) => process.stderr.write(`watcher thread failed: ${error.stack}\n`));
  const fromWorkers = (type: string) =>
    Promise.all(
      workers.map(
        (w) => new Promise<any>((resolve) => w.on("message", (m) => m.type === type && resolve(m))),
      ),
    );

  const sentAt = new Map<string, number>();
  const receipts = new Map<string, { n: number; last: number }>();
  const latencies: number[] = [];
  const receive = (id: string, at: number) => {
    const sent = sentAt.get(id);
    if (sent === undefined) return;
    const r = receipts.get(id) ?? { n: 0, last: 0 };
    r.n++;
    r.last = Math.max(r.last, at);
    receipts.set(id, r);
    if (r.n === config.clients - 1) latencies.push(r.last - sent);
  };
  for (const w of workers)
    w.on(
      "message",
      (m) => m.type === "receipts" && m.receipts.forEach(([id, at]: [string, number]) => receive(id, at)),
    );
  for (const t of typers) watchMarkers(t.client, receive);
  await Promise.all([...typers.map((t) => t.client.ready), fromWorkers("ready")]);
  process.stderr.write(`  ${config.docs * config.clients} clients ready\n`);

  let measuring = false;
  let seq = 0;
  const insertedPerDoc = new Map<string, number>();
  const type = ({ docId, client }: (typeof typers)[number]) => {
    const text = client.doc.getText("bench");
    const s = text.toString();
    // A random place between markers: never inside one.
    const cuts = [0];
    for (let i = s.indexOf(";"); i !== -1; i = s.indexOf(";", i + 1)) cuts.push(i + 1);
    const id = (seq++).toString(36);
    if (measuring) sentAt.set(id, now());
    text.insert(cuts[Math.floor(Math.random() * cuts.length)]!, `#${id};`);
    insertedPerDoc.set(docId, (insertedPerDoc.get(docId) ?? 0) + 1);
  };
  const timers: NodeJS.Timeout[] = [];
  const every = 1000 / config.rate;
  for (const typer of typers)
    timers.push(setTimeout(() => timers.push(setInterval(() => type(typer), every)), Math.random() * every));
  await new Promise((r) => setTimeout(r, WARMUP_MS));

  const loop = monitorEventLoopDelay({ resolution: 10 });
  const before = procStats(server.pid);
  const storedBefore = typers.reduce((n, t) => n + t.client.acked(), 0);
  loop.enable();
  for (const w of workers) w.postMessage({ type: "measure" });
  measuring = true;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  measuring = false;
  const elapsed = performance.now() - start;
  loop.disable();
  const after = procStats(server.pid);
  const stored = typers.reduce((n, t) => n + t.client.acked(), 0) - storedBefore;
  timers.forEach((t) => clearInterval(t));

  // Let what is in flight arrive, then count every insert on every client.
  await new Promise((r) => setTimeout(r, 3000));
  const done = fromWorkers("done");
  for (const w of workers) w.postMessage({ type: "stop" });
  const results = await done;
  for (const r of results) r.receipts.forEach(([id, at]: [string, number]) => receive(id, at));
  const counts = [
    ...typers.map((t) => ({ docId: t.docId, count: countMarkers(t.client) })),
    ...results.flatMap((r) => r.counts),
  ];
  const missingOnClients = counts.filter((c) => c.count !== insertedPerDoc.get(c.docId)).length;
  for (const t of typers) t.client.close();
  await Promise.all(workers.map((w) => w.terminate()));
  latencies.sort((a, b) => a - b);
  // The histogram samples every 10 ms; what matters is the delay beyond that.
  const loopP99 = Math.max(loop.percentile(99) / 1e6, ...results.map((r) => r.loopP99)) - 10;
  const loopMax = Math.max(loop.max / 1e6, ...results.map((r) => r.loopMax)) - 10;
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    measured: sentAt.size,
    incomplete: sentAt.size - latencies.length,
    insertedPerDoc: docs.map((d) => insertedPerDoc.get(d) ?? 0),
    missingOnClients,
    storedPerSecond: (stored / elapsed) * 1000,
    cpuPercent: ((after.cpuMs - before.cpuMs) / elapsed) * 100,
    peakRssMb: after.peakRssMb,
    loopP99: Math.max(0, loopP99),
    loopMax: Math.max(0, loopMax),
  };
}

async function main() {
  const { buildIfNeeded } = await import("~server/build.ts");
  buildIfNeeded((m) => console.log(m));
  const base = mkdtempSync(path.join(tmpdir(), "followup-coedit-bench-"));
  const baseData = path.join(base, "data");
  const docIds: string[] = tsx(["bench/coedit.ts", "--prepare", baseData]);
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "-");
  const rows: string[] = [];
  console.log(
    `co-editing: ${WARMUP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured per configuration\n`,
  );
  // BENCH_CONFIGS=0,2 runs only those configurations.
  const only = process.env.BENCH_CONFIGS?.split(",").map(Number);
  for (const config of CONFIGS.filter((_, i) => !only || only.includes(i))) {
    const results: Record<string, Awaited<ReturnType<typeof runLoad>>> = {};
    for (const kind of ["reference", "ours"] as const) {
      const dataDir = path.join(base, `run-${Math.random().toString(36).slice(2)}`);
      cpSync(baseData, dataDir, { recursive: true });
      const server = kind === "ours" ? await startOurs(dataDir) : await startReference();
      process.stderr.write(`${config.name}: ${kind} server up\n`);
      let r;
      try {
        r = await runLoad(server, config, docIds);
      } finally {
        await server.stop();
      }
      let stored = "";
      if (kind === "ours") {
        const counts: number[] = tsx([
          "bench/coedit.ts",
          "--count",
          dataDir,
          ...docIds.slice(0, config.docs),
        ]);
        const lost = r.insertedPerDoc.reduce((n, expected, i) => n + Math.max(0, expected - counts[i]!), 0);
        stored = `, in the database ${counts.reduce((a, b) => a + b, 0)}/${r.insertedPerDoc.reduce((a, b) => a + b, 0)} (lost ${lost})`;
      }
      rmSync(dataDir, { recursive: true, force: true });
      results[kind] = r;
      console.log(
        `${config.name.padEnd(36)} ${kind.padEnd(9)} p50 ${f(r.p50)} ms  p99 ${f(r.p99)} ms  (${r.measured} inserts, ${r.incomplete} not seen by all)` +
          `  stored/s ${kind === "ours" ? f(r.storedPerSecond) : "n/a (persists nothing)"}  server CPU ${f(r.cpuPercent)}%  peak RSS ${f(r.peakRssMb, 0)} MB` +
          `  generator event-loop delay p99 ${f(r.loopP99)} ms max ${f(r.loopMax)} ms  clients missing inserts: ${r.missingOnClients}${stored}`,
      );
    }
    const ratio = results.ours!.p99 / results.reference!.p99;
    rows.push(
      `${config.name.padEnd(36)} p99 ours/reference ${ratio.toFixed(2)}x (aim <= 1.5x), p50 ${(results.ours!.p50 / results.reference!.p50).toFixed(2)}x, CPU ${(results.ours!.cpuPercent / results.reference!.cpuPercent).toFixed(2)}x`,
    );
  }
  console.log(`\n${rows.join("\n")}`);
  rmSync(base, { recursive: true, force: true });
}

// Last, so that every declaration above is initialised.
if (process.argv[2] === "--prepare") await prepare(process.argv[3]!);
else if (process.argv[2] === "--count") await countStored(process.argv[3]!, process.argv.slice(4));
else await main();
