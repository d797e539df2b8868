// State by thematic area: one bar per area, divided by state in workflow order, each part
// labelled with its number where it is wide enough and linked to those cases; the area's total at
// the bar's end. Areas' names sit above their bars, so that long names need no narrow margin.
import { useTranslation } from "react-i18next";

import { StateColumnHeads } from "~/components/StateColumnHeads.tsx";
import { useFormat } from "~/i18n/format.ts";
import { stateName } from "~/i18n/workflow-names.ts";
import type { ThematicArea } from "~/lib/areas.ts";
import { TOP_STATES, type TopState } from "~workflows/recommendation-labels.ts";

import { ChartDrawing, type Hit } from "./ChartDrawing.tsx";
import { ChartFigure, chartIds, CountLink, listOf } from "./ChartFigure.tsx";
import { stateFill, StateLegend, StatePatterns } from "./StateFills.tsx";
import { wrapWords } from "./wrap-words.tsx";

const ID = "chart-by-area";
const W = 360;
const LINE = 15;
const BAR_H = 18;
const GAP = 12;
// What fits on a line at the labels' larger size (a phone's: charts.css).
const LABEL_CHARS = 46;
// About a digit's width at the labels' larger size: a part's number is written in it when there
// is room, and each bar leaves room for the largest total after it.
const DIGIT_W = 7.5;

/** An area's counts, as cases.server.ts dashboard() gives them (areas without cases may be missing). */
interface AreaCounts {
  area: string;
  states: Record<TopState, number>;
  total: number;
}

/** One bar per area of `areas` (in their order, named as the reader reads them), from `counts`. */
export function StatesByAreaChart({
  areas,
  counts,
}: {
  areas: Pick<ThematicArea, "slug" | "label">[];
  counts: AreaCounts[];
}) {
  const { t } = useTranslation("dashboard");
  const format = useFormat();
  const formatCount = format.count;
  const cases = (n: number) => t("charts.cases", { count: n, n: formatCount(n) });
  const ids = chartIds(ID);
  const byArea = new Map(counts.map((a) => [a.area, a]));
  const rows = areas.map((a) => ({
    ...a,
    counts: byArea.get(a.slug),
    lines: wrapWords(a.label, LABEL_CHARS),
  }));
  const max = Math.max(1, ...rows.map((r) => r.counts?.total ?? 0));
  const barW = W - 8 - formatCount(max).length * DIGIT_W;
  const total = rows.reduce((sum, r) => sum + (r.counts?.total ?? 0), 0);
  const most = rows.filter((r) => r.counts?.total === max).map((r) => r.label);
  const verified = rows.reduce((sum, r) => sum + (r.counts?.states.verified ?? 0), 0);
  let height = 4;
  const placed = rows.map((r) => {
    const top = height;
    const barY = top + r.lines.length * LINE + 3;
    height += r.lines.length * LINE + 3 + BAR_H + GAP;
    let end = 0;
    const segments = TOP_STATES.flatMap((state) => {
      const n = r.counts?.states[state] ?? 0;
      const x = end;
      end += (n / max) * barW;
      return n === 0 ? [] : [{ state, n, box: { x, y: barY, width: end - x, height: BAR_H } }];
    });
    return { ...r, top, barY, segments, end };
  });
  const hits: Hit[] = placed.flatMap((r) =>
    r.segments.map((g) => ({
      key: `${r.slug}-${g.state}`,
      ...g.box,
      title: t("byArea.segment", { area: r.label, state: stateName(t, g.state), cases: cases(g.n) }),
      to: `/cases?area=${r.slug}&state=${g.state}`,
    })),
  );
  const summary =
    total === 0
      ? t("byArea.none")
      : t(most.length > 1 ? "byArea.summaryEach" : "byArea.summary", {
          cases: cases(total),
          count: verified,
          verified: formatCount(verified),
          areas: listOf(t, most),
          most: formatCount(max),
        });
  return (
    <ChartFigure
      id={ID}
      title={t("byArea.title")}
      summary={summary}
      table={
        <table className="chart-table cards">
          <caption>{t("byArea.caption")}</caption>
          <thead>
            <tr>
              <StateColumnHeads first={t("table.area")} />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.slug}>
                <th scope="row" data-label={t("table.area")}>
                  {r.label}
                </th>
                {TOP_STATES.map((s) => (
                  <td className="num" key={s} data-label={stateName(t, s)}>
                    <CountLink n={r.counts?.states[s] ?? 0} to={`/cases?area=${r.slug}&state=${s}`} />
                  </td>
                ))}
                <td className="num" data-label={t("cases:stateColumns.total")}>
                  <CountLink n={r.counts?.total ?? 0} to={`/cases?area=${r.slug}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ChartDrawing width={W} height={height} labelledBy={ids.title} describedBy={ids.summary} hits={hits}>
        <StatePatterns prefix={ID} />
        {placed.map((r) => (
          <g key={r.slug} data-area={r.slug}>
            <text y={r.top} className="chart-label">
              {r.lines.map((line, i) => (
                <tspan key={i} x={0} dy={i === 0 ? "0.9em" : LINE}>
                  {line}
                </tspan>
              ))}
            </text>
            {r.segments.map((g) => (
              <g key={g.state} data-state={g.state}>
                <rect {...g.box} fill={stateFill(ID, g.state)} className="chart-segment" />
                {g.box.width >= formatCount(g.n).length * DIGIT_W + 6 ? (
                  <text
                    x={g.box.x + g.box.width / 2}
                    y={r.barY + BAR_H / 2}
                    dy="0.35em"
                    textAnchor="middle"
                    className={`chart-value chart-state-${g.state}`}
                  >
                    {formatCount(g.n)}
                  </text>
                ) : null}
              </g>
            ))}
            <text x={r.end + 4} y={r.barY + BAR_H / 2} dy="0.35em" className="chart-total">
              {formatCount(r.counts?.total ?? 0)}
            </text>
          </g>
        ))}
      </ChartDrawing>
      <StateLegend prefix={ID} />
    </ChartFigure>
  );
}
