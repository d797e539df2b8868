// A chart's drawing: one image to assistive technology (role="img", named by the chart's title and
// described by its summary), and over it a transparent copy of its bars that pointers use: each
// shows its figure on hover and, where the case list can show what it counts, opens those cases.
// The links cannot be inside the image (an image's content is not interactive: axe's
// nested-interactive), so they are a layer of their own, hidden from assistive technology and out
// of the tab order; keyboards and screen readers have the same links in the chart's table.
// Drawn left to right in every language (direction="ltr"): an Arabic page's names still read
// right to left within their lines, but the bars, scales and labels keep their places.
import { useNavigate } from "@remix-run/react";

/** A bar or segment, in the drawing's units. */
export interface Hit {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Its figure in words, shown on hover. */
  title: string;
  /** The cases it counts, when the list can show them. */
  to?: string;
}

export function ChartDrawing({
  width,
  height,
  labelledBy,
  describedBy,
  hits,
  children,
}: {
  width: number;
  height: number;
  labelledBy: string;
  describedBy: string;
  hits: Hit[];
  children: React.ReactNode;
}) {
  const navigate = useNavigate();
  const viewBox = `0 0 ${width} ${height}`;
  return (
    <div className="chart-drawing">
      <svg
        viewBox={viewBox}
        role="img"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        className="chart-svg"
        direction="ltr"
      >
        {children}
      </svg>
      <svg viewBox={viewBox} aria-hidden="true" className="chart-svg chart-hits" direction="ltr">
        {hits.map((h) => {
          const rect = (
            <rect x={h.x} y={h.y} width={h.width} height={h.height}>
              <title>{h.title}</title>
            </rect>
          );
          return h.to ? (
            <a
              key={h.key}
              href={h.to}
              tabIndex={-1}
              onClick={(e) => {
                // A plain click stays in the app; with a modifier, the browser's own (new tab...).
                if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                e.preventDefault();
                navigate(h.to!);
              }}
            >
              {rect}
            </a>
          ) : (
            <g key={h.key}>{rect}</g>
          );
        })}
      </svg>
    </div>
  );
}
