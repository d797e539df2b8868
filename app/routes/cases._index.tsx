import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ZodError } from "zod";
import { CaseListQuery, CASE_SORTS } from "../domain/case-input.ts";
import { caseFormOptions, listCases } from "../domain/cases.server.ts";
import { fieldsFromZod } from "../http/errors.server.ts";
import { requireUser } from "../http/session.server.ts";
import { THEMATIC_AREAS, areaLabel } from "../lib/areas.ts";
import { StateBadge, OverdueBadge, formatDate } from "../components/StateBadge.tsx";
import { STATE_LABELS, TOP_STATES } from "../../workflows/recommendation.ts";

export const meta: MetaFunction = () => [{ title: "Cases · Follow-up" }];

const SORT_LABELS: Record<(typeof CASE_SORTS)[number], string> = {
  ref: "Reference (A–Z)",
  "-ref": "Reference (Z–A)",
  dueAt: "Due date (soonest first)",
  "-dueAt": "Due date (latest first)",
  updatedAt: "Least recently changed",
  "-updatedAt": "Most recently changed",
  priority: "Priority (high first)",
  state: "State",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = CaseListQuery.safeParse(params);
  // A bad filter in a hand-edited URL shows the full list with a message, not an error page.
  const query = parsed.success ? parsed.data : CaseListQuery.parse({});
  const problems = parsed.success ? null : fieldsFromZod(parsed.error as ZodError);
  const [result, options] = await Promise.all([listCases(user, query), caseFormOptions(user)]);
  return json({ result, options, query, problems });
}

export default function Cases() {
  const { result, options, query, problems } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const first = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
  const last = Math.min(result.total, result.page * result.pageSize);
  const pageLink = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next}`;
  };
  return (
    <>
      <h1>Cases</h1>
      {problems ? (
        <p className="notice error" role="alert">
          Some filters were not understood and were ignored: {Object.entries(problems).map(([k, v]) => `${k} ${v}`).join("; ")}
        </p>
      ) : null}
      <Form method="get" className="card filters" aria-label="Filter cases">
        <div className="field">
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ""} placeholder="Reference, title or text" />
        </div>
        {options.countries.length > 1 ? (
          <div className="field">
            <label htmlFor="country">Country</label>
            <select id="country" name="country" defaultValue={query.country ?? ""}>
              <option value="">All</option>
              {options.countries.map((c) => <option key={c.code} value={c.code}>{c.name} ({c.code})</option>)}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="area">Thematic area</label>
          <select id="area" name="area" defaultValue={query.area ?? ""}>
            <option value="">All</option>
            {THEMATIC_AREAS.map((a) => <option key={a.slug} value={a.slug}>{a.label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="state">State</label>
          <select id="state" name="state" defaultValue={query.state ?? ""}>
            <option value="">All</option>
            {TOP_STATES.map((s) => <option key={s} value={s}>{STATE_LABELS[s]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="owner">Owner</label>
          <select id="owner" name="owner" defaultValue={query.owner ?? ""}>
            <option value="">Anyone</option>
            {options.owners.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort">Sort by</label>
          <select id="sort" name="sort" defaultValue={query.sort}>
            {CASE_SORTS.map((s) => <option key={s} value={s}>{SORT_LABELS[s]}</option>)}
          </select>
        </div>
        <div className="field">
          <label className="checkbox"><input type="checkbox" name="overdue" value="true" defaultChecked={query.overdue} /> Overdue only</label>
        </div>
        <div className="field">
          <button className="button" type="submit">Apply</button> <Link to="/cases">Clear</Link>
        </div>
      </Form>
      <p aria-live="polite">{result.total === 0 ? "No cases match." : `Showing ${first}–${last} of ${result.total}`}</p>
      {result.items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Recommendation</th>
              <th scope="col">Country</th>
              <th scope="col">Thematic area</th>
              <th scope="col">State</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((c) => (
              <tr key={c.id}>
                <td className="nowrap"><Link to={`/cases/${c.id}`}>{c.ref}</Link></td>
                <td>{c.title}</td>
                <td>{c.country}</td>
                <td>{areaLabel(c.area)}</td>
                <td><StateBadge state={c.state} stateValue={c.stateValue} /></td>
                <td>{c.owner.name}</td>
                <td>{formatDate(c.dueAt)} <OverdueBadge overdue={c.overdue} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <nav className="pagination" aria-label="Pages">
        {result.page > 1 ? <Link to={pageLink(result.page - 1)}>← Previous</Link> : null}
        {last < result.total ? <Link to={pageLink(result.page + 1)}>Next →</Link> : null}
      </nav>
    </>
  );
}
