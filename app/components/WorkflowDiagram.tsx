// The workflow diagram, drawn from the machine definition (workflows/graph.ts), with the case's
// current state marked. States sit left to right in definition order; forward transitions run
// straight or above, backward ones arc below.
// The labels are the reader's language (workflow:states.*, workflow:events.*, casePage:diagram.*);
// the drawing stays left to right whatever the page's direction.
import { Trans, useTranslation } from "react-i18next";

import type { Translate } from "~/i18n/languages.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";
import { stateName } from "~/i18n/workflow-names.ts";
import { type GraphTransition, workflowGraph } from "~workflows/graph.ts";

/** The guards a label names (casePage:diagram.guards.*); any other is shown as named. */
const GUARDS = new Set(["isGovernmentOfCase", "isCted", "hasReason", "isNotSubmitter"]);

const BOX_W = 118;
const BOX_H = 44;
const GAP = 140;
const BOX_Y = 96;
const LEFT = 16;

interface Edge {
  from: string;
  to: string;
  event: string;
  /** Who may send it: alternatives, each the guards that must all hold. */
  who: string[][];
}

/** One edge per (from, event, to); alternative guards (government or CTED) become one label. */
function mergeEdges(transitions: GraphTransition[]): Edge[] {
  const edges = new Map<string, Edge>();
  for (const t of transitions) {
    const key = `${t.from}|${t.event}|${t.to}`;
    const who = t.guards;
    const edge = edges.get(key);
    if (edge) edge.who.push(who);
    else edges.set(key, { from: t.from, to: t.to, event: t.event, who: [who] });
  }
  return [...edges.values()];
}

const graph = workflowGraph();
const leaves = graph.states.filter((s) => s.isLeaf);
const groups = graph.states.filter((s) => !s.isLeaf);
const edges = mergeEdges(graph.transitions);
const indexOf = (path: string) => leaves.findIndex((l) => l.path === path);
const boxX = (i: number) => LEFT + i * (BOX_W + GAP);
const WIDTH = boxX(leaves.length) - GAP + LEFT;
const HEIGHT = 250;

function edgeGeometry(edge: Edge) {
  const a = indexOf(edge.from);
  const b = indexOf(edge.to);
  const ax = boxX(a) + BOX_W / 2;
  const bx = boxX(b) + BOX_W / 2;
  if (a === b) {
    const top = BOX_Y;
    return {
      d: `M ${ax - 22} ${top} C ${ax - 40} ${top - 48}, ${ax + 40} ${top - 48}, ${ax + 22} ${top}`,
      lx: ax,
      ly: top - 44,
    };
  }
  if (b === a + 1) {
    const y = BOX_Y + BOX_H / 2;
    return {
      d: `M ${boxX(a) + BOX_W} ${y} L ${boxX(b)} ${y}`,
      lx: (boxX(a) + BOX_W + boxX(b)) / 2,
      ly: y - 6,
    };
  }
  const depth = 34 + 26 * Math.abs(b - a);
  const y = BOX_Y + BOX_H;
  const dir = b > a ? -1 : 1;
  const startY = dir > 0 ? y : BOX_Y;
  const c = startY + dir * depth;
  return {
    d: `M ${ax} ${startY} C ${ax} ${c}, ${bx} ${c}, ${bx} ${startY}`,
    lx: (ax + bx) / 2,
    ly: startY + dir * depth * 0.75 + (dir > 0 ? 12 : -4),
  };
}

/** A state's name: a nested path ("in_progress.under_review") by its last part. */

/** Who may send an edge's event: "the State's focal point or CTED". */
const whoOf = (t: Translate, edge: Edge) =>
  edge.who
    .map((guards) =>
      guards.map((g) => (GUARDS.has(g) ? t(`diagram.guards.${g}`) : g)).join(t("diagram.guardSeparator")),
    )
    .join(t("diagram.or"));

export function WorkflowDiagram({ current }: { current: string }) {
  const { t } = useTranslation("casePage");
  const event = (type: string) => t(`workflow:events.${type}`);
  return (
    <figure className="diagram" aria-labelledby="diagram-caption">
      {/* On a phone the diagram keeps a legible size and scrolls sideways in this region. */}
      <div className="diagram-scroll" role="region" aria-label={t("diagram.region")} tabIndex={0}>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={t("diagram.image", { state: stateName(t, current) })}
          direction="ltr"
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#4a5563" />
            </marker>
          </defs>
          {groups.map((g) => {
            const children = leaves.map((l, i) => ({ l, i })).filter(({ l }) => l.parent === g.path);
            const first = children[0]!.i;
            const last = children[children.length - 1]!.i;
            const isCurrent = current === g.path || current.startsWith(`${g.path}.`);
            return (
              <g key={g.path} className={`group${isCurrent ? " current" : ""}`}>
                <rect
                  x={boxX(first) - 12}
                  y={BOX_Y - 30}
                  width={boxX(last) - boxX(first) + BOX_W + 24}
                  height={BOX_H + 42}
                  rx={10}
                />
                <text x={boxX(first) - 4} y={BOX_Y - 14}>
                  {stateName(t, g.path)}
                </text>
              </g>
            );
          })}
          {edges.map((e) => {
            const { d, lx, ly } = edgeGeometry(e);
            return (
              <g key={`${e.from}-${e.event}-${e.to}`} className="edge">
                <path d={d} markerEnd="url(#arrow)">
                  <title>{t("diagram.edgeTitle", { event: event(e.event), who: whoOf(t, e) })}</title>
                </path>
                <text x={lx} y={ly} textAnchor="middle">
                  {event(e.event)}
                </text>
              </g>
            );
          })}
          {leaves.map((l, i) => (
            <g key={l.path} className={`state${l.path === current ? " current" : ""}`}>
              <rect x={boxX(i)} y={BOX_Y} width={BOX_W} height={BOX_H} rx={8} />
              <text
                x={boxX(i) + BOX_W / 2}
                y={BOX_Y + BOX_H / 2 + 5}
                textAnchor="middle"
                fontWeight={l.path === current ? 700 : 400}
              >
                {stateName(t, l.path)}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <figcaption id="diagram-caption">
        <details>
          <summary>{t("diagram.steps")}</summary>
          <ul>
            {edges.map((e) => (
              <li key={`${e.from}-${e.event}-${e.to}`}>
                <Trans
                  {...TRANS_WITH_DATA}
                  t={t}
                  i18nKey="diagram.step"
                  values={{
                    event: event(e.event),
                    from: stateName(t, e.from),
                    to: stateName(t, e.to),
                    who: whoOf(t, e),
                  }}
                  components={{ strong: <strong /> }}
                />
              </li>
            ))}
          </ul>
        </details>
      </figcaption>
    </figure>
  );
}
