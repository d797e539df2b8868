// Follow-up tasks on cases: who sees them (app/access/), who may do what (workflows/task.ts),
// and what follows a change: a history entry on the case, the live feed, notifications. Rows are
// read and written through app/models/.
import { may, stateActedFor } from "~/access/capabilities.ts";
import { caseScope, taskScope } from "~/access/scopes.server.ts";
import { type SessionUser, workflowActor } from "~/access/visibility.ts";
import { t } from "~/i18n/i18n.server.ts";
import { dueStatus } from "~/lib/deadlines.ts";
import { appendHistory } from "~/models/history.server.ts";
import {
  assigneeCandidates,
  caseOfTasks,
  insertTask,
  insertTaskComment,
  type TaskRow,
  taskRow,
  tasksOfCase,
  tasksOfPerson,
} from "~/models/tasks.server.ts";
import { inTransaction } from "~/models/transaction.server.ts";
import { commitTaskChange } from "~/models/versioned-writes.server.ts";
import { snapshotJson } from "~workflows/runtime.ts";
import { caseStateHas, taskStateHas, taskStatesWith } from "~workflows/state-tags.ts";
import type { TaskWorkflowContext } from "~workflows/task.ts";
import { parseTaskSnapshot, taskRuntime } from "~workflows/task-runtime.ts";

import { audit, auditRecord } from "./audit.server.ts";
import { publishEvents } from "./case-feed.server.ts";
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotAllowedInStateError,
  NotFoundError,
} from "./errors.server.ts";
import { notify, usersActingFor } from "./notifications.server.ts";
import { type TaskEventInput, type TaskInput, taskReasonRequiredMessage } from "./task-input.ts";

function taskView(user: SessionUser, row: TaskRow, now = new Date()) {
  const allowed = taskRuntime.allowedEvents(parseTaskSnapshot(row.snapshot), workflowActor(user));
  const { snapshot: _snapshot, case: c, assigneeUser, assigneeOrg, ...rest } = row;
  return {
    ...rest,
    case: { id: c.id, ref: c.ref, title: c.title, country: c.countryCode },
    assignee: assigneeUser
      ? {
          kind: "user" as const,
          id: assigneeUser.id,
          name: `${assigneeUser.name} (${assigneeOrg.shortName})`,
          organizationId: assigneeOrg.id,
        }
      : {
          kind: "organization" as const,
          id: assigneeOrg.id,
          name: assigneeOrg.name,
          organizationId: assigneeOrg.id,
        },
    due: dueStatus(row.dueAt, taskStateHas(row.state, "finished"), now),
    canComment: may(user, "commentOnTasks"),
    allowedEvents: allowed.map((e) => e.type),
    reasonRequiredFor: allowed.filter((e) => e.needsReason).map((e) => e.type),
  };
}
export type TaskView = ReturnType<typeof taskView>;

async function visibleCase(user: SessionUser, caseId: string) {
  const c = await caseOfTasks(caseId, caseScope(user));
  if (!c) throw new NotFoundError();
  return c;
}

/** The case's tasks this user may see (a partner: their organisation's), soonest due first. */
export async function listTasks(user: SessionUser, caseId: string): Promise<TaskView[]> {
  await visibleCase(user, caseId);
  const rows = await tasksOfCase(caseId, taskScope(user));
  return rows.map((r) => taskView(user, r));
}

async function getTaskRow(user: SessionUser, id: string): Promise<TaskRow> {
  const row = await taskRow(id, taskScope(user));
  if (!row) throw new NotFoundError("Task");
  return row;
}

export const getTask = async (user: SessionUser, id: string) => taskView(user, await getTaskRow(user, id));

/** Who a task on this case may go to: partner organisations, the case's government and its ministries, and their people. */
export async function assigneeOptions(caseCountry: string) {
  return assigneeCandidates(caseCountry);
}

async function resolveAssignee(
  input: TaskInput,
  caseCountry: string,
): Promise<TaskWorkflowContext & { label: string }> {
  const options = await assigneeOptions(caseCountry);
  const org = input.assigneeOrgId
    ? options.find((o) => o.id === input.assigneeOrgId)
    : options.find((o) => o.users.some((u) => u.id === input.assigneeUserId));
  if (!org) {
    throw new InvalidInputError(
      input.assigneeOrgId
        ? {
            assigneeOrgId: "errors:tasks.assigneeOrg",
          }
        : { assigneeUserId: "errors:tasks.assigneeUser" },
    );
  }
  const person = input.assigneeUserId ? org.users.find((u) => u.id === input.assigneeUserId)! : null;
  return {
    country: caseCountry,
    assigneeUserId: person?.id ?? null,
    assigneeOrgId: org.id,
    assigneeIsGovernment: org.kind !== "PARTNER",
    label: person ? `${person.name} (${org.shortName})` : org.shortName,
  };
}

