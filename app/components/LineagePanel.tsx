// A case's place across visits: the earlier recommendation it reiterates, and the later ones
// that reiterate it, each with its state and when it last changed.
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { CaseLineage } from "~/domain/lineage.server.ts";
import { useFormat } from "~/i18n/format.ts";
import { stateName } from "~/i18n/workflow-names.ts";

type Lineage = SerializeFrom<CaseLineage>;

function LineageItem({ c }: { c: Lineage["followedBy"][number] }) {
  const { t } = useTranslation("cases");
  const format = useFormat();
  const state = stateName(t, c.state);
  return (
    <>
      <Link to={`/cases/${c.id}`} translate="no">
        {c.ref}
      </Link>{" "}
      {t("lineage.visitOf", { year: c.year })}: {c.title}
      <br />
      <span className="muted">{t("lineage.stateChanged", { state, date: format.day(c.updatedAt) })}</span>
    </>
  );
}

export function LineagePanel({ lineage }: { lineage: Lineage }) {
  const { t } = useTranslation("cases");
  if (!lineage.follows && lineage.followedBy.length === 0) return null;
  return (
    <section className="card" id="lineage" aria-labelledby="lineage-heading">
      <h2 id="lineage-heading">{t("lineage.heading")}</h2>
      {lineage.follows ? (
        <>
          <h3>{t("lineage.reiterates")}</h3>
          <p>
            <LineageItem c={lineage.follows} />
          </p>
        </>
      ) : null}
      {lineage.followedBy.length > 0 ? (
        <>
          <h3>{t("lineage.reiteratedBy")}</h3>
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
