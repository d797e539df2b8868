// "@Full Name" in a comment notifies that person, if they can read the comment: once per comment.
// The people a comment box offers to mention are decided by the same rule (readsComments).
import { type Person } from "~/access/capabilities.ts";
import { type CaseAudience, documentAccess, maySee, type SessionUser } from "~/access/visibility.ts";
import { caseAudience, caseRefStateAndCountry } from "~/models/cases.server.ts";
import { enabledPeopleWithNames } from "~/models/users.server.ts";

import { notify } from "./notifications.server.ts";

/** What the rule needs to know of a case: who may see it, its state, and its reference. */
type CommentedCase = CaseAudience & { ref: string; stateValue: string };

async function commentedCase(caseId: string): Promise<CommentedCase | null> {
  const [c, audience] = await Promise.all([caseRefStateAndCountry(caseId), caseAudience(caseId)]);
  return c && audience ? { ...audience, ref: c.ref, stateValue: c.stateValue } : null;
}

/**
 * May this person read the case's comments, and so be mentioned in them? Comments live in the
 * case's document: only those who may open it can read them, and only on a case they may see.
 */
const readsComments = (person: Person, c: CommentedCase): boolean =>
  maySee(person, c) && documentAccess(person, c) !== null;

export async function notifyMentions(
  caseId: string,
  author: SessionUser,
  commentId: string,
  text: string,
): Promise<void> {
  if (!text.includes("@")) return;
  const c = await commentedCase(caseId);
  if (!c) return;
  const users = await enabledPeopleWithNames();
  // notify() checks again, at the moment it stores, that each may still see the case.
  const mentioned = users.filter((u) => text.includes(`@${u.name}`) && readsComments(u, c)).map((u) => u.id);
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

/** Someone a comment box offers to mention: their name and their organisation's short name. */
export interface MentionablePerson {
  id: string;
  name: string;
  organization: string;
}

/**
 * The enabled people, other than the user, whom a mention in this case's comments may reach,
 * sorted by name; none when the user may not read the comments themselves (or there is no case).
 */
export async function mentionablePeople(user: SessionUser, caseId: string): Promise<MentionablePerson[]> {
  const c = await commentedCase(caseId);
  if (!c || !readsComments(user, c)) return [];
  const people = await enabledPeopleWithNames();
  return people
    .filter((p) => p.id !== user.id && readsComments(p, c))
    .map((p) => ({ id: p.id, name: p.name, organization: p.organization.shortName }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
