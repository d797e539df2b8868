// A kill -9 of the server in the middle of a 20 MB evidence upload leaves no visible item, and the
// next start removes what the upload left behind (its invisible row and the bytes stored so far:
// app/jobs/orphan-uploads.server.ts). The data folder is read directly only while no app runs on it.
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";

import { logEntries, type RunningApp, signInOver, startApp } from "~tests/helpers/server.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "followup-evidence-crash-"));
let app: RunningApp | undefined;
afterAll(async () => {
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const TITLE = "Scan of the border post's logbook (interrupted)";
const FILE_BYTES = 20 * 1024 * 1024;
const BOUNDARY = "----evidence-crash-boundary";

/** What the data folder holds of the interrupted upload: its row (if any) and the chunks under its key. */
async function leftOf(key: string | null) {
  const db = new PGlite(dataDir);
  try {
    const rows = await db.query<{ storedAt: Date | null; storageKey: string }>(
      `SELECT "storedAt", "storageKey" FROM "Evidence" WHERE title = $1`,
      [TITLE],
    );
    const chunks = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "StoredChunk" WHERE key = $1`,
      [key ?? rows.rows[0]?.storageKey ?? ""],
    );
    return { rows: rows.rows, chunks: chunks.rows[0]!.n };
  } finally {
    await db.close();
  }
}

/**
 * Starts a 20 MB upload and resolves once `killAfter` bytes of the file have been taken in by the
 * server (written with back-pressure, so it is reading, and storing, as they go).
 */
function startUpload(url: string, cookie: string, caseId: string, killAfter: number) {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\n${TITLE}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="logbook.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const req = httpRequest(`${url}/api/cases/${caseId}/evidence`, {
    method: "POST",
    headers: {
      cookie,
      "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`,
      "Content-Length": String(head.length + FILE_BYTES + tail.length),
    },
  });
  const outcome = new Promise<string>((resolve) => {
    req.on("response", (res) => {
      res.resume();
      resolve(`answered ${res.statusCode}`);
    });
    req.on("error", (error) => resolve(`failed: ${error.message}`));
  });
  const reached = new Promise<void>((resolve) => {
    req.write(head);
    const piece = Buffer.alloc(64 * 1024, 0x25);
    piece.write("%PDF-1.7\n");
    let sent = 0;
    const pump = () => {
      while (sent < FILE_BYTES) {
        if (sent >= killAfter) return resolve();
        sent += piece.length;
        if (!req.write(sent === piece.length ? piece : piece.fill(0x25, 0, 9)))
          return req.once("drain", pump);
      }
    };
    pump();
  });
  return { reached, outcome };
}

describe("a kill -9 during an evidence upload", () => {
  it("leaves no visible item, and the next start removes the orphan row and its bytes", async () => {
    app = await startApp({ DATA_DIR: dataDir });
    const cookie = await signInOver(app.url, "focal@tjk.example");
    const { items } = await (
      await fetch(`${app.url}/api/cases?q=TJK-2017-BC-01`, { headers: { cookie } })
    ).json();
    const caseId: string = items[0].id;

    const upload = startUpload(app.url, cookie, caseId, 8 * 1024 * 1024);
    await upload.reached;
    // Let the server store what it has read so far. Half stored, the item is nowhere to be seen.
    await new Promise((r) => setTimeout(r, 500));
    const during = await (
      await fetch(`${app.url}/api/cases/${caseId}/evidence`, { headers: { cookie } })
    ).json();
    expect(during.items.map((i: { title: string }) => i.title)).not.toContain(TITLE);
    app.process.kill("SIGKILL");
    expect(await upload.outcome).toMatch(/^failed/);
    await app.stop();

    // What the crash left: the item's row, still invisible, and some of its bytes.
    const left = await leftOf(null);
    expect(left.rows).toEqual([{ storedAt: null, storageKey: expect.any(String) }]);
    expect(left.chunks).toBeGreaterThan(0);
    const key = left.rows[0]!.storageKey;

    app = await startApp({ DATA_DIR: dataDir });
    const cleaned = logEntries(app.output()).find((e) => e.msg === "orphan uploads cleaned");
    expect(cleaned).toMatchObject({ orphanRows: 1, orphanKeys: 1 });
    const again = await signInOver(app.url, "focal@tjk.example");
    const listed = await (
      await fetch(`${app.url}/api/cases/${caseId}/evidence`, { headers: { cookie: again } })
    ).json();
    expect(listed.items.map((i: { title: string }) => i.title)).not.toContain(TITLE);
    await app.stop();
    app = undefined;

    expect(await leftOf(key)).toEqual({ rows: [], chunks: 0 });
  });
});

describe("a file past the evidence limit, in the real server process", () => {
  // The storage driver and the route live in two copies of their modules here (the Express entry's
  // and the Remix build's): the refusal must still be a 413 with a sentence, and store nothing.
  it("answers 413 and keeps nothing", async () => {
    app = await startApp({ DATA_DIR: dataDir });
    const cookie = await signInOver(app.url, "focal@tjk.example");
    const { items } = await (
      await fetch(`${app.url}/api/cases?q=TJK-2017-BC-01`, { headers: { cookie } })
    ).json();
    const caseId: string = items[0].id;
    const bytes = Buffer.alloc(25 * 1024 * 1024 + 64 * 1024, 0x25);
    bytes.write("%PDF-1.7\n");
    const form = new FormData();
    form.set("title", "Too large");
    form.set("file", new Blob([bytes], { type: "application/pdf" }), "large.pdf");
    const res = await fetch(`${app.url}/api/cases/${caseId}/evidence`, {
      method: "POST",
      headers: { cookie },
      body: form,
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/larger than 25 MB/);
    const listed = await (
      await fetch(`${app.url}/api/cases/${caseId}/evidence`, { headers: { cookie } })
    ).json();
    expect(listed.items.map((i: { title: string }) => i.title)).not.toContain("Too large");
    await app.stop();
    app = undefined;
    const db = new PGlite(dataDir);
    try {
      const rows = await db.query(`SELECT 1 FROM "Evidence" WHERE title = 'Too large'`);
      expect(rows.rows).toHaveLength(0);
    } finally {
      await db.close();
    }
  });
});
