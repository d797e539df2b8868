// The assessment visits (CTED administrators; 404 for anyone else), latest first: their State,
// dates, report, partners and cases; each opens its form.
import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { formatDate } from "~/components/StateBadge.tsx";
import { listAdminVisits } from "~/domain/admin-visits.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import adminStyles from "~/styles/admin.css";

export const meta: MetaFunction = () => [{ title: "Assessment visits · Administration · Follow-up" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdministrator(request);
  const items = await listAdminVisits(user);
  // After a save, the form comes back here saying what it saved.
  const params = new URL(request.url).searchParams;
  const created = items.find((v) => v.id === params.get("created"));
  const saved = items.find((v) => v.id === params.get("saved"));
  const notice = created ? `Created ${created.title}.` : saved ? `Saved ${saved.title}.` : null;
  return json({ items, notice });
}

export default function AdminVisits() {
  const { items, notice } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="admin-head">
        <h1>Assessment visits</h1>
        <Link className="button" to="/admin/visits/new">
          New visit
        </Link>
      </div>
      <p className="muted">
        Each visit&rsquo;s State, dates, report and partners. A visit with cases keeps its State; none is
        deleted.
      </p>
      {notice ? (
        <p className="notice success" role="status">
          {notice}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>There are no visits yet.</p>
      ) : (
        <ul className="admin-visits">
          {items.map((v) => (
            <li key={v.id} className="card">
              <h2>
                <Link to={`/admin/visits/${v.id}`}>{v.title}</Link>
                {v.isDemo ? (
                  <>
                    {" "}
                    <span className="badge demo">Demo</span>
                  </>
                ) : null}
              </h2>
              <dl className="meta">
                <dt>State</dt>
                <dd>
                  {v.countryName} ({v.countryCode})
                </dd>
                <dt>Visit</dt>
                <dd>
                  {formatDate(v.visitStart)} to {formatDate(v.visitEnd)}
                </dd>
                <dt>Report</dt>
                <dd>
                  {v.reportSentAt ? `sent ${formatDate(v.reportSentAt)}` : "not sent yet"}
                  {v.reportAdoptedAt ? `, adopted ${formatDate(v.reportAdoptedAt)}` : ""}
                </dd>
                <dt>Resolutions</dt>
                <dd>{v.resolutions.join(", ")}</dd>
                <dt>Partners</dt>
                <dd>{v.partners.length > 0 ? v.partners.map((p) => p.shortName).join(", ") : "none"}</dd>
                <dt>Cases</dt>
                <dd>{v.cases}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
