// Every state x event x actor combination, generated from the machine itself: a new state or
// event in the machine shows up here, and fails until the specification below covers it.
import { describe, expect, it } from "vitest";

import { ROLES } from "~/access/roles.ts";
import english from "~/i18n/locales/en/workflow.json";
import type { Actor } from "~workflows/actor.ts";
import { caseRuntime, type PersistedCaseState } from "~workflows/case-runtime.ts";
import { workflowGraph } from "~workflows/graph.ts";
import { recommendationWorkflow } from "~workflows/recommendation.ts";
import { CASE_EVENT_TYPES, CASE_HISTORY_TYPES, TOP_STATES } from "~workflows/recommendation-labels.ts";
import { taskWorkflow } from "~workflows/task.ts";
import { TASK_EVENT_TYPES, TASK_HISTORY_TYPES, TASK_STATES } from "~workflows/task-labels.ts";

const { decide, allowedEvents } = caseRuntime;

const COUNTRY = "TJK";
const SUBMITTER_ID = "cted-submitter";

// The actors that the rules tell apart.
const ACTORS = {
  ctedAdmin: { id: "cted-admin", role: "CTED_ADMIN", country: null },
  ctedExpert: { id: "cted-expert", role: "CTED_EXPERT", country: null },
  ctedSubmitter: { id: SUBMITTER_ID, role: "CTED_EXPERT", country: null },
  government: { id: "gov-tjk", role: "GOVERNMENT_FOCAL_POINT", country: COUNTRY },
  otherGovernment: { id: "gov-kaz", role: "GOVERNMENT_FOCAL_POINT", country: "KAZ" },
  partner: { id: "partner", role: "PARTNER_OFFICER", country: null },
  observer: { id: "observer", role: "OBSERVER", country: null },
} satisfies Record<string, Actor>;
type ActorName = keyof typeof ACTORS;

const government: ActorName[] = ["government"];
const cted: ActorName[] = ["ctedAdmin", "ctedExpert", "ctedSubmitter"];
const ctedNotSubmitter: ActorName[] = ["ctedAdmin", "ctedExpert"];

// The rules of docs/design.md, written independently of the machine.
const SPEC: Record<string, Partial<Record<string, { to: string; who: ActorName[]; reason: boolean }>>> = {
  drafted: {
    AGREE: { to: "agreed", who: government, reason: false },
    REQUEST_CHANGES: { to: "drafted", who: government, reason: true },
  },
  agreed: { START: { to: "in_progress.implementing", who: government, reason: false } },
  "in_progress.implementing": {
    SUBMIT_EVIDENCE: { to: "in_progress.under_review", who: [...government, ...cted], reason: false },
  },
  "in_progress.under_review": {
    RETURN: { to: "in_progress.implementing", who: cted, reason: true },
    VERIFY: { to: "verified", who: ctedNotSubmitter, reason: false },
  },
  verified: { REOPEN: { to: "in_progress.implementing", who: cted, reason: true } },
};

const graph = workflowGraph();
const leaves = graph.states.filter((s) => s.isLeaf).map((s) => s.path);

function persistedAt(path: string): PersistedCaseState {
  const [top, child] = path.split(".");
  return {
    value: child ? { [top!]: child } : top!,
    context: { country: COUNTRY, submittedBy: path === "in_progress.under_review" ? SUBMITTER_ID : null },
  };
}

