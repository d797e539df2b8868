// "Your action is needed" goes only to those who hold an allowed next event for the case: never
// after VERIFY (the case is finished), while a case CTED returns to the State still tells the
// State's focal point.
import { describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { makeCtedExpert, moveCase, sessionOf } from "~tests/helpers/factories.ts";
import { DEMO_ACCOUNTS } from "~tests/helpers/http.ts";

const ACTION = "your action is needed";

/** The demo's Tajik cases under review, each with its owner. */
const underReview = () =>
  prisma().case.findMany({
    where: { countryCode: "TJK", stateValue: "in_progress.under_review" },
    select: { id: true, ref: true, ownerId: true },
    orderBy: { ref: "asc" },
  });
/** Puts a demo case under review as if the State (`submitter`) had submitted it. */
async function submittedByState(ref: string, submitter: string) {
  const c = await prisma().case.findUniqueOrThrow({ where: { ref } });
  const context = { ...(c.snapshot as { context: object }).context, submittedBy: submitter };
  await prisma().case.update({
    where: { id: c.id },
    data: {
      state: "in_progress",
      stateValue: "in_progress.under_review",
      snapshot: { value: { in_progress: "under_review" }, context },
    },
  });
  return c;
}
const noticesOf = (userId: string, caseId: string) =>
  prisma().notification.findMany({ where: { userId, caseId }, select: { kind: true, text: true } });

describe("who is told their action is needed", () => {
  it("after VERIFY: nobody, not the case's owner", async () => {
    const [c] = await underReview();
    expect(c, "a demo case under review").toBeDefined();
    // A verifier other than the owner: the owner does not act, so would be the one told.
    const verifier = await sessionOf(await makeCtedExpert());
    expect(verifier.id).not.toBe(c!.ownerId);
    await moveCase(c!.id, [{ type: "VERIFY", by: verifier, reason: "Checked in a meeting." }]);
    expect((await prisma().case.findUniqueOrThrow({ where: { id: c!.id } })).state).toBe("verified");

    const owner = await noticesOf(c!.ownerId, c!.id);
    expect(owner.filter((n) => n.text.includes(ACTION))).toEqual([]);
    expect(owner.filter((n) => n.kind === "action_needed")).toEqual([]);
    // Nobody at all is told to act on the finished case.
    const anyone = await prisma().notification.findMany({
      where: { caseId: c!.id, text: { contains: ACTION } },
      select: { userId: true, text: true, createdAt: true },
    });
    const verifiedAt = (
      await prisma().caseEvent.findFirstOrThrow({
        where: { caseId: c!.id, type: "VERIFY" },
        select: { at: true },
      })
    ).at;
    expect(anyone.filter((n) => n.createdAt >= verifiedAt)).toEqual([]);
  });

  it("CTED returns a case: the State's focal point is told their action is needed", async () => {
    const focal = await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.tjk } });
    const c = await submittedByState("TJK-2017-BC-01", focal.id);
    const before = (await noticesOf(focal.id, c!.id)).filter((n) => n.text.includes(ACTION)).length;
    const expert = await sessionOf(await makeCtedExpert());
    await moveCase(c!.id, [{ type: "RETURN", by: expert, reason: "The decree is missing." }]);

    const told = (await noticesOf(focal.id, c!.id)).filter((n) => n.text.includes(ACTION));
    expect(told).toHaveLength(before + 1);
    expect(told.at(-1)!.text).toBe(`${expert.name} returned ${c!.ref} for more work: ${ACTION}`);
    // The expert who returned it has nothing left to do and is not told.
    expect((await noticesOf(expert.id, c!.id)).filter((n) => n.text.includes(ACTION))).toEqual([]);
  });
});
