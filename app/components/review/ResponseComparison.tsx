// The response as submitted beside the response the State had when it agreed to the
// recommendation: removed words struck through on the left (<del>), added words underlined on the
// right (<ins>). The marks do not rely on colour: strike-through and underline, and words for
// screen readers, which do not announce <del> and <ins> by themselves.
import { Trans, useTranslation } from "react-i18next";

import { useFormat } from "~/i18n/format.ts";
import type { Translate } from "~/i18n/languages.ts";

export interface ComparisonData {
  agreedAt: string | null;
  agreedText: string | null;
  submittedText: string | null;
  parts: { change: "same" | "removed" | "added"; text: string }[] | null;
  wordsAdded: number;
  wordsRemoved: number;
}

function summary(t: Translate, c: ComparisonData): string {
  if (!c.parts) return t("comparison.tooDifferent");
  if (c.wordsAdded === 0 && c.wordsRemoved === 0) return t("comparison.unchanged");
  const added = t("comparison.wordsAdded", { count: c.wordsAdded });
  const removed = t("comparison.wordsRemoved", { count: c.wordsRemoved });
  const changes =
    c.wordsAdded && c.wordsRemoved
      ? t("comparison.both", { added, removed })
      : c.wordsAdded
        ? added
        : removed;
  return t("comparison.changed", { changes });
}

export function ResponseComparison({
  comparison: c,
  submittedAt,
}: {
  comparison: ComparisonData;
  submittedAt: string;
}) {
  const { t } = useTranslation("review");
  const format = useFormat();
  const marked = (which: "removed" | "added", text: string) => (
    <>
      <span className="sr-only">{t(`comparison.marks.${which}Start`)}</span>
      {text}
      <span className="sr-only">{t(`comparison.marks.${which}End`)}</span>
    </>
  );
  return (
    <div className="comparison">
      <p className="comparison-summary">{summary(t, c)}</p>
      <div className="comparison-columns">
        <figure>
          <figcaption>
            {c.agreedAt ? t("comparison.agreedOn", { date: format.day(c.agreedAt) }) : t("comparison.agreed")}
          </figcaption>
          <div className="compared case-text" data-side="agreed">
            {c.agreedText === null ? (
              <span className="muted">{t("comparison.empty")}</span>
            ) : c.parts ? (
              c.parts.map((p, i) =>
                p.change === "added" ? null : p.change === "removed" ? (
                  <del key={i}>{marked("removed", p.text)}</del>
                ) : (
                  <span key={i}>{p.text}</span>
                ),
              )
            ) : (
              c.agreedText
            )}
          </div>
        </figure>
        <figure>
          <figcaption>{t("comparison.submittedOn", { date: format.day(submittedAt) })}</figcaption>
          <div className="compared case-text" data-side="submitted">
            {c.submittedText === null ? (
              <span className="muted">{t("comparison.empty")}</span>
            ) : c.parts ? (
              c.parts.map((p, i) =>
                p.change === "removed" ? null : p.change === "added" ? (
                  <ins key={i}>{marked("added", p.text)}</ins>
                ) : (
                  <span key={i}>{p.text}</span>
                ),
              )
            ) : (
              c.submittedText
            )}
          </div>
        </figure>
      </div>
      {c.parts && (c.wordsAdded > 0 || c.wordsRemoved > 0) ? (
        <p className="muted comparison-legend">
          {c.wordsRemoved > 0 ? (
            <>
              <Trans t={t} i18nKey="comparison.legendRemoved" components={{ del: <del /> }} />{" "}
            </>
          ) : null}
          {c.wordsAdded > 0 ? (
            <Trans t={t} i18nKey="comparison.legendAdded" components={{ ins: <ins /> }} />
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
