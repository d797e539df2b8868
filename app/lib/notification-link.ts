// Where a notification takes its reader: the case (its tasks) it is about, or, for a reminder
// summary about several items, the list of them that this reader can act on.
import { may, type Person, stateActedFor } from "~/access/capabilities.ts";

type Reader = Person & { id: string };

export function notificationHref(
  n: { kind: string; caseId: string | null; taskId: string | null },
  reader: Reader,
): string | null {
  if (n.caseId) return `/cases/${n.caseId}${n.taskId ? "#tasks" : ""}`;
  if (n.kind === "account") return "/me/account";
  if (n.kind !== "overdue" && n.kind !== "due_soon") return null;
  const filter = n.kind === "overdue" ? "overdue=true" : "dueSoon=true";
  // CTED is reminded of the cases it owns; a State of its own, which is all it sees; anyone else
  // (partners) of their tasks only, which My work lists.
  if (may(reader, "ownCases")) return `/cases?${filter}&owner=${reader.id}`;
  return stateActedFor(reader) ? `/cases?${filter}` : "/me/work";
}
