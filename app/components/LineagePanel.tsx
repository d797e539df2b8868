// A case's place across visits: the earlier recommendation it reiterates, and the later ones
// that reiterate it, each with its state and when it last changed.
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";

import type { CaseLineage } from "~/domain/lineage.server.ts";
import { STATE_LABELS } from "~workflows/recommendation-labels.ts";

import { formatDate } from "./StateBadge.tsx";

type Lineage = SerializeFrom<CaseLineage>;

function LineageItem({ c }: { c: Lineage["followedBy"][number] }) {
  return (
    <>
      <Link to={`/cases/${c.id}`}>{c.ref}</Link> ({c.year} visit): {c.title}
      <br />
      <span className="muted">
        {STATE_LABELS[c.state] ?? c.state}, last changed {formatDate(c.updatedAt)}
      </span>
    </>
  );
}

export function LineagePanel({ lineage }: { lineage: Lineage }) {
  if (!lineage.follows && lineage.followedBy.length === 0) return null;
  return (
    <section className="card" id="lineage" aria-labelledby="lineage-heading">
      <h2 id="lineage-heading">Across visits</h2>
      {lineage.follows ? (
        <>
          <h3>Reiterates an earlier recommendation</h3>
          <p>
            <LineageItem c={lineage.follows} />
          </p>
        </>
      ) : null}
      {lineage.followedBy.length > 0 ? (
        <>
          <h3>Reiterated by a later visit</h3>
          <ul className="plain">
            {lineage.followedBy.map((c) => (
              <li key={c.id}>
                <LineageItem c={c} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
