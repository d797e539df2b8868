// The runtime shared by both workflows (workflows/runtime.ts): which events need a reason is read
// from the machines' definitions, so check it against what the machines do, for every stored
// state x event x actor; and stored snapshots are read back with a check.
import { describe, expect, it } from "vitest";
import type { AnyStateNode } from "xstate";

import type { Actor } from "~workflows/actor.ts";
import { caseRuntime, parseCaseSnapshot, type PersistedCaseState } from "~workflows/case-runtime.ts";
import { recommendationWorkflow } from "~workflows/recommendation.ts";
import { CASE_EVENT_TYPES } from "~workflows/recommendation-labels.ts";
import {
  type AllowedEvent,
  type Decision,
  MalformedSnapshotError,
  snapshotJson,
  storedValue,
} from "~workflows/runtime.ts";
import { taskWorkflow, type TaskWorkflowContext } from "~workflows/task.ts";
import { TASK_EVENT_TYPES, TASK_STATES } from "~workflows/task-labels.ts";
import { parseTaskSnapshot, taskRuntime } from "~workflows/task-runtime.ts";

const ACTORS: Actor[] = [
  { id: "cted-admin", role: "CTED_ADMIN", country: null, organizationId: "org-cted" },
  { id: "cted-expert", role: "CTED_EXPERT", country: null, organizationId: "org-cted" },
  { id: "cted-submitter", role: "CTED_EXPERT", country: null, organizationId: "org-cted" },
  { id: "gov-tjk", role: "GOVERNMENT_FOCAL_POINT", country: "TJK", organizationId: "org-gov-tjk" },
  { id: "gov-kaz", role: "GOVERNMENT_FOCAL_POINT", country: "KAZ", organizationId: "org-gov-kaz" },
  { id: "interpol-1", role: "PARTNER_OFFICER", country: null, organizationId: "org-interpol" },
  { id: "interpol-2", role: "PARTNER_OFFICER", country: null, organizationId: "org-interpol" },
  { id: "osce-1", role: "PARTNER_OFFICER", country: null, organizationId: "org-osce" },
  { id: "observer", role: "OBSERVER", country: null, organizationId: "org-ctc" },
];

const leafPaths = (node: AnyStateNode): string[] => {
  const children: AnyStateNode[] = Object.values(node.states);
  return children.length === 0 ? [node.path.join(".")] : children.flatMap(leafPaths);
};

const caseStates = leafPaths(recommendationWorkflow.root).flatMap((path) =>
  [null, "cted-submitter", "gov-tjk"].map((submittedBy): PersistedCaseState => ({
    value: storedValue(path),
    context: { country: "TJK", submittedBy },
  })),
);

const TASK_CONTEXTS: TaskWorkflowContext[] = [
  {
    country: "TJK",
    assigneeUserId: "interpol-1",
    assigneeOrgId: "org-interpol",
    assigneeIsGovernment: false,
  },
  { country: "TJK", assigneeUserId: null, assigneeOrgId: "org-interpol", assigneeIsGovernment: false },
  { country: "TJK", assigneeUserId: null, assigneeOrgId: "org-ministry-tjk", assigneeIsGovernment: true },
];
const taskStates = TASK_STATES.flatMap((value) => TASK_CONTEXTS.map((context) => ({ value, context })));

/** For every stored state, event and actor: offered exactly when allowed, needing a reason exactly when refused without one. */
function agreesWithMachine<P, T extends string>(
  {
    allowedEvents,
    decide,
  }: {
    allowedEvents: (persisted: P, actor: Actor) => AllowedEvent<T>[];
    decide: (persisted: P, event: { type: T; actor: Actor; reason?: string }) => Decision<unknown>;
  },
  states: P[],
  events: readonly T[],
) {
  let checked = 0;
  let needingReason = 0;
  for (const persisted of states) {
    for (const actor of ACTORS) {
      const offered = allowedEvents(persisted, actor);
      for (const type of events) {
        const withReason = decide(persisted, { type, actor, reason: "Because" });
        const without = decide(persisted, { type, actor });
        const offer = offered.find((e) => e.type === type);
        const where = `${JSON.stringify(persisted)} ${type} by ${actor.id}`;
        expect(offer !== undefined, where).toBe(withReason.ok);
        if (!offer) continue;
        checked++;
        if (offer.needsReason) needingReason++;
        expect(without, where).toEqual(
          offer.needsReason ? { ok: false, refusal: "reason_required" } : withReason,
        );
      }
    }
  }
  // Both kinds occur, so neither answer is vacuous.
  expect(checked).toBeGreaterThan(needingReason);
  expect(needingReason).toBeGreaterThan(0);
}

