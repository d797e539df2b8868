// The follow-up report as one printable HTML document, which Chromium prints to PDF
// (report-pdf.server.ts). Self-contained: its styles and its chart (SVG) are inline and it loads
// nothing, so it prints the same with every request blocked. Rendered a few dozen recommendations
// at a time, with other requests' turn in between.
import { setImmediate as nextTurn } from "node:timers/promises";

import { renderToStaticMarkup } from "react-dom/server";

import { STATE_LABELS, TOP_STATES, type TopState } from "~workflows/recommendation-labels.ts";

import { isoDay } from "./cells.ts";
import { barInWords, barSegments, STATE_FILLS, STATE_PATTERNS } from "./chart.ts";
import {
  type AreaStatus,
  CASES_PER_TURN,
  type FollowUpReport,
  type ReportRecommendation,
} from "./follow-up-report.server.ts";
import {
  coverFacts,
  dueText,
  historyWhat,
  recommendationFacts,
  reportTitle,
  responseParagraphs,
  TEXT,
} from "./report-text.ts";

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
  th, td { border: 1px solid #b8c0cc; padding: 3pt 5pt; text-align: left; vertical-align: top; }
  th { background: #eef1f4; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  td.number, th.number { text-align: right; }
  tr.total td { font-weight: bold; }
  svg { width: 100%; height: auto; break-inside: avoid; }
`;

/** Each pattern's white stripes, as the angle they are turned by. */
const PATTERN_ROTATIONS = { diagonal: 45, horizontal: 90, vertical: 0 } as const;

/** The chart in SVG: a legend, then per area its name and its bar, each segment with its number. */
function Chart({ areas }: { areas: AreaStatus[] }) {
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
      {count}
    </text>
  );
  const legendWidth = width / TOP_STATES.length;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby="chart-title chart-desc"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id="chart-title">{TEXT.chartHeading}</title>
      <desc id="chart-desc">{areas.map((a) => `${a.label}: ${barInWords(a)}.`).join(" ")}</desc>
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
            {STATE_LABELS[state]}
          </text>
        </g>
      ))}
      {areas.map((area, row) => {
        const top = legendHeight + row * rowHeight;
        let x = 0;
        return (
          <g key={area.label}>
            <text x={0} y={top + 8} dominantBaseline="central" fontSize={11}>
              {`${area.label} (${area.total})`}
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
  const row = (r: AreaStatus, className?: string) => (
    <tr key={r.label} className={className}>
      <td>{r.label}</td>
      {TOP_STATES.map((s) => (
        <td key={s} className="number">
          {r.states[s]}
        </td>
      ))}
      <td className="number">{r.total}</td>
      <td className="number">{r.overdue}</td>
    </tr>
  );
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{TEXT.area}</th>
          {TOP_STATES.map((s) => (
            <th key={s} scope="col" className="number">
              {STATE_LABELS[s]}
            </th>
          ))}
          <th scope="col" className="number">
            {TEXT.total}
          </th>
          <th scope="col" className="number">
            {TEXT.overdue}
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
  return (
    <>
      <section className="cover">
        <p className="kind">{TEXT.reportKind}</p>
        <h1>{report.assessment.title}</h1>
        <Facts facts={coverFacts(report)} />
        {report.scopeNote ? <p className="note">{report.scopeNote}</p> : null}
      </section>
      <section className="summary">
        <h2>{TEXT.summaryHeading}</h2>
        <h3>{TEXT.statusHeading}</h3>
        <StatusTable report={report} />
        <h3>{TEXT.chartHeading}</h3>
        <p>{TEXT.chartExplained}</p>
        <Chart areas={report.status.areas} />
        <h3>{TEXT.reiteratedHeading}</h3>
        {report.reiterated.length === 0 ? (
          <p>{TEXT.noneReiterated}</p>
        ) : (
          <ul>
            {report.reiterated.map((r) => (
              <li key={r.ref}>
                <strong>{r.ref}</strong> {r.title}: {TEXT.reiteratedFrom(r.from)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <h2>{TEXT.recommendationsHeading}</h2>
      {report.recommendations.length === 0 ? <p>{TEXT.noRecommendations}</p> : null}
    </>
  );
}

function Recommendation({ r }: { r: ReportRecommendation }) {
  return (
    <section>
      <h3>
        {r.ref}: {r.title}
      </h3>
      {r.reiteratedFrom ? <p className="note">{TEXT.reiteratedFrom(r.reiteratedFrom)}</p> : null}
      <Facts facts={recommendationFacts(r)} />
      <h4>{TEXT.recommendationHeading}</h4>
      <p className="text">{r.text}</p>
      <h4>{TEXT.responseHeading}</h4>
      {responseParagraphs(r.response).map((p, i) => (
        <p key={i} className={p.note ? "note" : "text"}>
          {p.text}
        </p>
      ))}
      <h4>{TEXT.tasksHeading}</h4>
      {r.tasks.length === 0 ? (
        <p>{TEXT.noTasks}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{TEXT.task}</th>
              <th scope="col">{TEXT.assignedTo}</th>
              <th scope="col">{TEXT.state}</th>
              <th scope="col">{TEXT.dueDate}</th>
            </tr>
          </thead>
          <tbody>
            {r.tasks.map((t, i) => (
              <tr key={i}>
                <td>{t.title}</td>
                <td>{t.assignee}</td>
                <td>{t.state}</td>
                <td>{dueText(t.dueAt, t.overdue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>{TEXT.historyHeading}</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">{TEXT.date}</th>
            <th scope="col">{TEXT.by}</th>
            <th scope="col">{TEXT.what}</th>
            <th scope="col">{TEXT.reason}</th>
          </tr>
        </thead>
        <tbody>
          {r.history.map((h, i) => (
            <tr key={i}>
              <td>{isoDay(h.at)}</td>
              <td>{h.who}</td>
              <td>{historyWhat(h)}</td>
              <td>{h.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The report as a complete HTML document. */
export async function renderReportHtml(report: FollowUpReport): Promise<string> {
  const parts = [renderToStaticMarkup(<Front report={report} />)];
  for (const [i, r] of report.recommendations.entries()) {
    if (i > 0 && i % CASES_PER_TURN === 0) await nextTurn();
    parts.push(renderToStaticMarkup(<Recommendation r={r} />));
  }
  const title = renderToStaticMarkup(<title>{reportTitle(report)}</title>);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">${title}<style>${STYLES}</style></head><body>${parts.join("")}</body></html>`;
}
