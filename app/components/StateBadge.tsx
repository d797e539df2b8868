import { useTranslation } from "react-i18next";

import { stateName } from "~/i18n/workflow-names.ts";

/** A state's name in the reader's language; a nested value ("in_progress.under_review") by its last part. */

export function StateBadge({ state, stateValue }: { state: string; stateValue: string }) {
  const { t } = useTranslation("cases");
  const label = stateName(t, state);
  const inner = stateValue !== state ? ` · ${stateName(t, stateValue)}` : "";
  return (
    <span className={`badge ${state}`}>
      {label}
      {inner}
    </span>
  );
}

/** Overdue or due soon, as app/lib/deadlines.ts decides. */
export function DueBadge({ due }: { due: "overdue" | "due_soon" | null }) {
  const { t } = useTranslation("cases");
  if (due === "overdue") return <span className="badge overdue">{t("badges.overdue")}</span>;
  return due === "due_soon" ? <span className="badge due-soon">{t("badges.dueSoon")}</span> : null;
}
