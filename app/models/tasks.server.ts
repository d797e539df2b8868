// Follow-up tasks as stored, with their comments: the reads of the case page, the task API, My
// work and the reminders job, and the inserts of a task and of a comment. A task's state changes
// through versioned-writes.server.ts (commitTaskChange). Who may see which tasks and cases
// (taskScope, caseScope: app/access/scopes.server.ts) and which states count as active or awaiting
// acceptance (workflows/state-tags.ts) are the callers' decisions, taken as arguments.
import { prisma } from "~/db/client.server.ts";
import type { Prisma } from "~/generated/prisma/client.ts";

import type { Db } from "./transaction.server.ts";

// A task as the pages and the API show it, with its snapshot for the workflow and its case.
const TASK_SELECT = {
  id: true,
  caseId: true,
  title: true,
  description: true,
  dueAt: true,
  state: true,
  version: true,
  snapshot: true,
  createdAt: true,
  updatedAt: true,
  assigneeUser: { select: { id: true, name: true } },
  assigneeOrg: { select: { id: true, name: true, shortName: true, kind: true } },
  createdBy: { select: { id: true, name: true } },
  case: {
    select: {
      id: true,
      ref: true,
      title: true,
      countryCode: true,
      ownerId: true,
      state: true,
      stateValue: true,
      version: true,
    },
  },
  comments: {
    orderBy: { createdAt: "asc" },
    select: { id: true, body: true, createdAt: true, author: { select: { id: true, name: true } } },
  },
} satisfies Prisma.TaskSelect;

export type TaskRow = Prisma.TaskGetPayload<{ select: typeof TASK_SELECT }>;

/** What a task's write needs of its case, or null when there is no such case within `scope`. */
export async function caseOfTasks(caseId: string, scope: Prisma.CaseWhereInput) {
  return prisma().case.findFirst({
    where: { AND: [{ id: caseId }, scope] },
    select: {
      id: true,
      ref: true,
      countryCode: true,
      ownerId: true,
      state: true,
      stateValue: true,
      version: true,
    },
  });
}

/** The case's tasks within `scope`, soonest due first. */
export async function tasksOfCase(caseId: string, scope: Prisma.TaskWhereInput): Promise<TaskRow[]> {
  return prisma().task.findMany({
    where: { AND: [{ caseId }, scope] },
    orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
    select: TASK_SELECT,
  });
}

/** The task, or null when there is none with this id within `scope`. */
export async function taskRow(id: string, scope: Prisma.TaskWhereInput): Promise<TaskRow | null> {
  return prisma().task.findFirst({ where: { AND: [{ id }, scope] }, select: TASK_SELECT });
}

/** Whose work a task is, for My work: the caller decides who acts for what. */
export interface TasksOfPerson {
  userId: string;
  organizationId: string;
  /** A government whose ministries' tasks, assigned to no one in particular, the person works (a focal point's own). */
  ministriesOfGovernmentId: string | null;
  /** The states in which a task is being worked. */
  activeStates: string[];
  /** Also the tasks in these states (proposals) on the cases this user owns; null: none. */
  proposalsOnOwnCases: { ownerId: string; states: string[] } | null;
}

/**
 * The tasks within `scope`, soonest due first, that are the person's to work: in an active state
 * and assigned to them, to their organisation as a whole, or to a ministry they act for; and the
 * proposals waiting on the cases they own, if asked for.
 */
export async function tasksOfPerson(scope: Prisma.TaskWhereInput, of: TasksOfPerson): Promise<TaskRow[]> {
  const mine: Prisma.TaskWhereInput[] = [
    { assigneeUserId: of.userId },
    { assigneeUserId: null, assigneeOrgId: of.organizationId },
  ];
  if (of.ministriesOfGovernmentId)
    mine.push({
      assigneeUserId: null,
      assigneeOrg: { kind: "MINISTRY", government: { id: of.ministriesOfGovernmentId } },
    });
  const where: Prisma.TaskWhereInput[] = [{ state: { in: of.activeStates }, OR: mine }];
  if (of.proposalsOnOwnCases)
    where.push({
      state: { in: of.proposalsOnOwnCases.states },
      case: { ownerId: of.proposalsOnOwnCases.ownerId },
    });
  return prisma().task.findMany({
    where: { AND: [scope, { OR: where }] },
    orderBy: [{ dueAt: "asc" }],
    select: TASK_SELECT,
  });
}

/**
 * The partner organisations, the government of this State and its ministries, each with its
 * enabled people by name: whom a task on one of the State's cases may go to.
 */
export async function assigneeCandidates(countryCode: string) {
  return prisma().organization.findMany({
    where: {
      OR: [
        { kind: "PARTNER" },
        { kind: "GOVERNMENT", countryCode },
        { kind: "MINISTRY", government: { countryCode } },
      ],
    },
    select: {
      id: true,
      name: true,
      shortName: true,
      kind: true,
      users: { where: { disabledAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } },
    },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
  });
}

export interface NewTask {
  caseId: string;
  title: string;
  description: string | null;
  assigneeUserId: string | null;
  assigneeOrgId: string;
  dueAt: Date;
  state: string;
  snapshot: Prisma.InputJsonObject;
  workflowVersion: number;
  createdById: string;
}

/** Inserts a task (at version 1). */
export async function insertTask(data: NewTask, db: Db = prisma()): Promise<{ id: string }> {
  return db.task.create({ data, select: { id: true } });
}

/** Inserts a comment on a task; returns it as the API shows it. */
export async function insertTaskComment(
  comment: { taskId: string; authorId: string; body: string },
  db: Db = prisma(),
) {
  return db.taskComment.create({
    data: comment,
    select: { id: true, body: true, createdAt: true, author: { select: { id: true, name: true } } },
  });
}

/**
 * Up to `limit` tasks with an id above `after`, in id order, in `activeStates` and due before
 * `dueBefore`, with their case: a page of the reminders job's walk.
 */
export async function dueTasksPage(after: string, dueBefore: Date, limit: number, activeStates: string[]) {
  return prisma().task.findMany({
    where: { id: { gt: after }, state: { in: activeStates }, dueAt: { lt: dueBefore } },
    orderBy: { id: "asc" },
    take: limit,
    select: {
      id: true,
      title: true,
      dueAt: true,
      state: true,
      assigneeUserId: true,
      assigneeOrgId: true,
      case: { select: { id: true, ref: true, countryCode: true } },
    },
  });
}
