// Where a notification takes its reader: the case (its tasks) it is about, or, for a reminder
// summary about several items, the list of them that this reader can act on.
import type { Role } from "~workflows/actor.ts";

interface Reader {
  id: string;
  role: Role;
}

export function notificationHref(
  n: { kind: string; caseId: string | null; taskId: string | null },
  reader: Reader,
): string | null {
  if (n.caseId) return `/cases/${n.caseId}${n.taskId ? "#tasks" : ""}`;
  if (n.kind !== "overdue" && n.kind !== "due_soon") return null;
  // Partners are reminded of their tasks only, which My work lists.
  if (reader.role === "PARTNER_OFFICER") return "/me/work";
  const filter = n.kind === "overdue" ? "overdue=true" : "dueSoon=true";
  // CTED is reminded of the cases it owns; a State of its own, which is all it sees.
  return reader.role === "CTED_EXPERT" || reader.role === "CTED_ADMIN"
    ? `/cases?${filter}&owner=${reader.id}`
    : `/cases?${filter}`;
}
