// An administrator removes the second factor of someone who lost both their authenticator and
// their recovery codes: only an administrator, never their own, only where there is one; the
// person's sessions end, the change is in the audit log, and they sign in with their password.
import { beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { encryptTotpSecret } from "~/domain/second-factor.server.ts";
import { enableTotp } from "~/models/second-factor.server.ts";
import { inTransaction } from "~/models/transaction.server.ts";
import * as resetRoute from "~/routes/api.admin.users.$id.second-factor.ts";
import * as casesRoute from "~/routes/api.cases._index.ts";
import { call, DEMO_ACCOUNTS, signInAs } from "~tests/helpers/http.ts";

let admin: string;
let focalId: string;

beforeAll(async () => {
  admin = await signInAs(DEMO_ACCOUNTS.admin);
  focalId = (await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.tjk } })).id;
});

const reset = (cookie: string, userId: string, method = "DELETE") =>
  call(resetRoute, `/api/admin/users/${userId}/second-factor`, { method, cookie, params: { id: userId } });

describe("an administrator resets a lost second factor", () => {
  it("removes it, ends the person's sessions and records who did it", async () => {
    const focal = await signInAs(DEMO_ACCOUNTS.tjk);
    await inTransaction((tx) =>
      enableTotp(focalId, encryptTotpSecret(focalId, "JBSWY3DPEHPK3PXPJBSWY3DP"), 1, null, tx),
    );
    await prisma().recoveryCode.create({ data: { id: "a".repeat(64), userId: focalId } });
    // Anyone but an administrator: refused, nothing changes.
    expect((await reset(focal, focalId)).status).toBe(403);
    expect((await reset(admin, focalId, "POST")).status).toBe(405);

    expect((await reset(admin, focalId)).status).toBe(204);
    const after = await prisma().user.findUniqueOrThrow({ where: { id: focalId } });
    expect(after).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect(await prisma().recoveryCode.count({ where: { userId: focalId } })).toBe(0);
    expect((await call(casesRoute, "/api/cases", { cookie: focal })).status).toBe(401);
    const [entry] = await prisma().auditEntry.findMany({
      where: { action: "admin.user.second_factor_reset", subjectId: focalId },
    });
    expect(entry).toMatchObject({ actorEmail: DEMO_ACCOUNTS.admin, subjectType: "user" });
    // Signs in with the password alone now.
    expect((await call(casesRoute, "/api/cases", { cookie: await signInAs(DEMO_ACCOUNTS.tjk) })).status).toBe(
      200,
    );
  });

  it("refuses where there is none, one's own, and an unknown account", async () => {
    const none = await reset(admin, focalId);
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({
      error: "Check “userId”: it has no second factor to reset.",
      code: "invalid_input",
    });
    const adminId = (await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.admin } })).id;
    expect((await reset(admin, adminId)).status).toBe(400);
    expect((await reset(admin, "cnotauser0000000000000000")).status).toBe(404);
  });
});
