// A due date before today is accepted (a record of work already late is legitimate), but said so
// before saving: the sentence appears beside the date field as soon as such a day is chosen.
import { useTranslation } from "react-i18next";

import { useFormat } from "~/i18n/format.ts";
import { isPastDay } from "~/lib/deadlines.ts";

/**
 * The warning for the date field whose value is `day` (YYYY-MM-DD), about the recommendation or
 * the task being dated. Its live region is always there, so that screen readers announce the
 * sentence when it appears; the field names `id` in its aria-describedby while it shows
 * (pastDayWarningId). A form whose hint does not already say that deadlines are calendar days in
 * UTC passes `utcNote` to have the warning say it (cases:deadlines.utc, for such a hint, too).
 */
export function PastDateWarning({
  id,
  day,
  what,
  utcNote = false,
}: {
  id: string;
  day: string;
  what: "recommendation" | "task";
  utcNote?: boolean;
}) {
  const { t } = useTranslation("cases");
  const format = useFormat();
  return (
    <div id={id} role="status">
      {isPastDay(day) ? (
        <p className="notice warning">
          {t(`pastDate.${what}`, { date: format.day(day) })}
          {utcNote ? ` ${t("deadlines.utc")}` : null}
        </p>
      ) : null}
    </div>
  );
}

/** The warning's id while `day` is in the past, for the field's aria-describedby. */
export const pastDayWarningId = (id: string, day: string) => (isPastDay(day) ? id : undefined);