describe("recommendation workflow", () => {
  it("has exactly the states and events the specification covers", () => {
    expect(new Set(leaves)).toEqual(new Set(Object.keys(SPEC)));
    const machineEvents = new Set(graph.transitions.map((t) => t.event));
    expect([...machineEvents].every((e) => (CASE_EVENT_TYPES as readonly string[]).includes(e))).toBe(true);
    expect(recommendationWorkflow.id).toBe("recommendation");
    // Every top-level state is stored as it is (the `state` column).
    expect(Object.keys(recommendationWorkflow.root.states)).toEqual([...TOP_STATES]);
  });

  it("starts drafted, for the case's State", () => {
    expect(caseRuntime.initial({ country: COUNTRY })).toEqual({
      state: "drafted",
      stateValue: "drafted",
      persisted: { value: "drafted", context: { country: COUNTRY, submittedBy: null } },
      workflowVersion: 1,
    });
  });

  for (const state of leaves) {
    for (const type of CASE_EVENT_TYPES) {
      for (const [name, actor] of Object.entries(ACTORS) as [ActorName, Actor][]) {
        for (const reason of [undefined, "Because the text must change"]) {
          const rule = SPEC[state]?.[type];
          const label = `${state} x ${type} x ${name}${reason ? " with reason" : ""}`;
          it(label, () => {
            const decision = decide(persistedAt(state), { type, actor, reason });
            if (!rule) return expect(decision).toEqual({ ok: false, refusal: "not_in_this_state" });
            if (!rule.who.includes(name))
              return expect(decision).toEqual({ ok: false, refusal: "forbidden" });
            if (rule.reason && !reason)
              return expect(decision).toEqual({ ok: false, refusal: "reason_required" });
            expect(decision.ok).toBe(true);
            if (!decision.ok) return;
            expect(decision.from).toBe(state);
            expect(decision.to).toBe(rule.to);
            expect(decision.next.stateValue).toBe(rule.to);
            expect(decision.next.state).toBe(rule.to.split(".")[0]);
          });
        }
      }
    }
  }

  for (const state of leaves) {
    for (const [name, actor] of Object.entries(ACTORS) as [ActorName, Actor][]) {
      it(`offers ${name} in ${state} exactly the events the specification allows`, () => {
        const expected = Object.entries(SPEC[state] ?? {})
          .filter(([, rule]) => rule!.who.includes(name))
          .map(([type, rule]) => ({ type, needsReason: rule!.reason }));
        const sortByType = (a: { type: string }, b: { type: string }) => a.type.localeCompare(b.type);
        expect(allowedEvents(persistedAt(state), actor).sort(sortByType)).toEqual(expected.sort(sortByType));
      });
    }
  }

  it("records the submitter, so that they cannot verify their own evidence", () => {
    const submit = decide(persistedAt("in_progress.implementing"), {
      type: "SUBMIT_EVIDENCE",
      actor: ACTORS.ctedExpert,
    });
    expect(submit.ok && submit.next.persisted.context.submittedBy).toBe(ACTORS.ctedExpert.id);
    if (!submit.ok) return;
    expect(decide(submit.next.persisted, { type: "VERIFY", actor: ACTORS.ctedExpert })).toEqual({
      ok: false,
      refusal: "forbidden",
    });
    expect(decide(submit.next.persisted, { type: "VERIFY", actor: ACTORS.ctedAdmin }).ok).toBe(true);
  });

  it("knows every role", () => {
    const covered = new Set(Object.values(ACTORS).map((a) => a.role));
    expect(ROLES.every((r) => covered.has(r))).toBe(true);
  });
});

describe("names (the translations' workflow namespace; every language has the English keys)", () => {
  const stateIds = (node: { states: Record<string, unknown> }): string[] =>
    Object.entries(node.states).flatMap(([key, child]) => [key, ...stateIds(child as typeof node)]);
  const named = (group: Record<string, string>, key: string) => Boolean(group[key]);

  it("name every state and every event of the recommendation machine, and list exactly its events", () => {
    for (const id of stateIds(recommendationWorkflow.root)) expect(named(english.states, id), id).toBe(true);
    expect([...recommendationWorkflow.root.events].sort()).toEqual([...CASE_EVENT_TYPES].sort());
    for (const type of CASE_EVENT_TYPES) expect(named(english.events, type), type).toBe(true);
    for (const type of CASE_HISTORY_TYPES) expect(named(english.eventPast, type), type).toBe(true);
  });

  it("name every state, event and history entry of the task machine", () => {
    for (const state of TASK_STATES) expect(named(english.taskStates, state), state).toBe(true);
    expect([...taskWorkflow.root.events].sort()).toEqual([...TASK_EVENT_TYPES].sort());
    for (const type of TASK_EVENT_TYPES) expect(named(english.taskEvents, type), type).toBe(true);
    for (const type of TASK_HISTORY_TYPES) expect(named(english.history, type), type).toBe(true);
  });
});