describe("which events need a reason, read from the machines' definitions", () => {
  it("matches what the recommendation machine does, for every state x event x actor", () =>
    agreesWithMachine(caseRuntime, caseStates, CASE_EVENT_TYPES));
  it("matches what the task machine does, for every state x event x actor", () =>
    agreesWithMachine(taskRuntime, taskStates, TASK_EVENT_TYPES));
});

describe("stored snapshots, read back", () => {
  it("reads what the runtime stores, through JSON", () => {
    const start = caseRuntime.initial({ country: "TJK" });
    const storedCase = JSON.parse(JSON.stringify(snapshotJson(start.persisted)));
    expect(parseCaseSnapshot(storedCase)).toEqual(start.persisted);
    const task = taskRuntime.initial({ ...TASK_CONTEXTS[1]!, createdBy: ACTORS[0]! });
    const storedTask = JSON.parse(JSON.stringify(snapshotJson(task.persisted)));
    expect(parseTaskSnapshot(storedTask)).toEqual(task.persisted);
  });

  it("reads snapshots as existing databases hold them", () => {
    const stored = { value: { in_progress: "under_review" }, context: { country: "TJK", submittedBy: "u1" } };
    expect(parseCaseSnapshot(stored)).toEqual(stored);
    const task = { value: "in_progress", context: TASK_CONTEXTS[2] };
    expect(parseTaskSnapshot(task)).toEqual(task);
  });

  const caseContext = { country: "TJK", submittedBy: null };
  const MALFORMED_CASES: [string, unknown][] = [
    ["nothing", null],
    ["text", "drafted"],
    ["no value", { context: caseContext }],
    ["no context", { value: "drafted" }],
    ["an unknown state", { value: "archived", context: caseContext }],
    ["an unknown inner state", { value: { in_progress: "paused" }, context: caseContext }],
    ["a state with inner states, not one of them", { value: "in_progress", context: caseContext }],
    ["two states at once", { value: { in_progress: "implementing", verified: "x" }, context: caseContext }],
    ["a context without the country", { value: "drafted", context: { submittedBy: null } }],
    ["a context of the wrong type", { value: "drafted", context: { country: "TJK", submittedBy: 7 } }],
  ];
  for (const [what, json] of MALFORMED_CASES) {
    it(`refuses a case snapshot with ${what}`, () => {
      expect(() => parseCaseSnapshot(json)).toThrow(MalformedSnapshotError);
      expect(() => parseCaseSnapshot(json)).toThrow(/^Stored recommendation snapshot is malformed: /);
    });
  }

  const MALFORMED_TASKS: [string, unknown][] = [
    ["the first state, which is never stored", { value: "created", context: TASK_CONTEXTS[0] }],
    ["a case's state", { value: "verified", context: TASK_CONTEXTS[0] }],
    ["a case's context", { value: "open", context: caseContext }],
    [
      "an assignee flag that is not a boolean",
      { value: "open", context: { ...TASK_CONTEXTS[0], assigneeIsGovernment: "no" } },
    ],
  ];
  for (const [what, json] of MALFORMED_TASKS) {
    it(`refuses a task snapshot with ${what}`, () => {
      expect(() => parseTaskSnapshot(json)).toThrow(/^Stored task snapshot is malformed: /);
    });
  }

  it("names what is wrong", () => {
    expect(() => parseCaseSnapshot({ value: "archived", context: { country: "TJK" } })).toThrow(
      "Stored recommendation snapshot is malformed: value is not a state of the recommendation workflow; context.submittedBy Required",
    );
  });

  it("never stores a task's first state", () => {
    expect(Object.keys(taskWorkflow.root.states)).toContain("created");
    for (const actor of ACTORS) {
      const start = taskRuntime.initial({ ...TASK_CONTEXTS[0]!, createdBy: actor });
      expect(TASK_STATES).toContain(start.state);
    }
  });
});
