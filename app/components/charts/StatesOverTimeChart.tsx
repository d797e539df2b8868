// Implementation over time: how many cases were in each state at the end of each month, as
// stacked columns (drafted on top, verified at the base, so that what is done grows from the
// axis). Drawn small enough that its words stay legible on a phone, where it scales down.
import { useTranslation } from "react-i18next";

import { StateColumnHeads } from "~/components/StateColumnHeads.tsx";
import type { MonthStates } from "~/domain/dashboard-charts.server.ts";
import { type Formats, useFormat } from "~/i18n/format.ts";
import type { Translate } from "~/i18n/languages.ts";
import { stateName } from "~/i18n/workflow-names.ts";
import { TOP_STATES, type TopState } from "~workflows/recommendation-labels.ts";

import { ChartDrawing, type Hit } from "./ChartDrawing.tsx";
import { ChartFigure, chartIds, CountLink, scaleTicks, scaleTop } from "./ChartFigure.tsx";
import { stateFill, StateLegend, StatePatterns } from "./StateFills.tsx";

const ID = "chart-over-time";
const MONTH_KEYS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const parts = (month: string) => ({ year: month.slice(0, 4), index: Number(month.slice(5, 7)) - 1 });
/**
 * "November 2026", in the reader's language (from the translations rather than Intl: the server
 * and the browser must write the same).
 */
const monthName = (t: Translate, month: string) =>
  t("months.monthYear", {
    month: t(`months.long.${MONTH_KEYS[parts(month).index]}`),
    year: parts(month).year,
  });

// The drawing's size in its own units; it scales to the width it is given.
const W = 360;
const H = 220;
const RIGHT = 4;
const TOP = 8;
const BOTTOM = 34;
const PLOT_H = H - TOP - BOTTOM;
// About a digit's width at the labels' larger size: the scale's numbers have room on the left.
const DIGIT_W = 7.5;

// From the base of a column up: the reverse of the workflow, verified at the base.
const STACK: TopState[] = [...TOP_STATES].reverse();

/** "1 drafted, 2 agreed, 0 in progress, 3 verified (6 cases)". */
function statesInWords(t: Translate, format: Formats, m: MonthStates) {
  return t("overTime.statesInWords", {
    states: TOP_STATES.map((s) =>
      t(`overTime.stateCounts.${s}`, { count: m.states[s], n: format.count(m.states[s]) }),
    ).join(t("charts.listSeparator")),
    cases: t("charts.cases", { count: m.total, n: format.count(m.total) }),
  });
}

export function StatesOverTimeChart({ months }: { months: MonthStates[] }) {
  const { t } = useTranslation("dashboard");
  const format = useFormat();
  const formatCount = format.count;
  const month = (m: string) => monthName(t, m);
  const ids = chartIds(ID);
  const first = months[0];
  const last = months.at(-1);
  if (!first || !last)
    return (
      <ChartFigure id={ID} title={t("overTime.title")} summary={t("overTime.none")} table={null}>
        {null}
      </ChartFigure>
    );
  const top = scaleTop(Math.max(...months.map((m) => m.total)));
  const ticks = scaleTicks(top);
  const left = 8 + formatCount(top).length * DIGIT_W;
  const plotW = W - left - RIGHT;
  const y = (n: number) => TOP + PLOT_H - (n / top) * PLOT_H;
  const slot = plotW / months.length;
  const barWidth = Math.min(slot * 0.72, 36);
  // A label every few months (always the latest), the year under the first and under each January.
  const every = months.length > 12 ? 3 : months.length > 6 ? 2 : 1;
  const labelled = (i: number) => (months.length - 1 - i) % every === 0;
  const firstLabelled = months.findIndex((_, i) => labelled(i));
  const columns = months.map((m, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    let base = 0;
    const segments = STACK.flatMap((state) => {
      const n = m.states[state];
      const bottom = y(base);
      base += n;
      return n === 0 ? [] : [{ state, n, box: { x, y: y(base), width: barWidth, height: bottom - y(base) } }];
    });
    return { m, x, segments };
  });
  const hits: Hit[] = columns.flatMap(({ m, segments }, i) =>
    segments.map((g) => ({
      key: `${m.month}-${g.state}`,
      ...g.box,
      title: t("overTime.segment", {
        month: month(m.month),
        state: stateName(t, g.state),
        cases: t("charts.cases", { count: g.n, n: formatCount(g.n) }),
      }),
      // Only this month's parts open the list, which shows the cases as they are now: earlier
      // months count states that cases may have left since.
      to: i === months.length - 1 ? `/cases?state=${g.state}` : undefined,
    })),
  );
  const summary =
    months.length === 1
      ? t("overTime.summaryOne", { month: month(last.month), states: statesInWords(t, format, last) })
      : t("overTime.summary", {
          first: month(first.month),
          last: month(last.month),
          firstStates: statesInWords(t, format, first),
          lastStates: statesInWords(t, format, last),
        });
  return (
    <ChartFigure
      id={ID}
      title={t("overTime.title")}
      summary={summary}
      table={
        <table className="chart-table cards">
          <caption>{t("overTime.caption")}</caption>
          <thead>
            <tr>
              <StateColumnHeads first={t("overTime.month")} />
            </tr>
          </thead>
          <tbody>
            {months.map((m, i) => (
              <tr key={m.month} data-month={m.month}>
                <th scope="row" data-label={t("overTime.month")}>
                  {month(m.month)}
                </th>
                {TOP_STATES.map((s) => (
                  <td className="num" key={s} data-state={s} data-label={stateName(t, s)}>
                    {i === months.length - 1 ? (
                      <CountLink n={m.states[s]} to={`/cases?state=${s}`} />
                    ) : (
                      formatCount(m.states[s])
                    )}
                  </td>
                ))}
                <td className="num" data-label={t("cases:stateColumns.total")}>
                  {formatCount(m.total)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ChartDrawing width={W} height={H} labelledBy={ids.title} describedBy={ids.summary} hits={hits}>
        <StatePatterns prefix={ID} />
        {ticks.map((tick) => (
          <g key={tick} className="chart-grid">
            <line x1={left} x2={W - RIGHT} y1={y(tick)} y2={y(tick)} />
            <text x={left - 4} y={y(tick)} dy="0.35em" textAnchor="end">
              {formatCount(tick)}
            </text>
          </g>
        ))}
        {columns.map(({ m, x, segments }, i) => {
          const { year, index } = parts(m.month);
          return (
            <g key={m.month} data-month={m.month}>
              {segments.map((g) => (
                <rect
                  key={g.state}
                  {...g.box}
                  fill={stateFill(ID, g.state)}
                  className="chart-segment"
                  data-state={g.state}
                />
              ))}
              {labelled(i) ? (
                <text x={x + barWidth / 2} y={H - BOTTOM + 13} textAnchor="middle" className="chart-axis">
                  {t(`months.short.${MONTH_KEYS[index]}`)}
                  {i === firstLabelled || index < every ? (
                    <tspan x={x + barWidth / 2} dy="1.15em">
                      {year}
                    </tspan>
                  ) : null}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={left} x2={W - RIGHT} y1={y(0)} y2={y(0)} className="chart-baseline" />
      </ChartDrawing>
      <StateLegend prefix={ID} />
    </ChartFigure>
  );
}
