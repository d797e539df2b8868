// Every task state x event x actor combination, against a specification written apart from the
// machine: who may do what with a follow-up task.
import { describe, expect, it } from "vitest";

import type { Actor } from "~workflows/actor.ts";
import {
  TASK_EVENT_TYPES,
  TASK_STATES,
  type TaskState,
  taskWorkflow,
  type TaskWorkflowContext,
} from "~workflows/task.ts";
import { type PersistedTaskState, taskRuntime } from "~workflows/task-runtime.ts";

const { decide: decideTask, allowedEvents: allowedTaskEvents } = taskRuntime;

const ACTORS = {
  ctedAdmin: { id: "cted-admin", role: "CTED_ADMIN", country: null, organizationId: "org-cted" },
  ctedExpert: { id: "cted-expert", role: "CTED_EXPERT", country: null, organizationId: "org-cted" },
  government: {
    id: "gov-tjk",
    role: "GOVERNMENT_FOCAL_POINT",
    country: "TJK",
    organizationId: "org-gov-tjk",
  },
  otherGovernment: {
    id: "gov-kaz",
    role: "GOVERNMENT_FOCAL_POINT",
    country: "KAZ",
    organizationId: "org-gov-kaz",
  },
  interpolOfficer: {
    id: "interpol-1",
    role: "PARTNER_OFFICER",
    country: null,
    organizationId: "org-interpol",
  },
  interpolColleague: {
    id: "interpol-2",
    role: "PARTNER_OFFICER",
    country: null,
    organizationId: "org-interpol",
  },
  otherPartner: { id: "osce-1", role: "PARTNER_OFFICER", country: null, organizationId: "org-osce" },
  observer: { id: "observer", role: "OBSERVER", country: null, organizationId: "org-ctc" },
} satisfies Record<string, Actor>;
type Name = keyof typeof ACTORS;

// Three ways to assign: a person, an organisation, a ministry of the case's State.
const ASSIGNMENTS: Record<string, { context: TaskWorkflowContext; assignees: Name[] }> = {
  "to a person": {
    context: {
      country: "TJK",
      assigneeUserId: "interpol-1",
      assigneeOrgId: "org-interpol",
      assigneeIsGovernment: false,
    },
    assignees: ["interpolOfficer"],
  },
  "to an organisation": {
    context: {
      country: "TJK",
      assigneeUserId: null,
      assigneeOrgId: "org-interpol",
      assigneeIsGovernment: false,
    },
    assignees: ["interpolOfficer", "interpolColleague"],
  },
  "to a ministry": {
    context: {
      country: "TJK",
      assigneeUserId: null,
      assigneeOrgId: "org-ministry-tjk",
      assigneeIsGovernment: true,
    },
    assignees: ["government"],
  },
};

const cted: Name[] = ["ctedAdmin", "ctedExpert"];
type Rule = { to: TaskState; who: "cted" | "assignee"; reason: boolean };
const SPEC: Record<TaskState, Partial<Record<string, Rule>>> = {
  proposed: {
    ACCEPT: { to: "open", who: "cted", reason: false },
    DECLINE: { to: "cancelled", who: "cted", reason: true },
  },
  open: {
    START: { to: "in_progress", who: "assignee", reason: false },
    COMPLETE: { to: "done", who: "assignee", reason: false },
    CANCEL: { to: "cancelled", who: "cted", reason: true },
  },
  in_progress: {
    COMPLETE: { to: "done", who: "assignee", reason: false },
    CANCEL: { to: "cancelled", who: "cted", reason: true },
  },
  done: { REOPEN: { to: "in_progress", who: "cted", reason: true } },
  cancelled: {},
};

describe("task workflow", () => {
  it("starts open when CTED creates it and proposed when a government proposes it", () => {
    const context = ASSIGNMENTS["to an organisation"]!.context;
    const startedBy = (createdBy: Actor) => taskRuntime.initial({ ...context, createdBy });
    for (const cted of [ACTORS.ctedAdmin, ACTORS.ctedExpert]) {
      expect(startedBy(cted)).toEqual({
        state: "open",
        stateValue: "open",
        // The creator is not stored: the context is the assignment alone.
        persisted: { value: "open", context },
        workflowVersion: 1,
      });
    }
    expect(startedBy(ACTORS.government)).toMatchObject({
      state: "proposed",
      persisted: { value: "proposed", context },
    });
  });

  it("stores exactly the states the specification covers, passing through its first one", () => {
    const [first, ...stored] = Object.keys(taskWorkflow.root.states);
    expect(stored).toEqual([...TASK_STATES]);
    expect(first).toBe(taskWorkflow.root.initial.target[0]!.key);
    expect(TASK_STATES).not.toContain(first);
  });

  for (const [assignment, { context, assignees }] of Object.entries(ASSIGNMENTS)) {
    describe(`assigned ${assignment}`, () => {
      for (const state of TASK_STATES) {
        const persisted: PersistedTaskState = { value: state, context };
        for (const type of TASK_EVENT_TYPES) {
          for (const [name, actor] of Object.entries(ACTORS) as [Name, Actor][]) {
            const rule = SPEC[state][type];
            const allowed = rule && (rule.who === "cted" ? cted : assignees).includes(name);
            it(`${state} + ${type} by ${name}: ${allowed ? `-> ${rule.to}` : "refused"}`, () => {
              const withReason = decideTask(persisted, { type, actor, reason: "Because" });
              const without = decideTask(persisted, { type, actor });
              if (!rule) {
                expect(withReason).toEqual({ ok: false, refusal: "not_in_this_state" });
              } else if (!allowed) {
                expect(withReason).toEqual({ ok: false, refusal: "forbidden" });
              } else {
                expect(withReason).toMatchObject({
                  ok: true,
                  from: state,
                  to: rule.to,
                  next: { state: rule.to, stateValue: rule.to, persisted: { value: rule.to, context } },
                });
                expect(without).toEqual(rule.reason ? { ok: false, refusal: "reason_required" } : withReason);
              }
              const offered = allowedTaskEvents(persisted, actor).find((e) => e.type === type);
              expect(offered).toEqual(allowed ? { type, needsReason: rule.reason } : undefined);
            });
          }
        }
      }
    });
  }
});
