import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { stateActedFor } from "~/access/capabilities.ts";
import { dashboard } from "~/domain/cases.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { THEMATIC_AREAS } from "~/lib/areas.ts";
import { STATE_LABELS, TOP_STATES } from "~workflows/recommendation-labels.ts";

export const meta: MetaFunction = () => [{ title: "Dashboard · Follow-up" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({
    counts: await dashboard(user),
    scope: stateActedFor(user) ? user.organization.shortName : null,
  });
}

function CountLink({ n, query }: { n: number; query: string }) {
  return n === 0 ? <span className="muted">0</span> : <Link to={`/cases?${query}`}>{n}</Link>;
}

export default function Dashboard() {
  const { counts, scope } = useLoaderData<typeof loader>();
  const byArea = new Map(counts.areas.map((a) => [a.area, a]));
  return (
    <>
      <h1>Dashboard</h1>
      <p className="muted">
        Recommendations by state and thematic area{scope ? ` for the ${scope}` : ""}. Select a number to see
        those cases.
      </p>
      <div className="table-scroll" role="region" aria-labelledby="counts-caption" tabIndex={0}>
        <table className="counts">
          <caption id="counts-caption" className="sr-only">
            Cases by thematic area and state
          </caption>
          <thead>
            <tr>
              <th scope="col">Thematic area</th>
              {TOP_STATES.map((s) => (
                <th scope="col" className="num" key={s}>
                  {STATE_LABELS[s]}
                </th>
              ))}
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col" className="num">
                Due soon
              </th>
              <th scope="col" className="num">
                Overdue
              </th>
            </tr>
          </thead>
          <tbody>
            {THEMATIC_AREAS.map(({ slug, label }) => {
              const row = byArea.get(slug);
              return (
                <tr key={slug}>
                  <th scope="row">{label}</th>
                  {TOP_STATES.map((s) => (
                    <td className="num" key={s}>
                      <CountLink n={row?.states[s] ?? 0} query={`area=${slug}&state=${s}`} />
                    </td>
                  ))}
                  <td className="num">
                    <CountLink n={row?.total ?? 0} query={`area=${slug}`} />
                  </td>
                  <td className="num">
                    <CountLink n={row?.dueSoon ?? 0} query={`area=${slug}&dueSoon=true`} />
                  </td>
                  <td className="num">
                    <CountLink n={row?.overdue ?? 0} query={`area=${slug}&overdue=true`} />
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All areas</th>
              {TOP_STATES.map((s) => (
                <td className="num" key={s}>
                  <CountLink n={counts.totals.states[s]} query={`state=${s}`} />
                </td>
              ))}
              <td className="num">
                <CountLink n={counts.totals.total} query="" />
              </td>
              <td className="num">
                <CountLink n={counts.totals.dueSoon} query="dueSoon=true" />
              </td>
              <td className="num">
                <CountLink n={counts.totals.overdue} query="overdue=true" />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