/** The people a task is for: its assignee, or everyone acting for its organisation. */
const assigneesOf = async (context: TaskWorkflowContext) =>
  context.assigneeUserId ? [context.assigneeUserId] : usersActingFor(context.assigneeOrgId);

/** CTED assigns tasks; the case's focal point proposes them. */
const mayCreateTasks = (user: SessionUser, caseCountry: string) =>
  may(user, "actForCted") || may(user, "proposeTasks", { countryCode: caseCountry });

/** Whether to offer the task form: the user may create tasks, and the case is not verified. */
export const canCreateTask = (user: SessionUser, c: { state: string; country: string }) =>
  !caseStateHas(c.state, "locked") && mayCreateTasks(user, c.country);

/**
 * CTED assigns a task (it starts open); the case's focal point proposes one (CTED then accepts or
 * declines it). Anyone else: 403. The case gets a history entry; the assignee, or CTED for a
 * proposal, a notification.
 */
export async function createTask(user: SessionUser, caseId: string, input: TaskInput): Promise<TaskView> {
  const c = await visibleCase(user, caseId);
  if (!mayCreateTasks(user, c.countryCode)) throw new ForbiddenError("errors:forbidden.assignTasks");
  if (caseStateHas(c.state, "locked")) throw new NotAllowedInStateError("Adding a task", c.state);
  const { label, ...context } = await resolveAssignee(input, c.countryCode);
  const initial = taskRuntime.initial({ ...context, createdBy: workflowActor(user) });
  // The machine starts a task created by anyone but CTED as a proposal, for CTED to accept.
  const proposing = taskStateHas(initial.state, "awaitingAcceptance");
  const { task, event } = await inTransaction(async (tx) => {
    const task = await insertTask(
      {
        caseId,
        title: input.title,
        description: input.description ?? null,
        assigneeUserId: context.assigneeUserId,
        assigneeOrgId: context.assigneeOrgId,
        dueAt: input.dueAt,
        state: initial.state,
        snapshot: snapshotJson(initial.persisted),
        workflowVersion: initial.workflowVersion,
        createdById: user.id,
      },
      tx,
    );
    const event = await appendHistory(
      {
        caseId,
        caseVersion: c.version,
        taskId: task.id,
        actorId: user.id,
        type: proposing ? "TASK_PROPOSED" : "TASK_CREATED",
        fromState: c.stateValue,
        toState: c.stateValue,
        reason: `${input.title} (${label})`,
      },
      tx,
    );
    await audit(
      {
        actor: user,
        action: "task.created",
        subject: { type: "task", id: task.id },
        caseId,
        details: {
          state: initial.state,
          assigneeOrgId: context.assigneeOrgId,
          assigneeUserId: context.assigneeUserId,
        },
      },
      tx,
    );
    return { task, event };
  });
  await publishEvents([event.id]);
  if (proposing) {
    await notify(
      [c.ownerId],
      {
        kind: "action_needed",
        text: (t) =>
          t("notifications:text.taskProposed", { name: user.name, title: input.title, ref: c.ref }),
        caseId,
        taskId: task.id,
      },
      user.id,
    );
  } else {
    await notify(
      await assigneesOf(context),
      {
        kind: "task_assigned",
        text: (t) =>
          t("notifications:text.taskAssigned", {
            name: user.name,
            title: input.title,
            ref: c.ref,
            assignee: label,
          }),
        caseId,
        taskId: task.id,
      },
      user.id,
    );
  }
  return getTask(user, task.id);
}

