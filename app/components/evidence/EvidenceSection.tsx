// The case page's Evidence section: the items (those of a submission under review or verified are
// shown with the submission instead), and, for those who may add now, the forms to add more.
import { Trans, useTranslation } from "react-i18next";

import { AddEvidence, type EvidenceFormSettings, refusalSentence } from "./AddEvidence.tsx";
import { type EvidenceItemData, EvidenceList } from "./EvidenceList.tsx";

interface Props {
  caseId: string;
  items: EvidenceItemData[];
  /** The ids shown with the submission above (none without one). */
  inSubmission: string[];
  taskTitles: Record<string, string>;
  form: EvidenceFormSettings | null;
  error: string | null;
}

export function EvidenceSection({ caseId, items, inSubmission, taskTitles, form, error }: Props) {
  const { t } = useTranslation("evidence");
  const packaged = new Set(inSubmission);
  const others = items.filter((i) => !packaged.has(i.id));
  return (
    <section className="card" id="evidence" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">{t("section.heading")}</h2>
      {packaged.size > 0 ? (
        <p className="muted">
          <Trans
            t={t}
            i18nKey="section.inSubmission"
            count={packaged.size}
            components={{ anchor: <a href="#submission" /> }}
          />
        </p>
      ) : null}
      {others.length > 0 ? (
        <EvidenceList caseId={caseId} items={others} taskTitles={taskTitles} />
      ) : packaged.size === 0 ? (
        <p className="muted">{t("section.none")}</p>
      ) : null}
      {form ? (
        <AddEvidence key={items.length} caseId={caseId} settings={form} error={error} />
      ) : error ? (
        <p className="notice error" role="alert">
          {refusalSentence(error, t)}
        </p>
      ) : null}
    </section>
  );
}
