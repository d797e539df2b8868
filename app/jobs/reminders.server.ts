// Due-soon and overdue reminders, for tasks (to their assignees) and cases (to their owner and
// the State's focal points). Each reminder carries a key naming the item, the kind and the due
// date, and a key is stored once per user (notifications.server.ts): run it as often as you like,
// from any process, before or after a restart, and nobody is reminded twice of the same thing.
// A new due date is a new reminder.
import { prisma } from "../db/client.server.ts";
import { dueSoonBefore, dueStatus } from "../lib/deadlines.ts";
import { notify, usersActingFor } from "../domain/notifications.server.ts";

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function runReminders(now = new Date()): Promise<{ reminders: number }> {
  let sent = 0;
  const tasks = await prisma().task.findMany({
    where: { state: { in: ["open", "in_progress"] }, dueAt: { lt: dueSoonBefore(now) } },
    select: { id: true, title: true, dueAt: true, assigneeUserId: true, assigneeOrgId: true, case: { select: { id: true, ref: true } } },
  });
  for (const t of tasks) {
    const kind = dueStatus(t.dueAt, false, now)!;
    const recipients = t.assigneeUserId ? [t.assigneeUserId] : await usersActingFor(t.assigneeOrgId);
    const text = kind === "overdue" ? `Overdue since ${day(t.dueAt)}: “${t.title}” on ${t.case.ref}` : `Due on ${day(t.dueAt)}: “${t.title}” on ${t.case.ref}`;
    sent += await notify(recipients, { kind, text, caseId: t.case.id, taskId: t.id, dedupeKey: `${kind}:task:${t.id}:${day(t.dueAt)}` });
  }
  const cases = await prisma().case.findMany({
    where: { state: { not: "verified" }, dueAt: { lt: dueSoonBefore(now) } },
    select: { id: true, ref: true, dueAt: true, ownerId: true, countryCode: true },
  });
  const focalPoints = await prisma().user.findMany({
    where: { role: "GOVERNMENT_FOCAL_POINT", disabledAt: null },
    select: { id: true, organization: { select: { countryCode: true } } },
  });
  for (const c of cases) {
    const kind = dueStatus(c.dueAt, false, now)!;
    const recipients = [c.ownerId, ...focalPoints.filter((f) => f.organization.countryCode === c.countryCode).map((f) => f.id)];
    const text = kind === "overdue" ? `Overdue since ${day(c.dueAt!)}: recommendation ${c.ref}` : `Due on ${day(c.dueAt!)}: recommendation ${c.ref}`;
    sent += await notify(recipients, { kind, text, caseId: c.id, dedupeKey: `${kind}:case:${c.id}:${day(c.dueAt!)}` });
  }
  return { reminders: sent };
}
