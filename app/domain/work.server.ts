// My work: what is waiting for this user, most urgent first (overdue, then due soon, then by date).
import { type SessionUser } from "~/access/visibility.ts";

import { casesAwaitingAction } from "./cases.server.ts";
import { myTasks } from "./tasks.server.ts";

export async function myWork(user: SessionUser) {
  const [tasks, cases] = await Promise.all([myTasks(user), casesAwaitingAction(user)]);
  return { tasks, cases };
}
