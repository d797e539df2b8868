// What every dashboard chart has around its drawing: a visible title and a summary in words (the
// drawing's name and description for assistive technology), and its figures as a table, folded
// away, whose numbers link to the cases they count.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { useFormat } from "~/i18n/format.ts";
import type { Translate } from "~/i18n/languages.ts";

/** "A", "A and B", "A, B and C", in the reader's language. */
export function listOf(t: Translate, items: string[]): string {
  if (items.length < 2) return items[0] ?? "";
  return t("dashboard:charts.list", {
    items: items.slice(0, -1).join(t("dashboard:charts.listSeparator")),
    last: items.at(-1),
  });
}

/** Ids of a chart's title and summary, for the drawing's aria-labelledby and aria-describedby. */
export const chartIds = (id: string) => ({ title: `${id}-title`, summary: `${id}-summary` });

/** A top-level state's name, in the reader's language. */

export function ChartFigure({
  id,
  title,
  summary,
  children,
  table,
  wide = false,
}: {
  id: string;
  title: string;
  summary: React.ReactNode;
  children: React.ReactNode;
  /** The figures, as a <table> (null when there is nothing to show). */
  table: React.ReactNode;
  /** Across the whole row of charts on a wide screen. */
  wide?: boolean;
}) {
  const { t } = useTranslation("dashboard");
  const ids = chartIds(id);
  return (
    <figure className={wide ? "card chart wide" : "card chart"} id={id} aria-labelledby={ids.title}>
      <h2 id={ids.title}>{title}</h2>
      <p id={ids.summary} className="chart-summary">
        {summary}
      </p>
      {children}
      {table ? (
        <details className="chart-figures">
          <summary>{t("charts.figures")}</summary>
          <div
            className="table-scroll"
            role="region"
            aria-label={t("charts.figuresOf", { title })}
            tabIndex={0}
          >
            {table}
          </div>
        </details>
      ) : null}
    </figure>
  );
}

/** A number in a chart's table, linked to the cases it counts (none for 0, as in the counts table). */
export function CountLink({ n, to }: { n: number; to: string }) {
  const format = useFormat();
  return n === 0 ? <>{format.count(0)}</> : <Link to={to}>{format.count(n)}</Link>;
}

/** A round number at or above `max` for the top of a scale (such as 8, 15, 30 or 2,000), at least 1. */
export function scaleTop(max: number): number {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]
    .map((m) => Math.round(m * power))
    .find((top) => top >= max)!;
}

/** The scale's marks: its ends, and its middle when that is a whole number. */
export const scaleTicks = (top: number) => (top % 2 === 0 ? [0, top / 2, top] : [0, top]);
