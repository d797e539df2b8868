// The audit log (issue 13): entries written through audit() are numbered without a gap and sealed
// in a hash chain that the check accepts, and the database refuses to change, delete or empty
// them; someone with the database's keys who disables that refusal, as an attacker would, and
// edits, deletes or re-seals entries is found out, by the check and by `npm run audit:verify` run
// as its own process; administrators read the log through the API and the page, filtered, and
// anyone else is refused. Every entry these tests look at is written here, through audit().
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";
import { beforeAll, describe, expect, inject, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { audit, type AuditEvent } from "~/domain/audit.server.ts";
import { verifyAuditChain } from "~/domain/hash-chains.server.ts";
import { withRequest } from "~/lib/log.server.ts";
import { inTransaction } from "~/models/transaction.server.ts";
import * as auditPage from "~/routes/admin.audit.tsx";
import * as auditApi from "~/routes/api.admin.audit._index.ts";
import * as verifyApi from "~/routes/api.admin.audit.verify.ts";
import { makeCtedExpert, type Person } from "~tests/helpers/factories.ts";
import { call, DEMO_ACCOUNTS, signInAs } from "~tests/helpers/http.ts";
import { prepareDataDir } from "~tests/helpers/server.ts";

const HEX64 = /^[0-9a-f]{64}$/;
const DAY = 24 * 60 * 60 * 1000;

const lastAuditId = async () => (await prisma().auditEntry.aggregate({ _max: { id: true } }))._max.id ?? 0n;
const actorOf = (person: Pick<Person, "id" | "email">) => ({ id: person.id, email: person.email });

/** Writes an entry through audit(), as the request with this id from this address would. */
function auditFrom(
  event: AuditEvent,
  requestId = `req-${randomBytes(4).toString("hex")}`,
  address = "198.51.100.7",
) {
  return withRequest({ requestId, address }, () => audit(event));
}

/** Writes n entries one after the other; returns their ids. */
async function writeEntries(n: number, event: (i: number) => AuditEvent): Promise<bigint[]> {
  const first = (await lastAuditId()) + 1n;
  for (let i = 0; i < n; i++) await auditFrom(event(i));
  const rows = await prisma().auditEntry.findMany({
    where: { id: { gte: first } },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** As an attacker with the database's keys would: the append-only trigger off for these statements. */
async function behindTheAppsBack(...statements: string[]) {
  await prisma().$transaction([
    prisma().$executeRawUnsafe(`ALTER TABLE "AuditEntry" DISABLE TRIGGER "AuditEntry_append_only"`),
    ...statements.map((sql) => prisma().$executeRawUnsafe(sql)),
    prisma().$executeRawUnsafe(`ALTER TABLE "AuditEntry" ENABLE TRIGGER "AuditEntry_append_only"`),
  ]);
}

const changedReason = (id: bigint) =>
  `audit entry ${id} was changed after it was written (or an audit entry before it was)`;

const as: Record<string, string> = {};
const api = async (query: string, who = "admin") => {
  const res = await call(auditApi, `/api/admin/audit${query}`, { cookie: as[who] });
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  for (const who of ["admin", "expert", "tjk"] as const) as[who] = await signInAs(DEMO_ACCOUNTS[who]);
});

/** What `audit:verify` says of the entries before the first broken one (several here). */
const intactBefore = (target: string) => `${Number(target) - 1} entries before it are intact.`;

describe("(a) written through audit()", () => {
  it("entries get gapless ids in the order written, their request's id and address, and a chain the check accepts", async () => {
    const person = await makeCtedExpert("CTED_ADMIN");
    const before = await lastAuditId();
    for (let i = 0; i < 4; i++) {
      await auditFrom(
        { actor: actorOf(person), action: "export.downloaded", details: { format: "csv", rows: i } },
        `req-a-${i}`,
        `203.0.113.${i + 1}`,
      );
    }
    // Ten at once, and one in a transaction that is rolled back: it leaves no gap.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        audit({ actor: actorOf(person), action: "export.downloaded", details: { format: "xlsx", rows: i } }),
      ),
    );
    await expect(
      inTransaction(async (tx) => {
        await audit(
          { actor: actorOf(person), action: "export.downloaded", details: { rolledBack: true } },
          tx,
        );
        throw new Error("the change failed after its entry was written");
      }),
    ).rejects.toThrow(/the change failed/);
    await audit({ actor: null, action: "admin.created", details: { note: "after the rollback" } });

    const rows = await prisma().auditEntry.findMany({
      where: { id: { gt: before } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 15 }, (_, i) => before + 1n + BigInt(i)));
    expect(rows.some((r) => (r.details as { rolledBack?: boolean } | null)?.rolledBack)).toBe(false);
    expect(rows.slice(0, 4).map((r) => [r.requestId, r.address])).toEqual([
      ["req-a-0", "203.0.113.1"],
      ["req-a-1", "203.0.113.2"],
      ["req-a-2", "203.0.113.3"],
      ["req-a-3", "203.0.113.4"],
    ]);
    expect(rows[0]).toMatchObject({
      actorId: person.id,
      actorEmail: person.email,
      action: "export.downloaded",
    });
    expect(rows.every((r) => HEX64.test(r.hash ?? ""))).toBe(true);
    expect(rows.at(-1)).toMatchObject({ actorId: null, actorEmail: null, action: "admin.created" });

    // Every number from 1 to the last is taken, whoever wrote the entries before these.
    const count = await prisma().auditEntry.count();
    expect(BigInt(count)).toBe(await lastAuditId());
    expect(await verifyAuditChain()).toEqual({ ok: true, entries: count, lastHash: rows.at(-1)!.hash });
  });

  it("the database refuses to change, delete or empty the log", async () => {
    const id = await lastAuditId();
    await expect(
      prisma().auditEntry.update({ where: { id }, data: { address: "10.0.0.1" } }),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(prisma().auditEntry.delete({ where: { id } })).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(prisma().auditEntry.deleteMany({})).rejects.toThrow(/append-only: DELETE refused/);
    // (Prisma's embedded-database adapter loses the message of a failed raw statement.)
    const count = await prisma().auditEntry.count();
    await expect(prisma().$executeRawUnsafe(`TRUNCATE "AuditEntry"`)).rejects.toThrow();
    await expect(prisma().$executeRawUnsafe(`UPDATE "AuditEntry" SET "hash" = NULL`)).rejects.toThrow();
    expect(await prisma().auditEntry.count()).toBe(count);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, entries: count });
  });
});

