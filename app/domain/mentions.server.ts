// "@Full Name" in a comment notifies that person, if they can read the comment: once per comment.
import { prisma } from "~/db/client.server.ts";

import { documentAccess, type SessionUser } from "./access.server.ts";
import { notify } from "./notifications.server.ts";

export async function notifyMentions(
  caseId: string,
  author: SessionUser,
  commentId: string,
  text: string,
): Promise<void> {
  if (!text.includes("@")) return;
  const c = await prisma().case.findUnique({ where: { id: caseId }, select: { ref: true, state: true } });
  if (!c) return;
  const users = await prisma().user.findMany({
    where: { disabledAt: null },
    select: { id: true, name: true, role: true },
  });
  // Comments live in the case's document: only those who may open it can read them. notify()
  // then keeps only those who may see the case.
  const mentioned = users
    .filter((u) => text.includes(`@${u.name}`) && documentAccess(u, c.state) !== null)
    .map((u) => u.id);
  await notify(
    mentioned,
    {
      kind: "mention",
      text: `${author.name} mentioned you in a comment on ${c.ref}`,
      caseId,
      dedupeKey: `mention:${caseId}:${commentId}`,
    },
    author.id,
  );
}
