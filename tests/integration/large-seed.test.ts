// `npm run seed:large` (issue 15, point 1): the large data set is made by set-based statements, so
// it must still be data the app reads as its own: every case's workflow snapshot and version agree
// with its history, the history chain holds, and each role sees exactly its share.
import { beforeAll, describe, expect, it } from "vitest";

import { database, prisma } from "~/db/client.server.ts";
import { hashPassword } from "~/domain/auth.server.ts";
import { CaseListQuery } from "~/domain/case-input.ts";
import { getCase, listCases } from "~/domain/cases.server.ts";
import { verifyHistoryChain } from "~/domain/hash-chains.server.ts";
import { LARGE_PARTNERS, type LargeSeedResult, seedLarge } from "~prisma/seed/large.ts";
import { sessionOf } from "~tests/helpers/factories.ts";
import { DEMO_PASSWORD } from "~tests/helpers/http.ts";
import { taskStatesWith } from "~workflows/state-tags.ts";

const CASES = 600;
const STATES = 6;
let made: LargeSeedResult;

describe("the large data set (seed:large)", () => {
  beforeAll(async () => {
    made = await seedLarge(database().sql, {
      cases: CASES,
      states: STATES,
      passwordHash: await hashPassword(DEMO_PASSWORD),
    });
  });

  it("makes the cases, tasks and history asked for, in every top-level state", async () => {
    expect(made.countryCodes).toEqual(["XAA", "XAB", "XAC", "XAD", "XAE", "XAF"]);
    expect(made.cases).toBe(CASES);
    expect(made.tasks).toBeGreaterThan(CASES / 10);
    const byState = await prisma().case.groupBy({
      by: ["state"],
      where: { id: { startsWith: "lcase-" } },
      _count: { _all: true },
    });
    expect(byState.map((s) => s.state).sort()).toEqual(["agreed", "drafted", "in_progress", "verified"]);
    // Each case's version is one more than the transitions its history records (CREATED is 1).
    const [mismatch] = await database().sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Case" c
       WHERE c.id LIKE 'lcase-%' AND c.version <> (SELECT count(*) FROM "CaseEvent" e WHERE e."caseId" = c.id)
          OR c."stateValue" <> (SELECT "toState" FROM "CaseEvent" e WHERE e."caseId" = c.id ORDER BY id DESC LIMIT 1)`,
    );
    expect(mismatch!.n).toBe(0);
    await expect(verifyHistoryChain()).resolves.toMatchObject({ ok: true });
  });

  it("refuses to run twice on one database", async () => {
    await expect(seedLarge(database().sql, { cases: 10, states: STATES, passwordHash: "x" })).rejects.toThrow(
      /already holds/,
    );
  });

  it("gives each State's focal point its own cases, and partners the cases of their tasks", async () => {
    const focal = await sessionOf({ email: "focal@xab.large.example" });
    const list = await listCases(focal, CaseListQuery.parse({ pageSize: 50 }));
    expect(list.total).toBe(CASES / STATES);
    expect(new Set(list.items.map((c) => c.country))).toEqual(new Set(["XAB"]));
    // A page past the end is empty and still says how many there are.
    const past = await listCases(focal, CaseListQuery.parse({ pageSize: 50, page: 9 }));
    expect(past).toMatchObject({ items: [], total: CASES / STATES });
    // The workflow reads the stored snapshot: a drafted case of theirs can be agreed by them.
    const drafted = list.items.find((c) => c.stateValue === "drafted")!;
    expect((await getCase(focal, drafted.id)).allowedEvents).toContain("AGREE");

    const officer = await sessionOf({ email: `officer1@${LARGE_PARTNERS[0]!.toLowerCase()}.large.example` });
    const theirs = await listCases(officer, CaseListQuery.parse({ pageSize: 50 }));
    const expected = await prisma().case.count({
      where: {
        tasks: {
          some: {
            assigneeOrgId: `lpartner-${LARGE_PARTNERS[0]}`,
            state: { in: taskStatesWith("partnerVisible") },
          },
        },
      },
    });
    expect(expected).toBeGreaterThan(0);
    expect(theirs.total).toBe(expected);
  });
});
