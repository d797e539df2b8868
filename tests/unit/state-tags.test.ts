// The machines' tags and their xstate-free copy (workflows/state-tags.ts), which pages and database
// filters read, must say the same of every stored state.
import { describe, expect, it } from "vitest";
import type { AnyStateMachine, AnyStateNode } from "xstate";

import { recommendationWorkflow } from "~workflows/recommendation.ts";
import { TOP_STATES } from "~workflows/recommendation-labels.ts";
import { storedValue } from "~workflows/runtime.ts";
import {
  CASE_TAGS,
  caseStateHas,
  caseStatesWith,
  caseStateValuesWith,
  TASK_TAGS,
  taskStateHas,
  taskStatesWith,
  taskStateValuesWith,
} from "~workflows/state-tags.ts";
import { taskWorkflow } from "~workflows/task.ts";
import { TASK_STATES } from "~workflows/task-labels.ts";

const allNodes = (node: AnyStateNode): AnyStateNode[] => [
  node,
  ...Object.values(node.states).flatMap((child: AnyStateNode) => allNodes(child)),
];
const leafPaths = (node: AnyStateNode) =>
  allNodes(node)
    .filter((n) => Object.keys(n.states).length === 0)
    .map((n) => n.path.join("."));

function agreeWithMachine<T extends string>(
  name: string,
  machine: AnyStateMachine,
  context: object,
  stored: readonly string[],
  tags: readonly T[],
  has: (state: string, tag: T) => boolean,
  statesWith: (tag: T) => string[],
  valuesWith: (tag: T) => string[],
) {
  describe(`${name} state tags`, () => {
    const storedLeaves = leafPaths(machine.root).filter((p) => stored.includes(p.split(".")[0]!));

    it("are exactly the tags the xstate-free module knows", () => {
      const used = new Set(allNodes(machine.root).flatMap((n) => n.tags));
      expect(used).toEqual(new Set(tags));
    });

    for (const path of storedLeaves) {
      it(`agree with the machine in ${path}`, () => {
        const snapshot = machine.resolveState({ value: storedValue(path), context });
        for (const tag of tags) {
          expect(has(path, tag), `${path} ${tag}`).toBe(snapshot.hasTag(tag));
          // The `state` column alone answers for the tags of top-level states.
          const top = path.split(".")[0]!;
          if (statesWith(tag).includes(top as never))
            expect(snapshot.hasTag(tag), `${path} ${tag}`).toBe(true);
        }
      });
    }

    it("list, for database filters, exactly the stored states that carry each tag", () => {
      for (const tag of tags) {
        const expected = stored.filter((top) =>
          storedLeaves
            .filter((p) => p.split(".")[0] === top)
            .every((p) => machine.resolveState({ value: storedValue(p), context }).hasTag(tag)),
        );
        expect(statesWith(tag), tag).toEqual(expected);
      }
    });

    it("list, for filters on the dotted stateValue, exactly the stored leaves that carry each tag", () => {
      for (const tag of tags) {
        const expected = storedLeaves.filter((p) =>
          machine.resolveState({ value: storedValue(p), context }).hasTag(tag),
        );
        expect(valuesWith(tag).sort(), tag).toEqual(expected.sort());
      }
    });

    it("know no state outside the machine", () => {
      for (const tag of tags) expect(has("no_such_state", tag)).toBe(false);
    });
  });
}

agreeWithMachine(
  "recommendation",
  recommendationWorkflow,
  { country: "TJK", submittedBy: null },
  TOP_STATES,
  CASE_TAGS,
  caseStateHas,
  caseStatesWith,
  caseStateValuesWith,
);
agreeWithMachine(
  "task",
  taskWorkflow,
  { country: "TJK", assigneeUserId: null, assigneeOrgId: "o", assigneeIsGovernment: false },
  TASK_STATES,
  TASK_TAGS,
  taskStateHas,
  taskStatesWith,
  taskStateValuesWith,
);