/** Moves a task on. Checks, in order: visibility (404), version (409), the workflow (422 / 400 / 403). */
export async function applyTaskEvent(
  user: SessionUser,
  id: string,
  input: TaskEventInput,
): Promise<TaskView> {
  const row = await getTaskRow(user, id);
  if (row.version !== input.version) throw new ConflictError(row.version, "task");
  const reason = input.reason?.trim() || undefined;
  const persisted = parseTaskSnapshot(row.snapshot);
  const decision = taskRuntime.decide(persisted, { type: input.type, actor: workflowActor(user), reason });
  if (!decision.ok) {
    if (decision.refusal === "not_in_this_state")
      throw new NotAllowedInStateError(input.type, row.state, "task");
    if (decision.refusal === "reason_required")
      throw new InvalidInputError({ reason: taskReasonRequiredMessage(input.type) });
    throw new ForbiddenError({
      key: "errors:forbidden.taskEvent",
      values: { event: t(`workflow:taskEvents.${input.type}`) },
    });
  }
  const c = row.case;
  // Another move committed since the read above: ConflictError (409) with the version that won.
  const { eventId } = await commitTaskChange(
    id,
    input.version,
    {
      state: decision.next.state,
      snapshot: JSON.stringify(snapshotJson(decision.next.persisted)),
    },
    {
      caseId: c.id,
      caseVersion: c.version,
      actorId: user.id,
      type: `TASK_${input.type}`,
      fromState: c.stateValue,
      toState: c.stateValue,
      reason: reason ? `${row.title}: ${reason}` : row.title,
    },
    auditRecord({
      actor: user,
      action: "task.transition",
      subject: { type: "task", id },
      caseId: c.id,
      details: { event: input.type, from: row.state, to: decision.next.state },
    }),
  );
  await publishEvents([eventId]);
  const about = { caseId: row.caseId, taskId: id };
  if (input.type === "ACCEPT") {
    await notify(
      await assigneesOf(persisted.context),
      {
        kind: "task_assigned",
        text: (t) =>
          t("notifications:text.taskAssignedToYou", { name: user.name, title: row.title, ref: row.case.ref }),
        ...about,
      },
      user.id,
    );
  } else if (input.type === "COMPLETE") {
    await notify(
      [row.createdBy.id, row.case.ownerId],
      {
        kind: "task_done",
        text: (t) =>
          t("notifications:text.taskDone", { name: user.name, title: row.title, ref: row.case.ref }),
        ...about,
      },
      user.id,
    );
  }
  return getTask(user, id);
}

/**
 * A comment on a task: how CTED, the State and the assignee talk about the work (for a partner,
 * the comments addressed to them). It goes into the case's history and the live feed; the other
 * side is notified.
 */
export async function addTaskComment(user: SessionUser, taskId: string, body: string) {
  const row = await getTaskRow(user, taskId);
  if (!may(user, "commentOnTasks")) throw new ForbiddenError("errors:forbidden.commentOnTasks");
  const c = row.case;
  const { comment, eventId } = await inTransaction(async (tx) => {
    const comment = await insertTaskComment({ taskId, authorId: user.id, body }, tx);
    const event = await appendHistory(
      {
        caseId: c.id,
        caseVersion: c.version,
        taskId,
        actorId: user.id,
        type: "TASK_COMMENTED",
        fromState: c.stateValue,
        toState: c.stateValue,
        reason: `${row.title}: ${body}`,
      },
      tx,
    );
    return { comment, eventId: event.id };
  });
  await publishEvents([eventId]);
  const { context } = parseTaskSnapshot(row.snapshot);
  // From the assignee's side to CTED; from anyone else to the assignee.
  const assignees = await assigneesOf(context);
  const recipients = assignees.includes(user.id) ? [row.createdBy.id, c.ownerId] : assignees;
  await notify(
    recipients,
    {
      kind: "comment",
      text: (t) => t("notifications:text.taskComment", { name: user.name, title: row.title, ref: c.ref }),
      caseId: c.id,
      taskId,
    },
    user.id,
  );
  return comment;
}

/** The open tasks that are this user's to do: theirs, or their organisation's. CTED also has proposals to decide. */
export async function myTasks(user: SessionUser): Promise<TaskView[]> {
  const rows = await tasksOfPerson(taskScope(user), {
    userId: user.id,
    organizationId: user.organization.id,
    // A focal point also works the tasks of their government's ministries.
    ministriesOfGovernmentId: stateActedFor(user) ? user.organization.id : null,
    activeStates: taskStatesWith("active"),
    // CTED also has the proposals on their cases to decide.
    proposalsOnOwnCases: may(user, "actForCted")
      ? { ownerId: user.id, states: taskStatesWith("awaitingAcceptance") }
      : null,
  });
  return rows.map((r) => taskView(user, r));
}
