// The workflow as a graph of states and labelled transitions, read from the machine definition,
// for the in-app diagram and for the generated tests.
import type { AnyStateNode } from "xstate";

import { guardNames } from "./guards.ts";
import { recommendationWorkflow } from "./recommendation.ts";

export interface GraphState {
  /** Dotted path, e.g. in_progress.under_review. */
  path: string;
  key: string;
  parent: string | null;
  isLeaf: boolean;
}

export interface GraphTransition {
  from: string;
  event: string;
  /** Resolved to a leaf state (a compound target enters its initial child). */
  to: string;
  guards: string[];
}

export interface WorkflowGraph {
  states: GraphState[];
  transitions: GraphTransition[];
}

const pathOf = (node: AnyStateNode) => node.path.join(".");

function initialLeaf(node: AnyStateNode): AnyStateNode {
  const initial = node.initial?.target?.[0];
  return initial ? initialLeaf(initial) : node;
}

export function workflowGraph(machine: { root: AnyStateNode } = recommendationWorkflow): WorkflowGraph {
  const states: GraphState[] = [];
  const transitions: GraphTransition[] = [];
  const visit = (node: AnyStateNode) => {
    const children = Object.values(node.states) as AnyStateNode[];
    if (node.path.length > 0) {
      states.push({
        path: pathOf(node),
        key: node.key,
        parent: node.path.length > 1 ? node.path.slice(0, -1).join(".") : null,
        isLeaf: children.length === 0,
      });
      for (const [event, defs] of node.transitions) {
        for (const def of defs) {
          const target = def.target?.[0];
          transitions.push({
            from: pathOf(node),
            event,
            to: target ? pathOf(initialLeaf(target)) : pathOf(node),
            guards: guardNames(def.guard),
          });
        }
      }
    }
    children.forEach(visit);
  };
  visit(machine.root);
  return { states, transitions };
}
