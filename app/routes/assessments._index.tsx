// The assessment visits the user may see: for each, its recommendations in the list, its
// follow-up report, and (CTED) importing recommendations from its report.
import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { ReportDownloads } from "~/components/reports/ReportDownloads.tsx";
import { reportsStylesheet } from "~/components/reports/stylesheet.ts";
import { formatDate } from "~/components/StateBadge.tsx";
import { listVisits } from "~/domain/assessments.server.ts";
import { requireUser } from "~/http/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Visits · Follow-up" }];
export const links: LinksFunction = () => [reportsStylesheet];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json(await listVisits(user));
}

export default function Visits() {
  const { visits, mayImport } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Assessment visits</h1>
      <p className="muted">
        Each visit&rsquo;s recommendations, its follow-up report
        {mayImport ? ", and importing recommendations from its report" : ""}.
      </p>
      {visits.length === 0 ? <p>There are no visits you may see.</p> : null}
      <ul className="visit-list">
        {visits.map((v) => (
          <li key={v.id} className="visit">
            <h2>{v.title}</h2>
            <p className="muted">
              {v.countryName} · {formatDate(v.visitStart)} to {formatDate(v.visitEnd)}
              {v.reportAdoptedAt ? ` · report adopted ${formatDate(v.reportAdoptedAt)}` : ""}
            </p>
            <p className="visit-actions">
              <Link to={`/cases?assessment=${v.id}`}>
                {v.cases === 1 ? "1 recommendation" : `${v.cases} recommendations`}
              </Link>
              {mayImport ? <Link to={`/assessments/${v.id}/import`}>Import recommendations</Link> : null}
            </p>
            {v.cases > 0 ? <ReportDownloads assessmentId={v.id} /> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
