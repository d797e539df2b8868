// The response as submitted beside the response the State had when it agreed to the
// recommendation: removed words struck through on the left (<del>), added words underlined on the
// right (<ins>). The marks do not rely on colour: strike-through and underline, and words for
// screen readers, which do not announce <del> and <ins> by themselves.
import { formatDate } from "~/components/StateBadge.tsx";

export interface ComparisonData {
  agreedAt: string | null;
  agreedText: string | null;
  submittedText: string | null;
  parts: { change: "same" | "removed" | "added"; text: string }[] | null;
  wordsAdded: number;
  wordsRemoved: number;
}

const words = (n: number) => (n === 1 ? "1 word" : `${n} words`);

function summary(c: ComparisonData): string {
  if (!c.parts) return "The two texts differ too much to be compared word by word: both are shown in full.";
  if (c.wordsAdded === 0 && c.wordsRemoved === 0)
    return "The response was submitted as it was when the State agreed to the recommendation.";
  const changes = [
    c.wordsAdded ? `${words(c.wordsAdded)} added` : null,
    c.wordsRemoved ? `${words(c.wordsRemoved)} removed` : null,
  ].filter(Boolean);
  return `Changed since the State agreed: ${changes.join(", ")}.`;
}

export function ResponseComparison({
  comparison: c,
  submittedAt,
}: {
  comparison: ComparisonData;
  submittedAt: string;
}) {
  return (
    <div className="comparison">
      <p className="comparison-summary">{summary(c)}</p>
      <div className="comparison-columns">
        <figure>
          <figcaption>When the State agreed{c.agreedAt ? ` (${formatDate(c.agreedAt)})` : ""}</figcaption>
          <div className="compared case-text" data-side="agreed">
            {c.agreedText === null ? (
              <span className="muted">The response was empty.</span>
            ) : c.parts ? (
              c.parts.map((p, i) =>
                p.change === "added" ? null : p.change === "removed" ? (
                  <del key={i}>
                    <span className="sr-only">[removed: </span>
                    {p.text}
                    <span className="sr-only">]</span>
                  </del>
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
          <figcaption>As submitted ({formatDate(submittedAt)})</figcaption>
          <div className="compared case-text" data-side="submitted">
            {c.submittedText === null ? (
              <span className="muted">The response was empty.</span>
            ) : c.parts ? (
              c.parts.map((p, i) =>
                p.change === "removed" ? null : p.change === "added" ? (
                  <ins key={i}>
                    <span className="sr-only">[added: </span>
                    {p.text}
                    <span className="sr-only">]</span>
                  </ins>
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
              <del>Struck through</del>: removed from the agreed text.{" "}
            </>
          ) : null}
          {c.wordsAdded > 0 ? (
            <>
              <ins>Underlined</ins>: added in the submission.
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
