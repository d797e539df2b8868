// The thematic areas (CTED administrators; 404 for anyone else), in their order: code, cases, and
// whether each is in use or retired; each opens its form. None is deleted.
import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { listAdminAreas } from "~/domain/thematic-areas.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import adminStyles from "~/styles/admin.css";

export const meta: MetaFunction = () => [{ title: "Thematic areas · Administration · Follow-up" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

/** What the list says after a form came back to it (?created=, ?saved=, ?retired=, ?restored=). */
const NOTICES = {
  created: (label: string) => `Created ${label}.`,
  saved: (label: string) => `Saved ${label}.`,
  retired: (label: string) => `Retired ${label}: its cases keep it, and no new case may choose it.`,
  restored: (label: string) => `${label} is in use again.`,
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdministrator(request);
  const items = await listAdminAreas(user);
  const params = new URL(request.url).searchParams;
  let notice: string | null = null;
  for (const [key, sentence] of Object.entries(NOTICES)) {
    const area = items.find((a) => a.slug === params.get(key));
    if (area) notice = sentence(area.label);
  }
  return json({ items, notice });
}

export default function AdminAreas() {
  const { items, notice } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="admin-head">
        <h1>Thematic areas</h1>
        <Link className="button" to="/admin/areas/new">
          New area
        </Link>
      </div>
      <p className="muted">
        The areas of the reports that cases belong to, in the order forms, lists and reports show them. A
        retired area keeps its cases but takes no new ones; none is deleted.
      </p>
      {notice ? (
        <p className="notice success" role="status">
          {notice}
        </p>
      ) : null}
      <div className="table-scroll" role="region" aria-labelledby="areas-caption" tabIndex={0}>
        <table className="admin-table admin-areas">
          <caption id="areas-caption" className="sr-only">
            Thematic areas, in order
          </caption>
          <thead>
            <tr>
              <th scope="col" className="num place">
                Place
              </th>
              <th scope="col">Area</th>
              <th scope="col" className="code">
                Code
              </th>
              <th scope="col" className="num">
                Cases
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((a, i) => (
              <tr key={a.slug} className={a.retired ? "retired" : undefined}>
                <td className="num">{i + 1}</td>
                <th scope="row">
                  <Link to={`/admin/areas/${a.slug}`}>{a.label}</Link>
                  {a.retired ? (
                    <>
                      {" "}
                      <span className="badge retired">Retired</span>
                    </>
                  ) : null}
                </th>
                <td className="code">{a.code}</td>
                <td className="num">{a.cases}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
