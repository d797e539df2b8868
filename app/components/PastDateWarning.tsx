// A due date before today is accepted (a record of work already late is legitimate), but said so
// before saving: the sentence appears beside the date field as soon as such a day is chosen.
import { isPastDay } from "~/lib/deadlines.ts";

import { formatDate } from "./StateBadge.tsx";

/**
 * The warning for the date field whose value is `day` (YYYY-MM-DD). Its live region is always
 * there, so that screen readers announce the sentence when it appears; the field names `id` in
 * its aria-describedby while it shows (pastDayWarningId).
 */
export function PastDateWarning({ id, day, what }: { id: string; day: string; what: string }) {
  return (
    <div id={id} role="status">
      {isPastDay(day) ? (
        <p className="notice warning">
          {formatDate(day)} is in the past: it can be saved, for work already late, but the {what} will then
          show as overdue.
        </p>
      ) : null}
    </div>
  );
}

/** The warning's id while `day` is in the past, for the field's aria-describedby. */
export const pastDayWarningId = (id: string, day: string) => (isPastDay(day) ? id : undefined);
