// Overdue work: who holds the most overdue open tasks (the person they are assigned to, else the
// organisation) and the most overdue cases (their CTED owner), the first ten of each as bars with
// their numbers written at the end. One colour, so nothing depends on telling colours apart.
import { useTranslation } from "react-i18next";

import type { OverdueHolders } from "~/domain/dashboard-charts.server.ts";
import { type Formats, useFormat } from "~/i18n/format.ts";
import type { Translate } from "~/i18n/languages.ts";

import { ChartDrawing, type Hit } from "./ChartDrawing.tsx";
import { ChartFigure, CountLink } from "./ChartFigure.tsx";
import { wrapWords } from "./wrap-words.tsx";

const ID = "chart-overdue";
const W = 360;
// About a digit's width at the labels' larger size: each bar leaves room for the largest count.
const DIGIT_W = 7.5;
const LINE = 15;
const BAR_H = 18;
const GAP = 10;
// What fits on a line at the labels' larger size (a phone's: charts.css).
const LABEL_CHARS = 46;

interface Panel {
  id: string;
  title: string;
  holders: OverdueHolders;
  /** The cases a bar counts, when the case list can show them. */
  link?: (holderId: string) => string;
  /** What the panel says about its bars, or that there are none. */
  summary: string;
}

const nameOf = (t: Translate, h: OverdueHolders["top"][number]) =>
  h.kind === "organization" ? t("overdue.organisation", { name: h.name }) : h.name;

function Bars({ panel }: { panel: Panel }) {
  const { t } = useTranslation("dashboard");
  const format = useFormat();
  const formatCount = format.count;
  const { top } = panel.holders;
  const max = Math.max(1, ...top.map((h) => h.count));
  const barW = W - 8 - formatCount(max).length * DIGIT_W;
  let height = 4;
  const rows = top.map((h) => {
    const lines = wrapWords(nameOf(t, h), LABEL_CHARS);
    const y = height;
    height += lines.length * LINE + 3 + BAR_H + GAP;
    const bar = {
      x: 0,
      y: y + lines.length * LINE + 3,
      width: Math.max(2, (h.count / max) * barW),
      height: BAR_H,
    };
    return { h, lines, y, bar };
  });
  const hits: Hit[] = rows.map(({ h, bar }) => ({
    key: h.id,
    ...bar,
    title: t("overdue.barTitle", { name: nameOf(t, h), count: h.count, n: formatCount(h.count) }),
    to: panel.link?.(h.id),
  }));
  return (
    <ChartDrawing
      width={W}
      height={height}
      labelledBy={`${panel.id}-title`}
      describedBy={`${panel.id}-summary`}
      hits={hits}
    >
      {rows.map(({ h, lines, y, bar }) => (
        <g key={h.id} data-holder={h.id}>
          <text y={y} className="chart-label">
            {lines.map((line, i) => (
              <tspan key={i} x={0} dy={i === 0 ? "0.9em" : LINE}>
                {line}
              </tspan>
            ))}
          </text>
          <rect {...bar} className="chart-overdue-bar" />
          <text x={bar.width + 4} y={bar.y + BAR_H / 2} dy="0.35em" className="chart-total">
            {formatCount(h.count)}
          </text>
        </g>
      ))}
    </ChartDrawing>
  );
}

/** "12 overdue open tasks, held by 5 assignees. The 10 with the most are shown." */
function summaryOf(
  t: Translate,
  format: Formats,
  holders: OverdueHolders,
  keys: { items: string; holders: string; none: string },
) {
  if (holders.total === 0) return t(keys.none);
  const held = t("overdue.held", {
    items: t(keys.items, { count: holders.total, n: format.count(holders.total) }),
    holders: t(keys.holders, { count: holders.holders, n: format.count(holders.holders) }),
  });
  if (holders.top.length >= holders.holders) return held;
  const shown = t("overdue.shown", { count: holders.top.length, n: format.count(holders.top.length) });
  return `${held} ${shown}`;
}

export function OverdueChart({ tasks, cases }: { tasks: OverdueHolders; cases: OverdueHolders }) {
  const { t } = useTranslation("dashboard");
  const format = useFormat();
  const panels: Panel[] = [
    {
      id: `${ID}-tasks`,
      title: t("overdue.tasksTitle"),
      holders: tasks,
      summary: summaryOf(t, format, tasks, {
        items: "overdue.overdueTasks",
        holders: "overdue.assignees",
        none: "overdue.noTasks",
      }),
    },
    {
      id: `${ID}-cases`,
      title: t("overdue.casesTitle"),
      holders: cases,
      link: (ownerId) => `/cases?owner=${ownerId}&overdue=true`,
      summary: summaryOf(t, format, cases, {
        items: "overdue.overdueCases",
        holders: "overdue.owners",
        none: "overdue.noCases",
      }),
    },
  ];
  return (
    <ChartFigure
      id={ID}
      wide
      title={t("overdue.title")}
      summary={t("overdue.summary", {
        tasks: t("overdue.tasks", { count: tasks.total, n: format.count(tasks.total) }),
        cases: t("overdue.cases", { count: cases.total, n: format.count(cases.total) }),
      })}
      table={
        tasks.total + cases.total === 0 ? null : (
          <table className="chart-table cards">
            <caption>{t("overdue.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("overdue.heldBy")}</th>
                <th scope="col" className="num">
                  {t("overdue.overdue")}
                </th>
              </tr>
            </thead>
            {panels.map((p) =>
              p.holders.top.length === 0 ? null : (
                <tbody key={p.id}>
                  <tr>
                    <th scope="colgroup" colSpan={2}>
                      {p.title}
                    </th>
                  </tr>
                  {p.holders.top.map((h) => (
                    <tr key={h.id}>
                      <th scope="row" data-label={t("overdue.heldBy")}>
                        {nameOf(t, h)}
                      </th>
                      <td className="num" data-label={t("overdue.overdue")}>
                        {p.link ? <CountLink n={h.count} to={p.link(h.id)} /> : format.count(h.count)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              ),
            )}
          </table>
        )
      }
    >
      <div className="chart-panels">
        {panels.map((p) => (
          <section key={p.id} className="chart-panel" aria-labelledby={`${p.id}-title`}>
            <h3 id={`${p.id}-title`}>{p.title}</h3>
            <p id={`${p.id}-summary`} className="muted">
              {p.summary}
            </p>
            {p.holders.top.length > 0 ? <Bars panel={p} /> : null}
          </section>
        ))}
      </div>
    </ChartFigure>
  );
}
