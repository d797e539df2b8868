// What was submitted for review, while the case is under review or verified: who submitted it and
// when, the response as submitted beside the text the State agreed to, and the evidence sent with
// it, with previews. What is checked is what was submitted: none of it can change until CTED
// returns or reopens the case.
import { Trans, useTranslation } from "react-i18next";

import { type EvidenceItemData, EvidenceList } from "~/components/evidence/EvidenceList.tsx";
import { useFormat } from "~/i18n/format.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";

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

/** Values typed by people (names) stay text inside <Trans>, whatever characters they hold. */

export function SubmissionPackage({ caseId, submission, underReview, comparison, items, taskTitles }: Props) {
  const { t } = useTranslation("review");
  const format = useFormat();
  return (
    <section className="card submission" id="submission" aria-labelledby="submission-heading">
      <h2 id="submission-heading">{underReview ? t("submission.underReview") : t("submission.verified")}</h2>
      <p>
        <Trans
          t={t}
          i18nKey="submission.submittedBy"
          values={{ name: submission.by.name, time: format.time(submission.at) }}
          components={{ strong: <strong translate="no" />, time: <time dateTime={submission.at} /> }}
          {...TRANS_WITH_DATA}
        />{" "}
        {underReview ? t("submission.reviewNote") : t("submission.verifiedNote")}{" "}
        <Trans t={t} i18nKey="submission.tasksNote" components={{ anchor: <a href="#tasks" /> }} />
      </p>
      {comparison ? (
        <>
          <h3>{t("submission.response")}</h3>
          <ResponseComparison comparison={comparison} submittedAt={submission.at} />
        </>
      ) : null}
      <h3>{t("submission.evidence", { number: format.count(items.length) })}</h3>
      {items.length > 0 ? (
        <EvidenceList caseId={caseId} items={items} taskTitles={taskTitles} />
      ) : (
        <p className="muted">{t("submission.noEvidence")}</p>
      )}
    </section>
  );
}
