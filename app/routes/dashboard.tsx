import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { stateActedFor } from "~/access/capabilities.ts";
import { OverdueChart } from "~/components/charts/OverdueChart.tsx";
import { StatesByAreaChart } from "~/components/charts/StatesByAreaChart.tsx";
import { StatesOverTimeChart } from "~/components/charts/StatesOverTimeChart.tsx";
import { StateColumnHeads } from "~/components/StateColumnHeads.tsx";
import { dashboard } from "~/domain/cases.server.ts";
import { dashboardCharts } from "~/domain/dashboard-charts.server.ts";
import { thematicAreas } from "~/domain/thematic-areas.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { useFormat } from "~/i18n/format.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { areaLabel, areasShown } from "~/lib/areas.ts";
import chartsHref from "~/styles/charts.css";
import { TOP_STATES } from "~workflows/recommendation-labels.ts";

export const handle: TitleHandle = { title: () => ({ key: "dashboard:title" }) };
// The charts' styles, only where the charts are (the app's own stylesheet is linked by root.tsx).
export const links: LinksFunction = () => [{ rel: "stylesheet", href: chartsHref }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [counts, all] = await Promise.all([dashboard(user), thematicAreas()]);
  const charts = await dashboardCharts(user, counts);
  // Every area in use, and the retired ones that still hold some of these cases.
  const areas = areasShown(
    all,
    counts.areas.map((a) => a.area),
  );
  // The table's counts; the counts by owner are the charts' already.
  const table = { areas: counts.areas, totals: counts.totals };
  return json({
    counts: table,
    charts,
    areas,
    scope: stateActedFor(user) ? user.organization.shortName : null,
  });
}

function CountLink({ n, query }: { n: number; query: string }) {
  const format = useFormat();
  return n === 0 ? (
    <span className="muted">{format.count(0)}</span>
  ) : (
    <Link to={`/cases?${query}`}>{format.count(n)}</Link>
  );
}

/** "the Government of Tajikistan", but "Tajikistan": a short name may be either. */
const isGovernment = (shortName: string) => /^(government|ministry)\b/i.test(shortName);

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { counts, charts, scope } = data;
  const { t } = useTranslation("dashboard");
  // The areas as the reader reads them: the nine standard ones in their language.
  const areas = data.areas.map((a) => ({ ...a, label: areaLabel(data.areas, a.slug, t) }));
  const byArea = new Map(counts.areas.map((a) => [a.area, a]));
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">
        {scope ? t(isGovernment(scope) ? "introForThe" : "introFor", { name: scope }) : t("intro")}
      </p>
      <div className="table-scroll" role="region" aria-labelledby="counts-caption" tabIndex={0}>
        <table className="counts cards">
          <caption id="counts-caption" className="sr-only">
            {t("table.caption")}
          </caption>
          <thead>
            <tr>
              <StateColumnHeads first={t("table.area")} />
              <th scope="col" className="num">
                {t("table.dueSoon")}
              </th>
              <th scope="col" className="num">
                {t("table.overdue")}
              </th>
            </tr>
          </thead>
          <tbody>
            {areas.map(({ slug, label }) => {
              const row = byArea.get(slug);
              return (
                <tr key={slug}>
                  <th scope="row" data-label={t("table.area")}>
                    {label}
                  </th>
                  {TOP_STATES.map((s) => (
                    <td className="num" key={s} data-label={t(`workflow:states.${s}`)}>
                      <CountLink n={row?.states[s] ?? 0} query={`area=${slug}&state=${s}`} />
                    </td>
                  ))}
                  <td className="num" data-label={t("cases:stateColumns.total")}>
                    <CountLink n={row?.total ?? 0} query={`area=${slug}`} />
                  </td>
                  <td className="num" data-label={t("table.dueSoon")}>
                    <CountLink n={row?.dueSoon ?? 0} query={`area=${slug}&dueSoon=true`} />
                  </td>
                  <td className="num" data-label={t("table.overdue")}>
                    <CountLink n={row?.overdue ?? 0} query={`area=${slug}&overdue=true`} />
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" data-label={t("table.area")}>
                {t("table.allAreas")}
              </th>
              {TOP_STATES.map((s) => (
                <td className="num" key={s} data-label={t(`workflow:states.${s}`)}>
                  <CountLink n={counts.totals.states[s]} query={`state=${s}`} />
                </td>
              ))}
              <td className="num" data-label={t("cases:stateColumns.total")}>
                <CountLink n={counts.totals.total} query="" />
              </td>
              <td className="num" data-label={t("table.dueSoon")}>
                <CountLink n={counts.totals.dueSoon} query="dueSoon=true" />
              </td>
              <td className="num" data-label={t("table.overdue")}>
                <CountLink n={counts.totals.overdue} query="overdue=true" />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <div className="charts">
        <StatesOverTimeChart months={charts.months} />
        <StatesByAreaChart areas={areas} counts={counts.areas} />
        <OverdueChart tasks={charts.overdueTasks} cases={charts.overdueCases} />
      </div>
    </>
  );
}
