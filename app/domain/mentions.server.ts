// "@Full Name" in a comment notifies that person, if they can read the comment: once per comment.
import { prisma } from "../db/client.server.ts";
import type { SessionUser } from "./access.server.ts";
import { notify } from "./notifications.server.ts";

/** The people a case's comments can mention: CTED, observers, and the focal points of the case's State. */
async function readersOf(caseId: string) {
  const c = await prisma().case.findUnique({ where: { id: caseId }, select: { ref: true, countryCode: true } });
  if (!c) return null;
  const users = await prisma().user.findMany({
    where: {
      disabledAt: null,
      OR: [{ role: { in: ["CTED_ADMIN", "CTED_EXPERT", "OBSERVER"] } }, { role: "GOVERNMENT_FOCAL_POINT", organization: { countryCode: c.countryCode } }],
    },
    select: { id: true, name: true },
  });
  return { ref: c.ref, users };
}

export async function notifyMentions(caseId: string, author: SessionUser, commentId: string, text: string): Promise<void> {
  if (!text.includes("@")) return;
  const readers = await readersOf(caseId);
  if (!readers) return;
  const mentioned = readers.users.filter((u) => text.includes(`@${u.name}`)).map((u) => u.id);
  await notify(mentioned, { kind: "mention", text: `${author.name} mentioned you in a comment on ${readers.ref}`, caseId, dedupeKey: `mention:${caseId}:${commentId}` }, author.id);
}
