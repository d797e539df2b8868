// Row-level security (issue 13, point 4): beside the access module's filters, the database itself
// restricts cases, tasks, evidence and history to the person's scope when a statement runs as the
// application role with their scope set: a query that forgets the app's filter still returns
// nothing outside it. And the app refuses to start where the role could bypass that.
import { beforeAll, describe, expect, it } from "vitest";

import { caseScope, evidenceScope, historyScope, rowScope, taskScope } from "~/access/scopes.server.ts";
import type { SessionUser } from "~/access/visibility.ts";
import { database, prisma } from "~/db/client.server.ts";
import { assertRowSecurity, rowSecurityProblems, withRowScope } from "~/db/row-security.server.ts";
import { inTransaction } from "~/models/transaction.server.ts";
import { sessionOf } from "~tests/helpers/factories.ts";

const DEMO = {
  kazakhFocal: "focal@kaz.example",
  tajikFocal: "focal@tjk.example",
  partner: "officer@interpol.example",
  expert: "expert@cted.example",
  observer: "observer@ctc.example",
};

let people: Record<keyof typeof DEMO, SessionUser>;

beforeAll(async () => {
  const entries = await Promise.all(
    Object.entries(DEMO).map(async ([key, email]) => [key, await sessionOf({ email })] as const),
  );
  people = Object.fromEntries(entries) as typeof people;
});

/** As the person, with no filter of the app's: what the database alone lets through. */
const asPerson = <T>(user: SessionUser, fn: () => Promise<T>) => withRowScope(rowScope(user), fn);

const ids = (rows: { id: string | bigint }[]) => rows.map((r) => String(r.id)).sort();

describe("row-level security", () => {
  it("a Kazakh focal point's query without the app's filter returns no Tajik row", async () => {
    const kazakh = people.kazakhFocal;
    const { cases, tasks, evidence, events } = await asPerson(kazakh, async () => ({
      cases: await prisma().case.findMany({ select: { countryCode: true } }),
      tasks: await prisma().task.findMany({ select: { case: { select: { countryCode: true } } } }),
      evidence: await prisma().evidence.findMany({ select: { case: { select: { countryCode: true } } } }),
      events: await prisma().caseEvent.findMany({ select: { case: { select: { countryCode: true } } } }),
    }));
    expect(cases.length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.countryCode))).toEqual(new Set(["KAZ"]));
    for (const rows of [tasks, evidence, events])
      expect(rows.filter((r) => r.case.countryCode !== "KAZ")).toEqual([]);
    // The same by raw SQL, as the role, in one transaction.
    const raw = await asPerson(kazakh, () =>
      inTransaction(
        (tx) => tx.$queryRaw<{ countryCode: string }[]>`SELECT DISTINCT "countryCode" FROM "Case"`,
      ),
    );
    expect(raw).toEqual([{ countryCode: "KAZ" }]);
    // Without the scope, as the owner, the Tajik cases are there.
    expect(await prisma().case.count({ where: { countryCode: "TJK" } })).toBeGreaterThan(0);
  });

  it("the same rows as the access module's filters, for every kind of account", async () => {
    for (const user of Object.values(people)) {
      const byPolicy = await asPerson(user, async () => ({
        cases: ids(await prisma().case.findMany({ select: { id: true } })),
        tasks: ids(await prisma().task.findMany({ select: { id: true } })),
        evidence: ids(await prisma().evidence.findMany({ select: { id: true } })),
        events: ids(await prisma().caseEvent.findMany({ select: { id: true } })),
      }));
      const byFilter = {
        cases: ids(await prisma().case.findMany({ where: caseScope(user), select: { id: true } })),
        tasks: ids(await prisma().task.findMany({ where: taskScope(user), select: { id: true } })),
        evidence: ids(await prisma().evidence.findMany({ where: evidenceScope(user), select: { id: true } })),
        events: ids(await prisma().caseEvent.findMany({ where: historyScope(user), select: { id: true } })),
      };
      expect(byPolicy, user.email).toEqual(byFilter);
    }
    expect((await asPerson(people.partner, () => prisma().case.count())) > 0).toBe(true);
  });

  it("a write outside the scope changes nothing, whatever the SQL says", async () => {
    const changed = await asPerson(
      people.kazakhFocal,
      () => prisma().$executeRaw`UPDATE "Case" SET "title" = 'Rewritten' WHERE "countryCode" = 'TJK'`,
    );
    expect(changed).toBe(0);
    expect(await prisma().case.count({ where: { title: "Rewritten" } })).toBe(0);
    // Moving one of one's own cases out of one's scope is refused by the policy.
    const kazakh = await prisma().case.findFirstOrThrow({ where: { countryCode: "KAZ" } });
    await expect(
      asPerson(people.kazakhFocal, () =>
        inTransaction(
          (tx) => tx.$executeRaw`UPDATE "Case" SET "countryCode" = 'TJK' WHERE id = ${kazakh.id}`,
        ),
      ),
    ).rejects.toThrow(); // (the embedded adapter loses the message: "new row violates row-level security policy")
    expect((await prisma().case.findUniqueOrThrow({ where: { id: kazakh.id } })).countryCode).toBe("KAZ");
  });

  it("start-up accepts the migrated database and refuses a role that would bypass the policies", async () => {
    await expect(assertRowSecurity(database())).resolves.toBeUndefined();
    const ROLLBACK = new Error("rollback");
    const problemsWith = (change: string) =>
      database()
        .sql.transaction(async (query) => {
          await query(change);
          const problems = await rowSecurityProblems(query);
          // Undone: roles are shared by every database of a PostgreSQL server.
          throw Object.assign(ROLLBACK, { problems });
        })
        .catch((error: Error & { problems?: string[] }) => {
          if (error !== ROLLBACK) throw error;
          return error.problems;
        });
    expect(await problemsWith(`ALTER ROLE follow_up_app SUPERUSER`)).toEqual([
      "the role follow_up_app is a superuser, which row security does not restrict",
    ]);
    expect(await problemsWith(`ALTER ROLE follow_up_app BYPASSRLS`)).toEqual([
      "the role follow_up_app may bypass row security (BYPASSRLS)",
    ]);
    expect(await problemsWith(`ALTER TABLE "Evidence" DISABLE ROW LEVEL SECURITY`)).toEqual([
      'row security is off on the table "Evidence"',
    ]);
    await expect(assertRowSecurity(database())).resolves.toBeUndefined();
  });
});
