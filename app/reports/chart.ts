// The report's chart of status by thematic area, as both renderers draw it (Word: shaded table
// cells; HTML and PDF: SVG): one stacked horizontal bar per area, a segment per state in the
// workflow's order. Each segment carries its number and a pattern besides its colour, so that the
// chart reads in black and white and without colour vision.
import { TOP_STATES, type TopState } from "~workflows/recommendation-labels.ts";

import type { AreaStatus } from "./follow-up-report.server.ts";

/** Light fills, so that black numbers read on every one of them. */
export const STATE_FILLS: Record<TopState, string> = {
  drafted: "E4E7EB",
  agreed: "BBD5F2",
  in_progress: "F5D39B",
  verified: "B5E0C0",
};

/** The pattern drawn over each fill: none, diagonal, horizontal, vertical stripes. */
export const STATE_PATTERNS: Record<TopState, "none" | "diagonal" | "horizontal" | "vertical"> = {
  drafted: "none",
  agreed: "diagonal",
  in_progress: "horizontal",
  verified: "vertical",
};

export interface BarSegment {
  state: TopState;
  count: number;
  width: number;
}

/**
 * The segments of an area's bar, empty states left out. A bar's length is its area's share of the
 * largest area's total, and a segment's width its share of that; a segment is never narrower than
 * `minWidth`, room for its number, which the widths keep free at the bar's end.
 */
export function barSegments(
  row: AreaStatus,
  maxTotal: number,
  fullWidth: number,
  minWidth: number,
): BarSegment[] {
  const scale = maxTotal > 0 ? (fullWidth - TOP_STATES.length * minWidth) / maxTotal : 0;
  return TOP_STATES.filter((s) => row.states[s] > 0).map((state) => ({
    state,
    count: row.states[state],
    width: Math.round(Math.max(minWidth, row.states[state] * scale)),
  }));
}
