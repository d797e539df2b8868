// How long a follow-up report of a large assessment takes, and how long it holds up the event loop
// (which every other user's request waits for), with the case list's exports beside it.
//   One assessment of 300 cases (--cases N) in every state and area, each with its history (with the
//   agreed responses), a task on every third, a saved draft on the drafted ones, and one in ten
//   reiterating a case of an earlier visit; and (--export-cases N, default 20,000) more of the
//   State's cases, on a third visit: the CSV and XLSX exports hold all the State's cases.
//   Measured in this process, on a new embedded PGlite in memory (as `npm start` runs by default;
//   DATABASE_URL: that PostgreSQL instead, a throwaway one): the report's model; the Word file on
//   the main thread (what its thread spares the server) and as the server writes it, on a thread of
//   its own (twice: the first starts it); the PDF (when Chromium is installed; twice, the first launches the browser);
//   each export read to the end.
//   For each: wall time, size, and the event loop's largest delay (perf_hooks
//   monitorEventLoopDelay, 1 ms resolution) and its 99th percentile; with --expose-gc, the heap
//   the exports keep (after collections) beyond what it was before them.
//   Run: node --expose-gc --import tsx bench/reports.ts [--cases 300] [--export-cases 20000]
// Not a test: it prints figures.
import { monitorEventLoopDelay } from "node:perf_hooks";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: a whole number, 1 or more`);
  return value;
};
const CASES = arg("--cases", 300);
const EXPORT_CASES = arg("--export-cases", 20_000);

process.env.DATA_DIR ??= "memory://";
process.env.LOG_LEVEL ??= "warn";

const { prepareDatabase } = await import("~/db/prepare.server.ts");
const { database, closeDatabase } = await import("~/db/client.server.ts");
const { appendUpdates, caseDocName } = await import("~/domain/documents.server.ts");
const { DEFAULT_THEMATIC_AREAS } = await import("~/lib/areas.ts");
const { followUpReport } = await import("~/reports/follow-up-report.server.ts");
const { renderReportDocxOffThread } = await import("~/reports/docx-off-thread.server.ts");
const { renderReportDocx } = await import("~/reports/report-docx.server.ts");
const { renderReportPdf } = await import("~/reports/report-pdf.server.ts");
const { closePdfRenderer } = await import("~/reports/pdf-browser.server.ts");
const { caseListCsv, caseListXlsx, exportQuery } = await import("~/reports/case-export.server.ts");
const Y = await import("yjs");

await prepareDatabase({ seed: false });
const { prisma, sql } = database();

// --- data ----------------------------------------------------------------------------------------
const cted = await prisma.organization.create({ data: { name: "CTED", shortName: "CTED", kind: "CTED" } });
const expert = await prisma.user.create({
  data: {
    email: "expert@bench",
    name: "Bench Expert",
    role: "CTED_EXPERT",
    passwordHash: "-",
    organizationId: cted.id,
  },
  include: { organization: true },
});
const government = await prisma.organization.create({
  data: { name: "Government of Benchland", shortName: "BEN", kind: "GOVERNMENT", countryCode: "BEN" },
});
const focal = await prisma.user.create({
  data: {
    email: "focal@bench",
    name: "Bench Focal",
    role: "GOVERNMENT_FOCAL_POINT",
    passwordHash: "-",
    organizationId: government.id,
  },
});
const partner = await prisma.organization.create({
  data: { name: "Partner organisation", shortName: "PARTNER", kind: "PARTNER" },
});
const visit = (year: number, cases: string) =>
  prisma.assessment.create({
    data: {
      countryCode: "BEN",
      countryName: "Benchland",
      title: `Assessment visit to Benchland, ${year} (${cases})`,
      visitStart: new Date(`${year}-03-04`),
      visitEnd: new Date(`${year}-03-08`),
      resolutions: ["1373 (2001)", "1624 (2005)", "2178 (2014)"],
      reportSentAt: new Date(`${year}-05-01`),
      reportAdoptedAt: new Date(`${year}-06-03`),
      partners: { create: [{ organizationId: partner.id }] },
    },
  });
const earlier = await visit(2019, "earlier");
const later = await visit(2024, "reported");
const bulk = await visit(2022, "exported");

const STATES = ["drafted", "agreed", "in_progress.implementing", "in_progress.under_review", "verified"];
// The workflow's steps into each state, as history entries: [type, from, to].
const STEPS: Record<string, [string, string | null, string][]> = {
  drafted: [["CREATED", null, "drafted"]],
  agreed: [
    ["CREATED", null, "drafted"],
    ["REQUEST_CHANGES", "drafted", "drafted"],
    ["AGREE", "drafted", "agreed"],
  ],
  "in_progress.implementing": [
    ["CREATED", null, "drafted"],
    ["AGREE", "drafted", "agreed"],
    ["START", "agreed", "in_progress.implementing"],
  ],
  "in_progress.under_review": [
    ["CREATED", null, "drafted"],
    ["AGREE", "drafted", "agreed"],
    ["START", "agreed", "in_progress.implementing"],
    ["SUBMIT_EVIDENCE", "in_progress.implementing", "in_progress.under_review"],
  ],
  verified: [
    ["CREATED", null, "drafted"],
    ["AGREE", "drafted", "agreed"],
    ["START", "agreed", "in_progress.implementing"],
    ["SUBMIT_EVIDENCE", "in_progress.implementing", "in_progress.under_review"],
    ["VERIFY", "in_progress.under_review", "verified"],
  ],
};
const RESPONSE =
  "The Government will amend the law within the year, train the officers concerned and report on progress to the Committee.";
const AREAS = `ARRAY[${DEFAULT_THEMATIC_AREAS.map((a) => `'${a.slug}'`).join(",")}]`;
const CODES = `ARRAY[${DEFAULT_THEMATIC_AREAS.map((a) => `'${a.code}'`).join(",")}]`;
const STATE_ARRAY = `ARRAY[${STATES.map((s) => `'${s}'`).join(",")}]`;

/** n cases of an assessment, straight into the table (the snapshot in the shape workflows/runtime.ts persists). */
async function insertCases(assessmentId: string, year: number, n: number, prefix: string) {
  await sql.exec(`
    INSERT INTO "Case" (id, ref, "assessmentId", "countryCode", area, title, text, priority, "ownerId", "dueAt", state, "stateValue", snapshot, "workflowVersion", version, "updatedAt")
    SELECT '${prefix}-' || n, 'BEN-${year}-' || (${CODES})[1 + n % 9] || '-' || lpad(n::text, 6, '0'), '${assessmentId}', 'BEN',
      (${AREAS})[1 + n % 9],
      'Recommendation ' || n || ' on national measures against terrorism',
      'Text of recommendation ' || n || ': adopt and implement the measures that resolution 1373 (2001) requires, with a plan, a budget and an authority in charge.',
      (ARRAY['HIGH','MEDIUM','LOW']::"Priority"[])[1 + n % 3], '${expert.id}',
      now() + ((n % 400) - 200) * interval '1 day',
      split_part(s.v, '.', 1), s.v,
      CASE WHEN s.v LIKE '%.%' THEN jsonb_build_object('value', jsonb_build_object(split_part(s.v, '.', 1), split_part(s.v, '.', 2)), 'context', jsonb_build_object('country', 'BEN', 'submittedBy', null))
           ELSE jsonb_build_object('value', s.v, 'context', jsonb_build_object('country', 'BEN', 'submittedBy', null)) END,
      1, 1, now()
    FROM generate_series(1, ${n}) AS n
    JOIN LATERAL (SELECT (${STATE_ARRAY})[1 + (n / 9) % ${STATES.length}] AS v) s ON true`);
}
await insertCases(earlier.id, 2019, Math.ceil(CASES / 10), "early");
await insertCases(later.id, 2024, CASES, "case");
await insertCases(bulk.id, 2022, EXPORT_CASES, "bulk");
// One in ten reiterates the earlier visit's case of the same number.
await sql.exec(
  `UPDATE "Case" SET "followsCaseId" = 'early-' || (substr(id, 6)::int / 10) WHERE id LIKE 'case-%' AND substr(id, 6)::int % 10 = 0`,
);
const cases = await prisma.case.findMany({
  where: { assessmentId: later.id },
  select: { id: true, stateValue: true },
});
const events = cases.flatMap((c, i) =>
  STEPS[c.stateValue]!.map(([type, fromState, toState], step) => ({
    caseId: c.id,
    actorId: type === "CREATED" || type === "VERIFY" ? expert.id : focal.id,
    type,
    fromState,
    toState,
    reason: type === "REQUEST_CHANGES" ? "The deadline is too short for the legislative process." : null,
    responseText: ["AGREE", "SUBMIT_EVIDENCE", "VERIFY"].includes(type) ? `${RESPONSE} (${i})` : null,
    caseVersion: step + 1,
  })),
);
await prisma.caseEvent.createMany({ data: events });
await prisma.task.createMany({
  data: cases
    .filter((_, i) => i % 3 === 0)
    .map((c, i) => ({
      caseId: c.id,
      title: `Train border officers, group ${i}`,
      assigneeOrgId: partner.id,
      dueAt: new Date(Date.now() + ((i % 60) - 30) * 86_400_000),
      state: "open",
      snapshot: { value: "open", context: {} },
      workflowVersion: 1,
      createdById: expert.id,
    })),
});
const draftUpdate = (text: string) => {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("response").insert(0, [paragraph]);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
};
await appendUpdates(
  cases
    .filter((c) => c.stateValue === "drafted")
    .map((c) => ({
      docName: caseDocName(c.id),
      update: draftUpdate(`Draft response for ${c.id}: ${RESPONSE}`),
    })),
);
await sql.exec("ANALYZE");

// --- measurements --------------------------------------------------------------------------------
const user = {
  id: expert.id,
  name: expert.name,
  email: expert.email,
  role: expert.role,
  organization: { ...expert.organization, countryCode: null },
};
const loop = monitorEventLoopDelay({ resolution: 1 });
const ms = (ns: number) => (ns / 1e6).toFixed(1);
const rows: string[][] = [];
async function measure<T>(what: string, work: () => Promise<T>, size: (result: T) => string) {
  loop.reset();
  loop.enable();
  // The histogram records from its second tick on: let it tick before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const started = performance.now();
  const result = await work();
  const wall = performance.now() - started;
  // A timer's turn, so that a delay that lasted until the work's end is recorded too.
  await new Promise((resolve) => setTimeout(resolve, 2));
  loop.disable();
  rows.push([
    what,
    `${wall.toFixed(0)} ms`,
    size(result),
    `${ms(loop.max)} ms`,
    `${ms(loop.percentile(99))} ms`,
  ]);
  return result;
}
const bytes = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const drain = async (stream: ReadableStream<Uint8Array>, everyChunk = () => {}) => {
  const reader = stream.getReader();
  let total = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    total += read.value.length;
    everyChunk();
  }
  return total;
};
/**
 * With --expose-gc, a second pass of an export: the heap after a collection every 20 chunks, beyond
 * what it was before (apart from the timed pass, whose delays the collections would add to).
 */
const gc = (globalThis as { gc?: () => void }).gc;
async function heapKept(stream: () => Promise<ReadableStream<Uint8Array>>) {
  if (!gc) return 0;
  gc();
  const base = process.memoryUsage().heapUsed;
  let kept = 0;
  let chunks = 0;
  await drain(await stream(), () => {
    if (++chunks % 20 > 0) return;
    gc();
    kept = Math.max(kept, process.memoryUsage().heapUsed - base);
  });
  return kept;
}

const report = await measure(
  `report model (${CASES} cases)`,
  () => followUpReport(user, later.id),
  (r) => `${r.recommendations.length} recommendations`,
);
// On the main thread, for comparison: what the server would go through without the thread.
await measure(
  "Word file, on the main thread",
  () => renderReportDocx(report),
  (b) => bytes(b.length),
);
await measure(
  "Word file, first (starts its thread)",
  () => renderReportDocxOffThread(report),
  (b) => bytes(b.length),
);
await measure(
  "Word file, again",
  () => renderReportDocxOffThread(report),
  (b) => bytes(b.length),
);
const { existsSync } = await import("node:fs");
if (existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) {
  const pages = (b: Uint8Array) =>
    (
      Buffer.from(b)
        .toString("latin1")
        .match(/\/Type\s*\/Page(?![s\w])/g) ?? []
    ).length;
  await measure(
    "PDF, first (launches Chromium)",
    () => renderReportPdf(report),
    (b) => `${bytes(b.length)}, ${pages(b)} pages`,
  );
  await measure(
    "PDF, again",
    () => renderReportPdf(report),
    (b) => `${bytes(b.length)}, ${pages(b)} pages`,
  );
  await closePdfRenderer();
} else {
  rows.push(["PDF", "skipped: no Chromium", "", "", ""]);
}
const exportFilter = exportQuery(new URLSearchParams("country=BEN"));
const total = await prisma.case.count({ where: { countryCode: "BEN" } });
const csv = () => caseListCsv(user, exportFilter);
const xlsx = () => caseListXlsx(user, exportFilter);
await measure(`CSV export (${total} cases)`, async () => drain(await csv()), bytes);
await measure(`XLSX export (${total} cases)`, async () => drain(await xlsx()), bytes);
const kept = Math.max(await heapKept(csv), await heapKept(xlsx));

console.log(`\nFollow-up reports and exports, ${database().kind}, Node ${process.version}\n`);
const header = ["", "wall time", "size", "max event-loop delay", "p99 delay"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const row of [header, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i]!)).join("  "));
console.log(
  gc
    ? `\nheap kept during the exports, after collections: at most ${bytes(kept)} more than before`
    : "\n(run with node --expose-gc --import tsx bench/reports.ts for the heap kept during the exports)",
);
await closeDatabase();