describe("(d) the API and the page, for administrators", () => {
  let person: Person;
  let pager: Person;
  let demoCase: { id: string; ref: string; assessmentId: string };
  let otherCase: { id: string; ref: string };
  let visitTitle: string;
  const TYPED = "nobody.at.all@unknown.example";

  beforeAll(async () => {
    person = await makeCtedExpert("CTED_ADMIN");
    pager = await makeCtedExpert("CTED_ADMIN");
    const cases = await prisma().case.findMany({
      where: { countryCode: "TJK" },
      orderBy: { ref: "asc" },
      take: 2,
      select: { id: true, ref: true, assessmentId: true },
    });
    demoCase = cases[0]!;
    otherCase = cases[1]!;
    visitTitle = (await prisma().assessment.findUniqueOrThrow({ where: { id: demoCase.assessmentId } }))
      .title;
    const actor = actorOf(person);
    await auditFrom({
      actor,
      action: "admin.visit.changed",
      subject: { type: "assessment", id: demoCase.assessmentId },
      details: { fields: ["title"] },
    });
    await auditFrom({
      actor,
      action: "case.transition",
      subject: { type: "case", id: demoCase.id },
      caseId: demoCase.id,
      details: { from: "agreed", to: "in_progress" },
    });
    await auditFrom({
      actor,
      action: "task.created",
      subject: { type: "task", id: "task-of-the-test" },
      caseId: otherCase.id,
    });
    await auditFrom({
      actor,
      action: "admin.visit.changed",
      subject: { type: "assessment", id: demoCase.assessmentId },
    });
    // A sign-in refused to an address of no account: the address as typed, no account id.
    await auditFrom({
      actor: { id: null, email: TYPED },
      action: "sign_in_failed",
      details: { reason: "unknown" },
    });
  });

  it("lists entries newest first, with names, labels, the case's reference and the visit's title", async () => {
    const { status, body } = await api("");
    expect(status).toBe(200);
    const ids = body.entries.map((e: { id: string }) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    expect(body.entries[0]).toMatchObject({
      action: "sign_in_failed",
      actionLabel: "Sign-in refused",
      actor: { id: null, name: null, email: TYPED },
      details: { reason: "unknown" },
      address: "198.51.100.7",
      requestId: expect.stringMatching(/^req-/),
      hash: expect.stringMatching(HEX64),
    });
    expect(body.entries[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const transition = body.entries.find((e: { action: string }) => e.action === "case.transition");
    expect(transition).toMatchObject({
      actionLabel: "Case moved",
      actor: { id: person.id, name: person.name, email: person.email },
      subject: { type: "case", id: demoCase.id, name: demoCase.ref },
      case: { id: demoCase.id, ref: demoCase.ref },
      details: { from: "agreed", to: "in_progress" },
    });
    const visit = body.entries.find((e: { action: string }) => e.action === "admin.visit.changed");
    expect(visit).toMatchObject({
      actionLabel: "Visit changed",
      subject: { type: "assessment", name: visitTitle },
    });
    expect(body.notices).toEqual([]);
  });

  it("filters by action, person (an account's email in any case, or an address typed for no account) and case reference", async () => {
    const byAction = await api("?action=admin.visit.changed");
    expect(byAction.status).toBe(200);
    expect(byAction.body.entries.length).toBeGreaterThanOrEqual(2);
    expect(byAction.body.entries.every((e: { action: string }) => e.action === "admin.visit.changed")).toBe(
      true,
    );

    const byPerson = await api(`?person=${encodeURIComponent(person.email.toUpperCase())}`);
    expect(byPerson.body.notices).toEqual([]);
    expect(byPerson.body.entries.map((e: { action: string }) => e.action)).toEqual([
      "admin.visit.changed",
      "task.created",
      "case.transition",
      "admin.visit.changed",
    ]);
    expect(byPerson.body.entries.every((e: { actor: { id: string } }) => e.actor.id === person.id)).toBe(
      true,
    );
    const both = await api(`?person=${encodeURIComponent(person.email)}&action=task.created`);
    expect(both.body.entries).toHaveLength(1);
    expect(both.body.entries[0]).toMatchObject({ case: { id: otherCase.id, ref: otherCase.ref } });

    const typed = await api(`?person=${encodeURIComponent(TYPED.toUpperCase())}`);
    expect(typed.body.notices).toEqual([
      `No account has the email ${TYPED.toUpperCase()}: shown are the entries where it was typed, such as refused sign-ins.`,
    ]);
    expect(typed.body.entries.map((e: { action: string }) => e.action)).toEqual(["sign_in_failed"]);

    const byCase = await api(`?case=${encodeURIComponent(demoCase.ref.toLowerCase())}`);
    expect(byCase.body.notices).toEqual([]);
    expect(byCase.body.entries.length).toBeGreaterThanOrEqual(1);
    expect(byCase.body.entries.every((e: { case: { id: string } }) => e.case.id === demoCase.id)).toBe(true);
    expect(byCase.body.entries.some((e: { action: string }) => e.action === "case.transition")).toBe(true);

    const noCase = await api("?case=ZZZ-1999-XX-99");
    expect(noCase).toEqual({
      status: 200,
      body: { entries: [], next: null, notices: ["No case has the reference ZZZ-1999-XX-99."] },
    });
  });

  it("filters by days (UTC), both ends included", async () => {
    const mine = (await api(`?person=${encodeURIComponent(person.email)}`)).body.entries;
    const today = mine[0].at.slice(0, 10) as string;
    const dayOff = (days: number) => new Date(Date.parse(today) + days * DAY).toISOString().slice(0, 10);
    const count = async (query: string) =>
      (await api(`?person=${encodeURIComponent(person.email)}&${query}`)).body.entries.length;
    expect(await count(`from=${today}&to=${today}`)).toBe(4);
    expect(await count(`from=${today}`)).toBe(4);
    expect(await count(`to=${today}`)).toBe(4);
    expect(await count(`to=${dayOff(-1)}`)).toBe(0);
    expect(await count(`from=${dayOff(1)}`)).toBe(0);
    expect(await count(`from=${dayOff(-30)}&to=${dayOff(30)}`)).toBe(4);
  });

  it("pages through older entries with `before`, 50 at a time", async () => {
    const ids = await writeEntries(55, (i) => ({
      actor: actorOf(pager),
      action: "export.downloaded",
      details: { format: "csv", n: i },
    }));
    const first = await api(`?person=${encodeURIComponent(pager.email)}`);
    expect(first.body.entries).toHaveLength(50);
    expect(first.body.entries[0].id).toBe(ids.at(-1)!.toString());
    expect(first.body.next).toBe(first.body.entries[49].id);
    const second = await api(`?person=${encodeURIComponent(pager.email)}&before=${first.body.next}`);
    expect(second.body.entries.map((e: { id: string }) => e.id)).toEqual(
      ids
        .slice(0, 5)
        .reverse()
        .map((id) => id.toString()),
    );
    expect(second.body.next).toBeNull();
  });

  it("refuses anyone but an administrator: 403 from the API, 404 from the page, 401 unsigned", async () => {
    for (const who of ["expert", "tjk"]) {
      const res = await api("", who);
      expect(res).toEqual({
        status: 403,
        body: { error: "Only CTED administrators read the audit log", code: "forbidden" },
      });
      const verify = await call(verifyApi, "/api/admin/audit/verify", { method: "POST", cookie: as[who] });
      expect(verify.status).toBe(403);
      expect((await call(auditPage, "/admin/audit", { cookie: as[who] })).status).toBe(404);
      const post = await call(auditPage, "/admin/audit", { cookie: as[who], body: new URLSearchParams() });
      expect(post.status).toBe(404);
    }
    expect((await call(auditApi, "/api/admin/audit")).status).toBe(401);
    expect((await call(verifyApi, "/api/admin/audit/verify", { method: "POST" })).status).toBe(401);
    // The page sends whoever is not signed in to sign in first.
    const page = await call(auditPage, "/admin/audit");
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/admin/audit")}`);
  });

  it("answers bad filters with 400 and a sentence, never a 500", async () => {
    const cases: [string, string, string][] = [
      ["?action=sign_in_everywhere", "action", "is not one of the actions the log records"],
      ["?from=2026-02-30", "from", "is not a day of the calendar (2026-02-30 does not exist)"],
      ["?from=yesterday", "from", "must be a date written YYYY-MM-DD, such as 2027-03-31"],
      ["?to=1999-12-31", "to", "must be between 1 January 2000 and 31 December 2100"],
      ["?from=2026-03-02&to=2026-03-01", "to", "must be on or after the from date"],
      ["?before=abc", "before", "must be the number of an entry, such as 120"],
      ["?before=-1", "before", "must be the number of an entry, such as 120"],
      ["?before=99999999999999999999999999", "before", "must be the number of an entry, such as 120"],
      ["?before=9999999999999999999", "before", "is past the last possible entry"],
      [`?person=${"x".repeat(300)}%40example.org`, "person", "must be at most 254 characters"],
      [`?case=${"A".repeat(65)}`, "case", "must be at most 64 characters"],
      ["?case=TJK%00", "case", "must not contain the invisible NUL character"],
    ];
    for (const [query, field, message] of cases) {
      const res = await api(query);
      expect(res, query).toEqual({
        status: 400,
        body: {
          error: `Check “${field}”: it ${message}.`,
          code: "invalid_input",
          fields: { [field]: message },
        },
      });
    }
    // The page shows the message beside the field, with what was typed, and lists nothing.
    const page = await call(auditPage, "/admin/audit?action=case.transition&from=2026-13-01", {
      cookie: as.admin,
    });
    expect(page.status).toBe(400);
    expect(await page.json()).toMatchObject({
      values: { action: "case.transition", from: "2026-13-01", person: "", case: "", to: "" },
      fields: { from: "is not a day of the calendar (2026-13-01 does not exist)" },
      log: null,
    });
  });

  it("the page lists the filtered entries", async () => {
    const page = await call(
      auditPage,
      `/admin/audit?person=${encodeURIComponent(person.email)}&action=case.transition`,
      {
        cookie: as.admin,
      },
    );
    expect(page.status).toBe(200);
    const data = await page.json();
    expect(data.fields).toEqual({});
    expect(data.log.entries.map((e: { action: string }) => e.action)).toEqual(["case.transition"]);
    expect(data.log.entries[0].case).toEqual({ id: demoCase.id, ref: demoCase.ref });
  });

  it("verifies both chains: intact, with the entries checked and the last hash", async () => {
    const count = await prisma().auditEntry.count();
    const events = await prisma().caseEvent.count();
    const last = await prisma().auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    const res = await call(verifyApi, "/api/admin/audit/verify", { method: "POST", cookie: as.admin });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      history: { ok: true, entries: events, lastHash: expect.stringMatching(HEX64) },
      auditLog: { ok: true, entries: count, lastHash: last.hash },
      checkedAt: expect.stringMatching(/Z$/),
    });
    const get = await call(verifyApi, "/api/admin/audit/verify", { cookie: as.admin });
    expect(get.status).toBe(405);
    const page = await call(auditPage, "/admin/audit", { cookie: as.admin, body: new URLSearchParams() });
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({
      ok: true,
      verification: { history: { ok: true }, auditLog: { ok: true, entries: count, lastHash: last.hash } },
    });
  });
});

describe("(c) npm run audit:verify, as its own process", () => {
  /** A database of its own that a child process can open: a copy of the run's template. */
  async function databaseForChild(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
    const adminUrl = process.env.TEST_PG_ADMIN_URL;
    if (adminUrl) {
      const template = inject("databaseTemplate");
      const name = `followup_verify_${randomBytes(6).toString("hex")}`;
      const sql = async (statement: string) => {
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        try {
          await client.query(statement);
        } finally {
          await client.end();
        }
      };
      const fromTemplate =
        template?.kind === "postgresql" && template.day === new Date().toISOString().slice(0, 10);
      await sql(`CREATE DATABASE ${name}${fromTemplate ? ` TEMPLATE ${template.name}` : ""}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        env: { DATABASE_URL: url.toString() },
        drop: () => sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      };
    }
    // The in-memory database of this file cannot be shared: an embedded database's folder can.
    const dir = mkdtempSync(path.join(tmpdir(), "followup-audit-verify-"));
    await prepareDataDir(dir, "test");
    return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }

  /** Runs node with these arguments on that database; its exit code and what it printed. */
  function node(
    args: string[],
    env: Record<string, string>,
  ): Promise<{ code: number | null; output: string }> {
    const base: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn" };
    delete base.DATABASE_URL;
    delete base.DATA_DIR;
    delete base.PGLITE_LOAD_DATA_DIR;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: process.cwd(), env: { ...base, ...env } });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("error", reject);
      child.on("exit", (code) => resolve({ code, output }));
    });
  }

  /** A script run with the app's modules (through tsx), printing one JSON line at its end. */
  async function script(body: string, env: Record<string, string>) {
    const code = `
      const { prisma, closeDatabase } = await import("./app/db/client.server.ts");
      const { prepareDatabase } = await import("./app/db/prepare.server.ts");
      const { audit } = await import("./app/domain/audit.server.ts");
      const { withRequest } = await import("./app/lib/log.server.ts");
      try {
        await prepareDatabase({ seed: true });
        const result = await (async () => { ${body} })();
        console.log(JSON.stringify(result, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
      } finally {
        await closeDatabase();
      }`;
    const { code: exit, output } = await node(
      ["--import", "tsx", "--input-type=module", "--eval", code],
      env,
    );
    if (exit !== 0) throw new Error(`the script failed (${exit}):\n${output}`);
    return JSON.parse(output.trim().split("\n").at(-1)!);
  }

  const verify = (env: Record<string, string>) => node(["--import", "tsx", "server/audit-verify.ts"], env);

  it("exits 0 on an intact database and 1 naming the first altered record once an audit entry and a history entry are changed", async () => {
    const database = await databaseForChild();
    try {
      // Entries written through audit() in that database, as the app would write them.
      const written = await script(
        `
          const admin = await prisma().user.findUniqueOrThrow({ where: { email: "admin@cted.example" } });
          for (let i = 0; i < 5; i++) {
            await withRequest({ requestId: "verify-" + i, address: "192.0.2.10" }, () =>
              audit({ actor: { id: admin.id, email: admin.email }, action: "admin.user.changed",
                subject: { type: "user", id: admin.id }, details: { step: i } }));
          }
          const entries = await prisma().auditEntry.findMany({ orderBy: { id: "asc" }, select: { id: true, hash: true } });
          const history = await prisma().caseEvent.findMany({ orderBy: { id: "asc" }, select: { id: true, hash: true } });
          return { entries, history };`,
        database.env,
      );
      const entries = written.entries as { id: string; hash: string }[];
      const history = written.history as { id: string; hash: string }[];
      expect(entries.length).toBeGreaterThanOrEqual(5);
      expect(history.length).toBeGreaterThan(10);

      const intact = await verify(database.env);
      expect(intact.output).toContain(
        `The case history is intact: ${history.length} entries checked; last hash ${history.at(-1)!.hash}.`,
      );
      expect(intact.output).toContain(
        `The audit log is intact: ${entries.length} entries checked; last hash ${entries.at(-1)!.hash}.`,
      );
      expect(intact.code).toBe(0);

      // Behind the app's back: one audit entry's address and one history entry's reason.
      const auditTarget = entries.at(-3)!.id;
      const historyTarget = history[Math.floor(history.length / 2)]!.id;
      await script(
        `
          await prisma().$transaction([
            prisma().$executeRawUnsafe('ALTER TABLE "AuditEntry" DISABLE TRIGGER "AuditEntry_append_only"'),
            prisma().$executeRawUnsafe('UPDATE "AuditEntry" SET "address" = \\'10.9.8.7\\' WHERE "id" = ${auditTarget}'),
            prisma().$executeRawUnsafe('ALTER TABLE "AuditEntry" ENABLE TRIGGER "AuditEntry_append_only"'),
            prisma().$executeRawUnsafe('ALTER TABLE "CaseEvent" DISABLE TRIGGER "CaseEvent_append_only"'),
            prisma().$executeRawUnsafe('UPDATE "CaseEvent" SET "reason" = \\'Nothing happened\\' WHERE "id" = ${historyTarget}'),
            prisma().$executeRawUnsafe('ALTER TABLE "CaseEvent" ENABLE TRIGGER "CaseEvent_append_only"'),
          ]);
          return { done: true };`,
        database.env,
      );
      const altered = await verify(database.env);
      expect(altered.output).toContain(
        `The case history was altered: entry ${historyTarget} was changed after it was written (or an entry before it was). ${intactBefore(historyTarget)}`,
      );
      expect(altered.output).toContain(
        `The audit log was altered: ${changedReason(BigInt(auditTarget))}. ${intactBefore(auditTarget)}`,
      );
      expect(altered.code).toBe(1);
    } finally {
      await database.drop();
    }
  }, 180_000);
});

describe("(b) altered behind the app's back, by someone with the database's keys", () => {
  let ids: bigint[] = [];

  beforeAll(async () => {
    const person = await makeCtedExpert("CTED_ADMIN");
    ids = await writeEntries(12, (i) => ({
      actor: actorOf(person),
      action: "admin.user.changed",
      subject: { type: "user", id: person.id },
      details: { role: i % 2 ? "CTED_EXPERT" : "CTED_ADMIN" },
    }));
    expect(ids).toHaveLength(12);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("an entry's email changed is named, by the check, the API and the page", async () => {
    const target = ids[9]!;
    await behindTheAppsBack(
      `UPDATE "AuditEntry" SET "actorEmail" = 'someone.else@cted.example' WHERE "id" = ${target}`,
    );
    expect(await verifyAuditChain()).toEqual({
      ok: false,
      entries: Number(target) - 1,
      firstBroken: target,
      reason: changedReason(target),
    });
    const res = await call(verifyApi, "/api/admin/audit/verify", { method: "POST", cookie: as.admin });
    expect(await res.json()).toMatchObject({
      history: { ok: true },
      auditLog: { ok: false, firstBroken: target.toString(), reason: changedReason(target) },
    });
    const page = await call(auditPage, "/admin/audit", { cookie: as.admin, body: new URLSearchParams() });
    expect(await page.json()).toMatchObject({
      verification: { auditLog: { ok: false, firstBroken: target.toString() } },
    });
  });

  it("an entry's address changed before it is named first", async () => {
    const target = ids[7]!;
    await behindTheAppsBack(`UPDATE "AuditEntry" SET "address" = '10.0.0.99' WHERE "id" = ${target}`);
    expect(await verifyAuditChain()).toMatchObject({
      ok: false,
      firstBroken: target,
      reason: changedReason(target),
    });
  });

  it("an entry deleted before it is named first, as missing", async () => {
    const target = ids[5]!;
    await behindTheAppsBack(`DELETE FROM "AuditEntry" WHERE "id" = ${target}`);
    expect(await verifyAuditChain()).toMatchObject({
      ok: false,
      firstBroken: target,
      reason: `audit entry ${target} is missing: the audit log goes on at audit entry ${target + 1n}`,
    });
  });

  it("a hash recomputed for the changed entry alone does not hide it: the next entry breaks", async () => {
    const target = ids[2]!;
    // The attacker changes the entry, then seals it again with the database's own function: the
    // entry checks, but the next one was sealed on its old hash.
    await behindTheAppsBack(
      `UPDATE "AuditEntry" SET "actorEmail" = 'someone.else@cted.example', "address" = '10.0.0.1' WHERE "id" = ${target}`,
      `UPDATE "AuditEntry" e SET "hash" = encode(sha256(convert_to(
         COALESCE((SELECT p."hash" FROM "AuditEntry" p WHERE p."id" = e."id" - 1), '') ||
         "AuditEntry_canonical"(e), 'UTF8')), 'hex')
       WHERE e."id" = ${target}`,
    );
    expect(await verifyAuditChain()).toEqual({
      ok: false,
      entries: Number(target),
      firstBroken: target + 1n,
      reason: changedReason(target + 1n),
    });
  });
});
