// What was submitted for review, while the case is under review or verified: who submitted it and
// when, the response as submitted beside the text the State agreed to, and the evidence sent with
// it, with previews. What is checked is what was submitted: none of it can change until CTED
// returns or reopens the case.
import { formatDateTime } from "~/components/evidence/evidence-format.ts";
import { type EvidenceItemData, EvidenceList } from "~/components/evidence/EvidenceList.tsx";

import { type ComparisonData, ResponseComparison } from "./ResponseComparison.tsx";

interface Props {
  caseId: string;
  submission: { at: string; by: { id: string; name: string } };
  /** Under review (else verified). */
  underReview: boolean;
  /** Null for those who do not read the response (partners). */
  comparison: ComparisonData | null;
  items: EvidenceItemData[];
  taskTitles: Record<string, string>;
}

export function SubmissionPackage({ caseId, submission, underReview, comparison, items, taskTitles }: Props) {
  return (
    <section className="card submission" id="submission" aria-labelledby="submission-heading">
      <h2 id="submission-heading">{underReview ? "Submission under review" : "Verified submission"}</h2>
      <p>
        Submitted by <strong>{submission.by.name}</strong>,{" "}
        <time dateTime={submission.at}>{formatDateTime(submission.at)}</time>.{" "}
        {underReview
          ? "A CTED expert other than the person who submitted it verifies it or returns it for more work."
          : "CTED verified the implementation on this submission."}{" "}
        The case&apos;s tasks are listed under <a href="#tasks">Tasks</a>.
      </p>
      {comparison ? (
        <>
          <h3>Response</h3>
          <ResponseComparison comparison={comparison} submittedAt={submission.at} />
        </>
      ) : null}
      <h3>Evidence submitted ({items.length})</h3>
      {items.length > 0 ? (
        <EvidenceList caseId={caseId} items={items} taskTitles={taskTitles} />
      ) : (
        <p className="muted">No evidence you can see was submitted.</p>
      )}
    </section>
  );
}
