// A tamper-evident history (issue 13, point 3, for the case history): every entry written through
// the app is sealed in the chain; the database refuses to change or delete entries; and someone
// with the database's keys who disables that refusal, as an attacker would, and edits or deletes
// entries is found out: the check names the first entry that breaks the chain.
import { beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { verifyHistoryChain } from "~/domain/hash-chains.server.ts";
import { makeCase, makeCtedExpert, makeState, moveCase, sessionOf } from "~tests/helpers/factories.ts";

/** As an attacker with the database's keys would: the append-only trigger off for one statement. */
async function behindTheAppsBack(sql: string) {
  await prisma().$transaction([
    prisma().$executeRawUnsafe(`ALTER TABLE "CaseEvent" DISABLE TRIGGER "CaseEvent_append_only"`),
    prisma().$executeRawUnsafe(sql),
    prisma().$executeRawUnsafe(`ALTER TABLE "CaseEvent" ENABLE TRIGGER "CaseEvent_append_only"`),
  ]);
}

const lastId = async () => (await prisma().caseEvent.aggregate({ _max: { id: true } }))._max.id!;

describe("the case history's hash chain", () => {
  beforeAll(async () => {
    // Entries written by the app after the demo seed: a case drafted and agreed.
    const cted = await sessionOf(await makeCtedExpert());
    const state = await makeState();
    const c = await makeCase(cted, state);
    await moveCase(c.id, [{ type: "AGREE", by: await sessionOf(state.focal) }]);
  });

  it("holds for the demo data and what the app writes", async () => {
    const result = await verifyHistoryChain();
    const count = await prisma().caseEvent.count();
    expect(result).toMatchObject({ ok: true, entries: count });
    expect(count).toBeGreaterThan(50);
  });

  it("cannot be changed, deleted or emptied through the database", async () => {
    const id = await lastId();
    await expect(prisma().caseEvent.update({ where: { id }, data: { reason: "Rewritten" } })).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(prisma().caseEvent.delete({ where: { id } })).rejects.toThrow(/append-only: DELETE refused/);
    // (Prisma's embedded-database adapter loses the message of a failed raw statement.)
    const count = await prisma().caseEvent.count();
    await expect(prisma().$executeRawUnsafe(`TRUNCATE "CaseEvent"`)).rejects.toThrow();
    expect(await prisma().caseEvent.count()).toBe(count);
    expect((await verifyHistoryChain()).ok).toBe(true);
  });

  it("an entry's reason, actor or time changed behind the app's back is named", async () => {
    const last = await lastId();
    const target = last - 5n;
    await behindTheAppsBack(`UPDATE "CaseEvent" SET "reason" = 'Nothing happened' WHERE "id" = ${target}`);
    expect(await verifyHistoryChain()).toMatchObject({
      ok: false,
      firstBroken: target,
      reason: `entry ${target} was changed after it was written (or an entry before it was)`,
    });
  });

  it("an entry deleted before it is named first, as missing", async () => {
    const { id: deleted } = await prisma().caseEvent.findFirstOrThrow({
      where: { id: { gt: 10n } },
      orderBy: { id: "asc" },
      select: { id: true },
    });
    await behindTheAppsBack(`DELETE FROM "CaseEvent" WHERE "id" = ${deleted}`);
    expect(await verifyHistoryChain()).toMatchObject({
      ok: false,
      firstBroken: deleted,
      reason: `entry ${deleted} is missing: the history goes on at entry ${deleted + 1n}`,
    });
  });

  it("a hash recomputed for the changed entry alone does not hide it: the next entry breaks", async () => {
    const { id } = await prisma().caseEvent.findFirstOrThrow({
      where: { id: { gt: 3n } },
      orderBy: { id: "asc" },
      select: { id: true },
    });
    // The attacker changes entry `id` and seals it again with the database's own function; the
    // next entry was sealed on the old hash.
    await behindTheAppsBack(`
      UPDATE "CaseEvent" e SET "actorId" = (SELECT "id" FROM "User" WHERE "email" = 'observer@ctc.example'),
        "hash" = encode(sha256(convert_to(
          COALESCE((SELECT p."hash" FROM "CaseEvent" p WHERE p."id" = e."id" - 1), '') ||
          "CaseEvent_canonical"(e), 'UTF8')), 'hex')
      WHERE e."id" = ${id}`);
    const result = await verifyHistoryChain();
    expect(result.ok).toBe(false);
    // The re-sealed entry itself checks against the values before the update, so it is named,
    // or, had the attacker got its hash right, the entry after it.
    expect([id, id + 1n]).toContain((result as { firstBroken: bigint }).firstBroken);
  });
});
