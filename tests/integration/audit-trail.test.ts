// The audit log records each kind of change (issue 13, point 3): who, when, what, from which
// address and in which request, written in the change's own transaction: a change refused writes
// no entry, and what is recorded holds identifiers, never the text people wrote.
import { beforeAll, describe, expect, it } from "vitest";

import { rowScope } from "~/access/scopes.server.ts";
import type { SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { scopeRequestTo } from "~/db/row-security.server.ts";
import { createOrganization } from "~/domain/admin-organizations.server.ts";
import { applyCaseEvent, updateCase } from "~/domain/cases.server.ts";
import { addLinkOrReference, deleteEvidence } from "~/domain/evidence.server.ts";
import { verifyAuditChain } from "~/domain/hash-chains.server.ts";
import { applyTaskEvent } from "~/domain/tasks.server.ts";
import { withRequest } from "~/lib/log.server.ts";
import * as csvExportRoute from "~/routes/api.cases.export[.]csv.ts";
import {
  dayFromToday,
  makeCase,
  makeCtedExpert,
  makePartner,
  makeState,
  makeTask,
  moveCase,
  sessionOf,
  type State,
} from "~tests/helpers/factories.ts";
import { call, signInAs } from "~tests/helpers/http.ts";

let expert: SessionUser;
let admin: SessionUser;
let state: State;
let focal: SessionUser;

beforeAll(async () => {
  expert = await sessionOf(await makeCtedExpert());
  admin = await sessionOf(await makeCtedExpert("CTED_ADMIN"));
  state = await makeState();
  focal = await sessionOf(state.focal);
});

let requests = 0;
/** As a request from this address would: its id and address go with every entry it writes, under the person's row scope. */
function fromAddress<T>(user: SessionUser, address: string, fn: () => Promise<T>) {
  const requestId = `audit-trail-${++requests}`;
  return {
    requestId,
    run: () =>
      withRequest({ requestId, address }, () => {
        scopeRequestTo(rowScope(user));
        return fn();
      }),
  };
}

/** An entry as text, to look for what it must not hold. */
const text = (entry: unknown) =>
  JSON.stringify(entry, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));

const entriesOf = (requestId: string) =>
  prisma().auditEntry.findMany({ where: { requestId }, orderBy: { id: "asc" } });

describe("the audit log", () => {
  it("records case transitions and edits, tasks and evidence, with who, what, address and request", async () => {
    const c = await fromAddress(expert, "198.51.100.7", () => makeCase(expert, state)).run();
    const edit = fromAddress(expert, "198.51.100.7", () =>
      updateCase(expert, c.id, {
        ...c,
        ownerId: c.owner.id,
        dueAt: c.dueAt ?? undefined,
        title: "New title",
      }),
    );
    await edit.run();
    expect(await entriesOf(edit.requestId)).toEqual([
      expect.objectContaining({
        actorId: expert.id,
        actorEmail: expert.email,
        action: "case.edited",
        subjectType: "case",
        subjectId: c.id,
        caseId: c.id,
        address: "198.51.100.7",
        details: { fields: ["title"] },
      }),
    ]);

    const version = (await prisma().case.findUniqueOrThrow({ where: { id: c.id } })).version;
    const agree = fromAddress(focal, "203.0.113.9", () =>
      applyCaseEvent(focal, c.id, { type: "AGREE", version }),
    );
    await agree.run();
    expect(await entriesOf(agree.requestId)).toEqual([
      expect.objectContaining({
        actorId: focal.id,
        action: "case.transition",
        caseId: c.id,
        address: "203.0.113.9",
        details: { event: "AGREE", from: "drafted", to: "agreed" },
      }),
    ]);

    // Refused (a stale version): nothing changes, nothing is recorded.
    const stale = fromAddress(focal, "203.0.113.9", () =>
      applyCaseEvent(focal, c.id, { type: "START", version }),
    );
    await expect(stale.run()).rejects.toThrow(/changed by someone else/);
    expect(await entriesOf(stale.requestId)).toEqual([]);

    const partner = await makePartner();
    const task = await fromAddress(expert, "198.51.100.7", () =>
      makeTask(expert, c.id, { assigneeOrgId: partner.organizationId, dueAt: dayFromToday(30) }),
    ).run();
    const officer = await sessionOf(partner.officer);
    const start = fromAddress(officer, "192.0.2.44", () =>
      applyTaskEvent(officer, task.id, { type: "START", version: task.version }),
    );
    await start.run();
    expect(await entriesOf(start.requestId)).toEqual([
      expect.objectContaining({
        actorId: officer.id,
        action: "task.transition",
        subjectType: "task",
        subjectId: task.id,
        caseId: c.id,
        details: { event: "START", from: "open", to: "in_progress" },
      }),
    ]);

    await moveCase(c.id, [{ type: "START", by: focal }]);
    const add = fromAddress(focal, "203.0.113.9", () =>
      addLinkOrReference(focal, c.id, {
        kind: "reference",
        title: "Order",
        text: "Order No. 45 (secret text)",
      }),
    );
    const item = await add.run();
    const [added] = await entriesOf(add.requestId);
    expect(added).toMatchObject({ action: "evidence.added", subjectId: item.id, caseId: c.id });
    expect(text(added)).not.toContain("secret text");
    const remove = fromAddress(focal, "203.0.113.9", () => deleteEvidence(focal, item.id));
    await remove.run();
    expect(await entriesOf(remove.requestId)).toEqual([
      expect.objectContaining({ action: "evidence.deleted", subjectId: item.id, caseId: c.id }),
    ]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("records an administrator's change and a download", async () => {
    const create = fromAddress(admin, "198.51.100.8", () =>
      createOrganization(admin, { kind: "PARTNER", name: "Audit Partner Org", shortName: "AUDITPO" }),
    );
    const org = await create.run();
    expect(await entriesOf(create.requestId)).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        action: "admin.organization.created",
        subjectType: "organization",
        subjectId: org.id,
        details: expect.objectContaining({ kind: "PARTNER", shortName: "AUDITPO" }),
      }),
    ]);

    const cookie = await signInAs("expert@cted.example");
    const before = await prisma().auditEntry.count({ where: { action: "export.downloaded" } });
    const response = await call(csvExportRoute, "/api/cases/export.csv?country=TJK&q=secret+words", {
      cookie,
    });
    expect(response.status).toBe(200);
    const [download] = await prisma().auditEntry.findMany({
      where: { action: "export.downloaded" },
      orderBy: { id: "desc" },
      take: 1,
    });
    expect(await prisma().auditEntry.count({ where: { action: "export.downloaded" } })).toBe(before + 1);
    expect(download).toMatchObject({ actorEmail: "expert@cted.example", details: { filters: ["country"] } });
    expect(text(download)).not.toContain("secret");
  });
});
