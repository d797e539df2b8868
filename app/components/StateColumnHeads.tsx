// The head of a table of counts by workflow state: the first column's name, a column per top
// state, and the total (the dashboard's table and its charts' figures tables).
import { useTranslation } from "react-i18next";

import { TOP_STATES } from "~workflows/recommendation-labels.ts";

/** `first`: the first column's name, already in the reader's language. */
export function StateColumnHeads({ first }: { first: string }) {
  const { t } = useTranslation("cases");
  return (
    <>
      <th scope="col">{first}</th>
      {TOP_STATES.map((s) => (
        <th scope="col" className="num" key={s}>
          {t(`workflow:states.${s}`)}
        </th>
      ))}
      <th scope="col" className="num">
        {t("stateColumns.total")}
      </th>
    </>
  );
}
