// The follow-up report as one printable HTML document, which Chromium prints to PDF
// (report-pdf.server.ts). Self-contained: its styles and its chart (SVG) are inline and it loads
// nothing, so it prints the same with every request blocked. Rendered a few dozen recommendations
// at a time, with other requests' turn in between.
import { setImmediate as nextTurn } from "node:timers/promises";

import { renderToStaticMarkup } from "react-dom/server";

import { TOP_STATES, type TopState } from "~workflows/recommendation-labels.ts";

import { barSegments, STATE_FILLS, STATE_PATTERNS } from "./chart.ts";
import {
  type AreaStatus,
  CASES_PER_TURN,
  type FollowUpReport,
  type ReportRecommendation,
} from "./follow-up-report.server.ts";
import { countText, type RecommendationText, type ReportText } from "./report-text.ts";

const STYLES = `
  @page { size: A4; }
  * { box-sizing: border-box; }
  body { font: 10.5pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b1f24; margin: 0; }
  h1 { font-size: 18pt; margin: 0 0 8pt; }
  h2 { font-size: 14pt; margin: 18pt 0 6pt; break-after: avoid; }
  h3 { font-size: 12pt; margin: 16pt 0 4pt; break-after: avoid; border-top: 1px solid #d4d9e0; padding-top: 8pt; }
  h4 { font-size: 10.5pt; margin: 8pt 0 2pt; break-after: avoid; }
  p { margin: 0 0 4pt; }
  .cover { break-after: page; padding-top: 60mm; }
  .cover .kind { font-size: 12pt; text-transform: uppercase; letter-spacing: 0.08em; color: #4a5563; }
  .summary { break-after: page; }
  dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 10pt; margin: 6pt 0; }
  dl.facts dt { font-weight: bold; }
  dl.facts dd { margin: 0; }
  .note { font-style: italic; }
  .text { white-space: pre-wrap; }
  table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 9.5pt; }
  th, td { border: 1px solid #b8c0cc; padding: 3pt 5pt; text-align: start; vertical-align: top; }
  th { background: #eef1f4; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  td.number, th.number { text-align: end; }
  tr.total td { font-weight: bold; }
  svg { width: 100%; height: auto; break-inside: avoid; }
`;

/** Each pattern's white stripes, as the angle they are turned by. */
const PATTERN_ROTATIONS = { diagonal: 45, horizontal: 90, vertical: 0 } as const;

