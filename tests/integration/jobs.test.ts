// Background jobs: claimed once per period across processes and restarts; what maintenance does.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";

import { database, prisma } from "~/db/client.server.ts";
import { appendUpdates, loadDocument } from "~/domain/documents.server.ts";
import { onSessionEnded } from "~/domain/events.server.ts";
import { runMaintenance } from "~/jobs/maintenance.server.ts";
import { claimRun } from "~/jobs/schedule.server.ts";

const MINUTE = 60_000;

describe("claimRun", () => {
  it("gives each period to exactly one of several concurrent claimants", async () => {
    const now = new Date("2026-12-01T10:00:00Z");
    const claims = await Promise.all(Array.from({ length: 5 }, () => claimRun("test-job", 5 * MINUTE, now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("does not run again within the period, also after a restart, and runs again once it is up", async () => {
    const start = new Date("2026-12-02T10:00:00Z");
    expect(await claimRun("daily", 24 * 60 * MINUTE, start)).toBe(true);
    // A restarted process has no memory of the run: the database does.
    expect(await claimRun("daily", 24 * 60 * MINUTE, new Date(start.getTime() + 60 * MINUTE))).toBe(false);
    expect(await claimRun("daily", 24 * 60 * MINUTE, new Date(start.getTime() + 24 * 60 * MINUTE))).toBe(
      true,
    );
  });
});

describe("maintenance", () => {
  it("ends expired sessions (announcing them) and folds document logs nobody folded", async () => {
    const user = await prisma().user.findUniqueOrThrow({ where: { email: "observer@ctc.example" } });
    await prisma().session.create({
      data: { id: "expired-session", userId: user.id, expiresAt: new Date(Date.now() - MINUTE) },
    });
    const ended: string[] = [];
    const stop = onSessionEnded((id) => ended.push(id));
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "left behind by a killed process");
    await appendUpdates([{ docName: "case:maintenance-test", update: Y.encodeStateAsUpdate(doc) }]);
    await database().sql.query(
      `UPDATE "CaseDocumentUpdate" SET at = now() - interval '1 hour' WHERE "docName" = 'case:maintenance-test'`,
    );

    const result = await runMaintenance();
    stop();
    expect(ended).toContain("expired-session");
    expect(await prisma().session.findUnique({ where: { id: "expired-session" } })).toBeNull();
    expect(result.compacted).toBeGreaterThanOrEqual(1);
    const stored = await loadDocument("case:maintenance-test");
    expect(stored?.logLength).toBe(0);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, stored!.update);
    expect(reloaded.getText("t").toString()).toBe("left behind by a killed process");
  });
});
