// The head of a table of counts by workflow state: the first column's name, a column per top
// state, and the total (the dashboard's table and its charts' figures tables).
import { STATE_LABELS, TOP_STATES } from "~workflows/recommendation-labels.ts";

export function StateColumnHeads({ first }: { first: string }) {
  return (
    <>
      <th scope="col">{first}</th>
      {TOP_STATES.map((s) => (
        <th scope="col" className="num" key={s}>
          {STATE_LABELS[s]}
        </th>
      ))}
      <th scope="col" className="num">
        Total
      </th>
    </>
  );
}
