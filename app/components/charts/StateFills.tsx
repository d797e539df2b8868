// How each top-level state is drawn in the charts: the state's colour (the badges', styles.css)
// under a pattern of its own, so that the states stay apart without colour (printed in black and
// white, or for a reader who does not tell these colours apart). The colours are CSS classes
// (charts.css); the patterns are SVG, defined once per chart and named by the chart's prefix.
import { useTranslation } from "react-i18next";

import { stateName } from "~/i18n/workflow-names.ts";
import { TOP_STATES, type TopState } from "~workflows/recommendation-labels.ts";

/** Each state's pattern, drawn in white over its colour: lines, dots, crossed lines, none. */
const MARKS: Record<TopState, React.ReactNode> = {
  drafted: <path d="M-1 1l2-2M0 8l8-8M7 9l2-2" />,
  agreed: <circle cx="4" cy="4" r="1.4" />,
  in_progress: <path d="M0 4h8M4 0v8" />,
  verified: null,
};

export const stateFill = (prefix: string, state: TopState) => `url(#${prefix}-${state})`;

/** The patterns of one chart, to be placed inside its <svg>. */
export function StatePatterns({ prefix }: { prefix: string }) {
  return (
    <defs>
      {TOP_STATES.map((s) => (
        <pattern key={s} id={`${prefix}-${s}`} width="8" height="8" patternUnits="userSpaceOnUse">
          <rect width="8" height="8" className={`chart-state-${s}`} />
          <g className="chart-marks">{MARKS[s]}</g>
        </pattern>
      ))}
    </defs>
  );
}

/** The states' swatches (colour and pattern) and names, in workflow order. */
export function StateLegend({ prefix }: { prefix: string }) {
  const { t } = useTranslation("dashboard");
  return (
    <ul className="chart-legend">
      {TOP_STATES.map((s) => (
        <li key={s}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <rect width="16" height="16" fill={stateFill(prefix, s)} className="chart-swatch" />
          </svg>
          {stateName(t, s)}
        </li>
      ))}
    </ul>
  );
}
