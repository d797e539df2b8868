// "@Full Name" in a comment notifies that person, if they can read the comment: once per comment.
import { documentAccess, type SessionUser } from "~/access/visibility.ts";
import { caseRefStateAndCountry } from "~/models/cases.server.ts";
import { enabledPeopleWithNames } from "~/models/users.server.ts";

import { notify } from "./notifications.server.ts";

export async function notifyMentions(
  caseId: string,
  author: SessionUser,
  commentId: string,
  text: string,
): Promise<void> {
  if (!text.includes("@")) return;
  const c = await caseRefStateAndCountry(caseId);
  if (!c) return;
  const users = await enabledPeopleWithNames();
  // Comments live in the case's document: only those who may open it can read them. notify()
  // then keeps only those who may see the case.
  const mentioned = users
    .filter((u) => text.includes(`@${u.name}`) && documentAccess(u, c) !== null)
    .map((u) => u.id);
  await notify(
    mentioned,
    {
      kind: "mention",
      text: (t) => t("notifications:text.mention", { name: author.name, ref: c.ref }),
      caseId,
      dedupeKey: `mention:${caseId}:${commentId}`,
    },
    author.id,
  );
}
