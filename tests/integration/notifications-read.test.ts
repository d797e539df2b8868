// Opening a case reads its notifications: the case page's loader marks the reader's own unread
// notifications about that case read, and no one else's, nor those about other cases.
import { beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import * as casePage from "~/routes/cases.$id._index.tsx";
import * as notificationsPage from "~/routes/me.notifications.tsx";
import { call, signInAs } from "~tests/helpers/http.ts";

let tjk = "";
let kaz = "";
beforeAll(async () => {
  tjk = await signInAs("focal@tjk.example");
  kaz = await signInAs("focal@kaz.example");
});
const byRef = (ref: string) => prisma().case.findUniqueOrThrow({ where: { ref } });
const userId = async (email: string) => (await prisma().user.findUniqueOrThrow({ where: { email } })).id;
const note = (userId: string, text: string, about: { caseId?: string; summaryOf?: string[] }) =>
  prisma().notification.create({
    data: {
      userId,
      kind: about.caseId ? "comment" : "overdue",
      text,
      caseId: about.caseId ?? null,
      about: about.summaryOf?.map((caseId) => ({ caseId, taskId: null })),
    },
  });
const readAt = async (id: bigint) =>
  (await prisma().notification.findUniqueOrThrow({ where: { id } })).readAt;

describe("opening a case page", () => {
  it("marks the reader's notifications about that case read, not those about another case, nor another user's", async () => {
    const [a, b] = [await byRef("TJK-2017-BC-01"), await byRef("TJK-2017-LE-02")];
    const [focal, expert] = [await userId("focal@tjk.example"), await userId("expert@cted.example")];
    const aboutA = await note(focal, "Comment on A", { caseId: a.id });
    const aboutAAgain = await note(focal, "Another comment on A", { caseId: a.id });
    const aboutB = await note(focal, "Comment on B", { caseId: b.id });
    const othersAboutA = await note(expert, "The expert's comment on A", { caseId: a.id });
    // A summary naming several cases is not about A alone: it stays until its reader marks it.
    const summary = await note(focal, "2 of your recommendations are overdue", {
      summaryOf: [a.id, b.id],
    });

    const res = await call(casePage, `/cases/${a.id}`, { cookie: tjk, params: { id: a.id } });
    expect(res.status).toBe(200);

    expect(await readAt(aboutA.id)).toBeInstanceOf(Date);
    expect(await readAt(aboutAAgain.id)).toBeInstanceOf(Date);
    expect(await readAt(aboutB.id)).toBeNull();
    expect(await readAt(othersAboutA.id)).toBeNull();
    expect(await readAt(summary.id)).toBeNull();

    // The notifications page shows them so.
    const page = await (await call(notificationsPage, "/me/notifications", { cookie: tjk })).json();
    const shown = new Map(
      (page.items as { id: string; readAt: string | null }[]).map((n) => [n.id, n.readAt]),
    );
    expect(shown.get(aboutA.id.toString())).not.toBeNull();
    expect(shown.get(aboutB.id.toString())).toBeNull();

    // Opening it again later leaves the first reading's time.
    const first = await readAt(aboutA.id);
    expect((await call(casePage, `/cases/${a.id}`, { cookie: tjk, params: { id: a.id } })).status).toBe(200);
    expect(await readAt(aboutA.id)).toEqual(first);
  });

  it("marks nothing when the case is not the reader's to see (404)", async () => {
    const a = await byRef("TJK-2017-BC-01");
    // Stored while the Kazakh focal point could not see it: never shown, and never read by a 404.
    const kazAboutA = await note(await userId("focal@kaz.example"), "About a Tajik case", { caseId: a.id });
    const res = await call(casePage, `/cases/${a.id}`, { cookie: kaz, params: { id: a.id } });
    expect(res.status).toBe(404);
    expect(await readAt(kazAboutA.id)).toBeNull();
  });
});
