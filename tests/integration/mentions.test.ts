// Whom the comment boxes offer to mention (app/domain/mentions.server.ts mentionablePeople, given
// by the case page's loader): the enabled people who may read the case's comments, the very people
// a mention reaches (notifyMentions), never a partner or another State's focal point.
import { describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { mentionablePeople, notifyMentions } from "~/domain/mentions.server.ts";
import * as casePage from "~/routes/cases.$id._index.tsx";
import { sessionOf } from "~tests/helpers/factories.ts";
import { call, signInAs } from "~tests/helpers/http.ts";

const caseId = async (ref: string) => (await prisma().case.findUniqueOrThrow({ where: { ref } })).id;
/** A case INTERPOL holds a task on, that its officer sees. */
const interpolCase = async () => {
  const task = await prisma().task.findFirstOrThrow({
    where: { assigneeOrg: { shortName: "INTERPOL" }, state: { in: ["open", "in_progress"] } },
    select: { caseId: true },
  });
  return task.caseId;
};

type Offered = { id: string; name: string; organization: string }[];
async function offeredOnPage(
  email: string,
  id: string,
): Promise<{ status: number; offered?: Offered | null }> {
  const res = await call(casePage, `/cases/${id}`, { cookie: await signInAs(email), params: { id } });
  if (res.status !== 200) return { status: res.status };
  const data = (await res.json()) as { response: { mentionable: Offered } | null };
  return { status: 200, offered: data.response ? data.response.mentionable : null };
}

describe("the people offered to mention", () => {
  it("the focal point of Tajikistan is offered CTED and the observers, by name, not themselves, another State's focal point or a partner", async () => {
    const { status, offered } = await offeredOnPage("focal@tjk.example", await caseId("TJK-2017-BC-01"));
    expect(status).toBe(200);
    expect(offered!.map((p) => p.name)).toEqual([
      "Amina Haddad",
      "Committee observer",
      "Daniel Okafor",
      "Elena Petrova",
    ]);
    expect(offered!.find((p) => p.name === "Elena Petrova")).toMatchObject({ organization: "CTED" });
    expect(Object.keys(offered![0]!).sort()).toEqual(["id", "name", "organization"]);
  });

  it("on a case where INTERPOL holds a task, its officer sees the case but is offered nobody, and is offered to nobody", async () => {
    const id = await interpolCase();
    const partner = await sessionOf({ email: "officer@interpol.example" });
    // The page is theirs to see, without the response and its comments (app/access/visibility.ts).
    expect(await offeredOnPage("officer@interpol.example", id)).toEqual({ status: 200, offered: null });
    expect(await mentionablePeople(partner, id)).toEqual([]);

    for (const email of ["focal@tjk.example", "expert@cted.example", "observer@ctc.example"]) {
      const names = (await mentionablePeople(await sessionOf({ email }), id)).map((p) => p.name);
      expect(names, email).not.toContain("Marc Dubois");
      expect(names, email).not.toContain("Aigerim Bekova");
      expect(names, email).toContain("Amina Haddad");
    }
  });

  it("whoever cannot see the case gets the page's 404, as before", async () => {
    expect((await offeredOnPage("focal@kaz.example", await caseId("TJK-2017-BC-01"))).status).toBe(404);
    expect(
      await mentionablePeople(
        await sessionOf({ email: "focal@kaz.example" }),
        await caseId("TJK-2017-BC-01"),
      ),
    ).toEqual([]);
  });

  it("offers exactly whom a mention reaches: mentioning everyone notifies those offered, and no one else", async () => {
    const id = await interpolCase();
    const author = await sessionOf({ email: "focal@tjk.example" });
    const everyone = await prisma().user.findMany({ where: { disabledAt: null }, select: { name: true } });
    await notifyMentions(
      id,
      author,
      "comment-mentioning-everyone",
      everyone.map((u) => `@${u.name}`).join(" "),
    );
    const notified = await prisma().notification.findMany({
      where: { kind: "mention", dedupeKey: `mention:${id}:comment-mentioning-everyone` },
      select: { user: { select: { name: true } } },
    });
    const offered = await mentionablePeople(author, id);
    expect(notified.map((n) => n.user.name).sort()).toEqual(offered.map((p) => p.name).sort());
  });

  it("a disabled account is not offered", async () => {
    const id = await caseId("TJK-2017-BC-01");
    await prisma().user.update({
      where: { email: "verifier@cted.example" },
      data: { disabledAt: new Date() },
    });
    try {
      const names = (await mentionablePeople(await sessionOf({ email: "focal@tjk.example" }), id)).map(
        (p) => p.name,
      );
      expect(names).not.toContain("Daniel Okafor");
      expect(names).toContain("Elena Petrova");
    } finally {
      await prisma().user.update({ where: { email: "verifier@cted.example" }, data: { disabledAt: null } });
    }
  });
});
