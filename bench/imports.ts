// `npm run bench:imports`: what reading a visit report costs, and how long it holds the event
// loop (which is what other users' requests wait on). Reports are made with the docx package:
// numbered recommendations under the nine thematic-area headings, 12 (the baseline, the size of
// docs/samples/visit-report-sample.docx), 100, 400 and 2,000 long ones (see SIZES). For each:
// the file's size, the median of 5 reads, and the longest the event loop was held meanwhile
// (measured by a 1 ms timer beside it), read on the main thread (readImportFile) and as the app
// reads them, on the reader's thread (readImportFileOffThread). Prints figures and ratios against
// the baseline; docs/performance.md records them.
import { monitorEventLoopDelay } from "node:perf_hooks";

import { Document, HeadingLevel, LevelFormat, Packer, Paragraph } from "docx";

import { readImportFileOffThread, stopImportReader } from "~/import/read-off-thread.server.ts";
import { readImportFile } from "~/import/read-upload.server.ts";
import { DEFAULT_THEMATIC_AREAS } from "~/lib/areas.ts";

// The last is about the longest report accepted: 2,000 recommendations (the most one import holds)
// of some 2,000 characters each, near the readers' 6 MB limit on a report's XML.
const SIZES = [
  { n: 12, repeat: 1 },
  { n: 100, repeat: 1 },
  { n: 400, repeat: 1 },
  { n: 2000, repeat: 12 },
];
const RUNS = 5;

const SENTENCE =
  "Strengthen the inter-agency mechanism for sharing terrorism-related information between the " +
  "security service, the police and the prosecution service, with written procedures and time limits";

async function report(recommendations: number, repeat: number): Promise<Uint8Array> {
  const children: Paragraph[] = [
    new Paragraph({ text: "Visit report (benchmark)", heading: HeadingLevel.TITLE }),
  ];
  const perArea = Math.ceil(recommendations / DEFAULT_THEMATIC_AREAS.length);
  let made = 0;
  for (const area of DEFAULT_THEMATIC_AREAS) {
    if (made >= recommendations) break;
    children.push(new Paragraph({ text: area.label, heading: HeadingLevel.HEADING_1 }));
    children.push(new Paragraph({ text: "The delegation met the relevant authorities." }));
    for (let i = 0; i < perArea && made < recommendations; i++, made++) {
      children.push(
        new Paragraph({
          text: `${Array(repeat).fill(SENTENCE).join("; ")} (recommendation ${made + 1}).`,
          numbering: { reference: "recommendations", level: 0 },
        }),
      );
    }
  }
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: "recommendations",
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: "left" }],
        },
      ],
    },
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

type Reader = typeof readImportFile;

async function measure(read: Reader, bytes: Uint8Array) {
  const times: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  // A timer that wants to run every millisecond: how late it runs is how long the loop was held.
  const ticker = setInterval(() => {}, 1);
  loop.enable();
  let rows = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    rows = (await read(bytes, "report.docx")).rows.length;
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  loop.disable();
  clearInterval(ticker);
  times.sort((a, b) => a - b);
  return { rows, median: times[Math.floor(RUNS / 2)]!, heldMs: loop.max / 1e6 };
}

const reports = await Promise.all(
  SIZES.map(async ({ n, repeat }) => ({ n, bytes: await report(n, repeat) })),
);
// The thread started (and its modules loaded) before anything is timed.
await readImportFileOffThread(reports[0]!.bytes, "report.docx");
for (const [name, read] of [
  ["main thread", readImportFile],
  ["reader's thread (as the app reads)", readImportFileOffThread],
] as const) {
  const results = [];
  for (const { n, bytes } of reports) {
    const m = await measure(read, bytes);
    if (m.rows !== n) throw new Error(`read ${m.rows} of ${n} recommendations`);
    results.push({ n, kb: bytes.length / 1024, ...m });
  }
  const [base] = results;
  console.log(`\nOn the ${name}:`);
  console.log("recommendations   file   read (median)  x baseline  event loop held (max)");
  for (const r of results) {
    console.log(
      `${String(r.n).padStart(15)}  ${r.kb.toFixed(0).padStart(3)} KB  ${r.median.toFixed(1).padStart(10)} ms` +
        `  ${(r.median / base!.median).toFixed(1).padStart(9)}x  ${r.heldMs.toFixed(1).padStart(18)} ms`,
    );
  }
}
await stopImportReader();
