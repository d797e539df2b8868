// The clean-up of evidence files whose recording never finished (app/jobs/orphan-uploads.server.ts):
// what it removes, and what it must never touch.
import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";

import { describe, expect, it } from "vitest";

import { database, prisma } from "~/db/client.server.ts";
import { runMaintenance } from "~/jobs/maintenance.server.ts";
import {
  cleanOrphanUploads,
  cleanOrphanUploadsAtStart,
  ORPHAN_AGE_MS,
} from "~/jobs/orphan-uploads.server.ts";
import { storage } from "~/storage/index.server.ts";

const HOUR = 60 * 60_000;
const bytes = Buffer.from("evidence bytes ".repeat(1000));

async function fileRow({ stored, addedAgoMs }: { stored: boolean; addedAgoMs: number }) {
  const [someCase, expert] = await Promise.all([
    prisma().case.findFirstOrThrow({ select: { id: true } }),
    prisma().user.findUniqueOrThrow({ where: { email: "expert@cted.example" }, select: { id: true } }),
  ]);
  const key = randomUUID();
  const addedAt = new Date(Date.now() - addedAgoMs);
  // In the recording's order: the row first, then the bytes, then (if it got that far) storedAt.
  const row = await prisma().evidence.create({
    data: {
      caseId: someCase.id,
      kind: "FILE",
      title: "Order No. 45",
      fileName: "order-45.pdf",
      storageKey: key,
      addedById: expert.id,
      addedAt,
    },
  });
  const put = await storage().put(key, Readable.from([bytes]), { maxBytes: 1024 * 1024 });
  if (stored) {
    await prisma().evidence.update({
      where: { id: row.id },
      data: { size: put.size, sha256: put.sha256, storedAt: addedAt },
    });
  }
  return { id: row.id, key };
}

const rowExists = async (id: string) => (await prisma().evidence.findUnique({ where: { id } })) !== null;
const holdsBytes = async (key: string) => (await storage().get(key)) !== null;

describe("orphan uploads", () => {
  it("removes a file row left without storedAt, with its bytes, and leaves stored and young ones alone", async () => {
    const orphan = await fileRow({ stored: false, addedAgoMs: 2 * HOUR });
    const stored = await fileRow({ stored: true, addedAgoMs: 2 * HOUR });
    const uploading = await fileRow({ stored: false, addedAgoMs: 60_000 });

    const result = await cleanOrphanUploads(new Date(Date.now() - ORPHAN_AGE_MS));

    expect(result.orphanRows).toBeGreaterThanOrEqual(1);
    expect(await rowExists(orphan.id)).toBe(false);
    expect(await holdsBytes(orphan.key)).toBe(false);
    expect(await rowExists(stored.id)).toBe(true);
    const read = await storage().get(stored.key);
    const hash = createHash("sha256");
    for await (const piece of read!) hash.update(piece as Buffer);
    expect(hash.digest("hex")).toBe(createHash("sha256").update(bytes).digest("hex"));
    // Younger than an hour: another process may still be storing it.
    expect(await rowExists(uploading.id)).toBe(true);
    expect(await holdsBytes(uploading.key)).toBe(true);
  });

  it("never touches links and references, which have no storedAt of their own", async () => {
    const someCase = await prisma().case.findFirstOrThrow({ select: { id: true } });
    const expert = await prisma().user.findUniqueOrThrow({ where: { email: "expert@cted.example" } });
    const link = await prisma().evidence.create({
      data: {
        caseId: someCase.id,
        kind: "LINK",
        title: "Official gazette",
        url: "https://gazette.example/45",
        addedById: expert.id,
        addedAt: new Date(Date.now() - 2 * HOUR),
      },
    });
    await cleanOrphanUploads(new Date());
    expect(await rowExists(link.id)).toBe(true);
  });

  it("runs in the maintenance job", async () => {
    const orphan = await fileRow({ stored: false, addedAgoMs: 2 * HOUR });
    const result = await runMaintenance();
    expect(result.orphanRows).toBeGreaterThanOrEqual(1);
    expect(await rowExists(orphan.id)).toBe(false);
    expect(await holdsBytes(orphan.key)).toBe(false);
  });

  it("sweeps chunks no row names only when asked to (start-up on the embedded database)", async () => {
    const stored = await fileRow({ stored: true, addedAgoMs: 0 });
    const stray = randomUUID();
    await storage().put(stray, Readable.from([bytes]), { maxBytes: 1024 * 1024 });

    await cleanOrphanUploads(new Date(Date.now() - ORPHAN_AGE_MS));
    expect(await holdsBytes(stray)).toBe(true);

    const result = await cleanOrphanUploads(new Date(Date.now() - ORPHAN_AGE_MS), {
      unreferencedChunks: true,
    });
    expect(result.orphanKeys).toBeGreaterThanOrEqual(1);
    expect(await holdsBytes(stray)).toBe(false);
    expect(await holdsBytes(stored.key)).toBe(true);
  });

  it("at start-up, takes every unfinished file on the embedded database, and only old ones on a server", async () => {
    const uploading = await fileRow({ stored: false, addedAgoMs: 60_000 });
    const stray = randomUUID();
    await storage().put(stray, Readable.from([bytes]), { maxBytes: 1024 * 1024 });

    await cleanOrphanUploadsAtStart();

    const embedded = database().kind === "pglite";
    expect(await rowExists(uploading.id)).toBe(!embedded);
    expect(await holdsBytes(uploading.key)).toBe(!embedded);
    expect(await holdsBytes(stray)).toBe(!embedded);
    await storage().delete(stray);
  });
});
