import { STATE_LABELS } from "~workflows/recommendation-labels.ts";

export function StateBadge({ state, stateValue }: { state: string; stateValue: string }) {
  const inner = stateValue !== state ? ` · ${STATE_LABELS[stateValue]}` : "";
  return (
    <span className={`badge ${state}`}>
      {STATE_LABELS[state] ?? state}
      {inner}
    </span>
  );
}

/** Overdue or due soon, as app/lib/deadlines.ts decides. */
export function DueBadge({ due }: { due: "overdue" | "due_soon" | null }) {
  if (due === "overdue") return <span className="badge overdue">Overdue</span>;
  return due === "due_soon" ? <span className="badge due-soon">Due soon</span> : null;
}

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return new Date(value).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}