/** The chart in SVG: a legend, then per area its name and its bar, each segment with its number. */
function Chart({ areas, text }: { areas: AreaStatus[]; text: ReportText }) {
  const width = 700;
  const barHeight = 20;
  const rowHeight = 44;
  const legendHeight = 30;
  const maxTotal = Math.max(0, ...areas.map((a) => a.total));
  const height = legendHeight + areas.length * rowHeight;
  const segmentRect = (state: TopState, x: number, y: number, w: number, h: number) => (
    <>
      <rect
        x={x}
        y={y}
        width={w}
        height={h}
        fill={`#${STATE_FILLS[state]}`}
        stroke="#ffffff"
        strokeWidth={1.5}
      />
      {STATE_PATTERNS[state] !== "none" ? (
        <rect x={x} y={y} width={w} height={h} fill={`url(#pattern-${STATE_PATTERNS[state]})`} />
      ) : null}
    </>
  );
  const number = (x: number, y: number, count: number) => (
    <text
      x={x}
      y={y}
      textAnchor="middle"
      dominantBaseline="central"
      fontSize={11}
      fontWeight="bold"
      fill="#1b1f24"
      stroke="#ffffff"
      strokeWidth={3}
      paintOrder="stroke"
    >
      {countText(text, count)}
    </text>
  );
  const legendWidth = width / TOP_STATES.length;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby="chart-title chart-desc"
      xmlns="http://www.w3.org/2000/svg"
      direction="ltr"
    >
      <title id="chart-title">{text.words.chartHeading}</title>
      <desc id="chart-desc">{areas.map((a, i) => `${a.label}: ${text.bars[i]}.`).join(" ")}</desc>
      <defs>
        {Object.entries(PATTERN_ROTATIONS).map(([name, angle]) => (
          <pattern
            key={name}
            id={`pattern-${name}`}
            width={6}
            height={6}
            patternUnits="userSpaceOnUse"
            patternTransform={`rotate(${angle})`}
          >
            <line x1={0} y1={0} x2={0} y2={6} stroke="#ffffff" strokeWidth={1.5} />
          </pattern>
        ))}
      </defs>
      {TOP_STATES.map((state, i) => (
        <g key={state}>
          {segmentRect(state, i * legendWidth, 2, 22, 16)}
          <text x={i * legendWidth + 28} y={10} dominantBaseline="central" fontSize={11}>
            {text.states[state]}
          </text>
        </g>
      ))}
      {areas.map((area, row) => {
        const top = legendHeight + row * rowHeight;
        let x = 0;
        return (
          <g key={area.label}>
            <text x={0} y={top + 8} dominantBaseline="central" fontSize={11}>
              {`${area.label} (${countText(text, area.total)})`}
            </text>
            {barSegments(area, maxTotal, width, 28).map((s) => {
              const at = x;
              x += s.width;
              return (
                <g key={s.state}>
                  {segmentRect(s.state, at, top + 16, s.width, barHeight)}
                  {number(at + s.width / 2, top + 16 + barHeight / 2, s.count)}
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

function StatusTable({ report }: { report: FollowUpReport }) {
  const { text } = report;
  const n = (count: number) => countText(text, count);
  const row = (r: AreaStatus, className?: string) => (
    <tr key={r.label} className={className}>
      <td>{r.label}</td>
      {TOP_STATES.map((s) => (
        <td key={s} className="number">
          {n(r.states[s])}
        </td>
      ))}
      <td className="number">{n(r.total)}</td>
      <td className="number">{n(r.overdue)}</td>
    </tr>
  );
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{text.words.area}</th>
          {TOP_STATES.map((s) => (
            <th key={s} scope="col" className="number">
              {text.states[s]}
            </th>
          ))}
          <th scope="col" className="number">
            {text.words.total}
          </th>
          <th scope="col" className="number">
            {text.words.overdue}
          </th>
        </tr>
      </thead>
      <tbody>
        {report.status.areas.map((r) => row(r))}
        {row(report.status.total, "total")}
      </tbody>
    </table>
  );
}

function Facts({ facts }: { facts: [string, string][] }) {
  return (
    <dl className="facts">
      {facts.map(([label, value]) => (
        <div key={label} style={{ display: "contents" }}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Front({ report }: { report: FollowUpReport }) {
  const { words } = report.text;
  return (
    <>
      <section className="cover">
        <p className="kind">{words.reportKind}</p>
        <h1>{report.assessment.title}</h1>
        <Facts facts={report.text.cover} />
        {report.scopeNote ? <p className="note">{report.scopeNote}</p> : null}
      </section>
      <section className="summary">
        <h2>{words.summaryHeading}</h2>
        <h3>{words.statusHeading}</h3>
        <StatusTable report={report} />
        <h3>{words.chartHeading}</h3>
        <p>{words.chartExplained}</p>
        <Chart areas={report.status.areas} text={report.text} />
        <h3>{words.reiteratedHeading}</h3>
        {report.reiterated.length === 0 ? (
          <p>{words.noneReiterated}</p>
        ) : (
          <ul>
            {report.reiterated.map((r, i) => (
              <li key={r.ref}>
                <strong>{r.ref}</strong> {r.title}: {report.text.reiterated[i]}
              </li>
            ))}
          </ul>
        )}
      </section>
      <h2>{words.recommendationsHeading}</h2>
      {report.recommendations.length === 0 ? <p>{words.noRecommendations}</p> : null}
    </>
  );
}

function Recommendation({
  r,
  words,
  own,
}: {
  r: ReportRecommendation;
  words: ReportText["words"];
  own: RecommendationText;
}) {
  return (
    <section>
      <h3>
        {r.ref}: {r.title}
      </h3>
      {own.reiteratedFrom ? <p className="note">{own.reiteratedFrom}</p> : null}
      <Facts facts={own.facts} />
      <h4>{words.recommendationHeading}</h4>
      <p className="text">{r.text}</p>
      <h4>{words.responseHeading}</h4>
      {own.response.map((p, i) => (
        <p key={i} className={p.note ? "note" : "text"}>
          {p.text}
        </p>
      ))}
      <h4>{words.tasksHeading}</h4>
      {r.tasks.length === 0 ? (
        <p>{words.noTasks}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{words.task}</th>
              <th scope="col">{words.assignedTo}</th>
              <th scope="col">{words.state}</th>
              <th scope="col">{words.dueDate}</th>
            </tr>
          </thead>
          <tbody>
            {r.tasks.map((t, i) => (
              <tr key={i}>
                <td>{t.title}</td>
                <td>{t.assignee}</td>
                <td>{t.state}</td>
                <td>{own.taskDue[i]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>{words.historyHeading}</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">{words.date}</th>
            <th scope="col">{words.by}</th>
            <th scope="col">{words.what}</th>
            <th scope="col">{words.reason}</th>
          </tr>
        </thead>
        <tbody>
          {r.history.map((h, i) => (
            <tr key={i}>
              <td>{own.history[i]?.date}</td>
              <td>{h.who}</td>
              <td>{own.history[i]?.what}</td>
              <td>{h.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The report as a complete HTML document, in its reader's language and writing direction. */
export async function renderReportHtml(report: FollowUpReport): Promise<string> {
  const { text } = report;
  const parts = [renderToStaticMarkup(<Front report={report} />)];
  for (const [i, r] of report.recommendations.entries()) {
    if (i > 0 && i % CASES_PER_TURN === 0) await nextTurn();
    parts.push(
      renderToStaticMarkup(<Recommendation r={r} words={text.words} own={text.recommendations[i]!} />),
    );
  }
  const title = renderToStaticMarkup(<title>{text.title}</title>);
  // The language is one of the app's (app/i18n/languages.ts): nothing in it to escape.
  return `<!DOCTYPE html><html lang="${text.language}" dir="${text.dir}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">${title}<style>${STYLES}</style></head><body>${parts.join("")}</body></html>`;
}
