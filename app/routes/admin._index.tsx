// Administration (CTED administrators): where accounts, organisations, visits and thematic areas
// are managed, and the audit log is read.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

import { requireAdministrator } from "~/http/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Administration · Follow-up" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdministrator(request);
  return json(null);
}

export default function Administration() {
  return (
    <>
      <h1>Administration</h1>
      <ul className="admin-hub">
        <li>
          <Link to="/admin/users">Accounts</Link>: invite people, change their role or organisation, disable
          and re-enable them.
        </li>
        <li>
          <Link to="/admin/organizations">Organisations</Link>: States, their ministries, partner
          organisations.
        </li>
        <li>
          <Link to="/admin/visits">Visits</Link>: assessment visits, their dates, partners and report dates.
        </li>
        <li>
          <Link to="/admin/areas">Thematic areas</Link>: the areas of the reports that cases belong to.
        </li>
        <li>
          <Link to="/admin/audit">Audit log</Link>: who did what and when, and a check that neither the log
          nor the case history was altered.
        </li>
      </ul>
    </>
  );
}
