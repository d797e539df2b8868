import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ZodError } from "zod";

import { ExportLinks } from "~/components/reports/ExportLinks.tsx";
import { reportsStylesheet } from "~/components/reports/stylesheet.ts";
import { DueBadge, formatDate, StateBadge } from "~/components/StateBadge.tsx";
import { CASE_SORTS, CaseListQuery } from "~/domain/case-input.ts";
import { caseFormOptions, listCases } from "~/domain/cases.server.ts";
import { fieldsFromZod } from "~/http/errors.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { areaLabel } from "~/lib/areas.ts";
import { STATE_LABELS, TOP_STATES } from "~workflows/recommendation-labels.ts";

export const meta: MetaFunction = () => [{ title: "Cases · Follow-up" }];
export const links: LinksFunction = () => [reportsStylesheet];

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
  let problems = parsed.success ? null : fieldsFromZod(parsed.error as ZodError);
  // The areas this user's cases may be in (retired ones only where they still hold some).
  const options = await caseFormOptions(user);
  if (query.area && !options.areas.some((a) => a.slug === query.area)) {
    problems = { ...problems, area: "must be one of the thematic areas" };
    query.area = undefined;
  }
  const result = await listCases(user, query);
  return json({ result, options, query, problems });
}

/**
 * A filter's problem as a sentence: whole sentences (the sort and state choices) as they are, the
 * others after the parameter's name ("country must be ...").
 */
function problemText(name: string, message: string): string {
  const text = /^[A-Z]/.test(message) ? message : `${name} ${message}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A labelled filter; `any` adds the empty choice that means "no filter". */
function FilterSelect({
  name,
  label,
  value,
  any,
  options,
}: {
  name: string;
  label: string;
  value?: string;
  any?: string;
  options: [string, string][];
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ""}>
        {any ? <option value="">{any}</option> : null}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
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
          Some filters were not understood and were ignored:{" "}
          {Object.entries(problems)
            .map(([k, v]) => problemText(k, v))
            .join(" ")}
        </p>
      ) : null}
      <Form method="get" className="card filters case-filters" aria-label="Filter cases">
        <div className="field case-search">
          <label htmlFor="q">Search</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
            placeholder="Reference, title or text"
          />
        </div>
        {options.assessments.length > 1 ? (
          <FilterSelect
            name="assessment"
            label="Visit"
            value={query.assessment}
            any="All"
            options={options.assessments.map((a) => [a.id, a.title])}
          />
        ) : null}
        {options.countries.length > 1 ? (
          <FilterSelect
            name="country"
            label="Country"
            value={query.country}
            any="All"
            options={options.countries.map((c) => [c.code, `${c.name} (${c.code})`])}
          />
        ) : null}
        <FilterSelect
          name="area"
          label="Thematic area"
          value={query.area}
          any="All"
          options={options.areas.map((a) => [a.slug, a.retired ? `${a.label} (retired)` : a.label])}
        />
        <FilterSelect
          name="state"
          label="State"
          value={query.state}
          any="All"
          options={TOP_STATES.map((s) => [s, STATE_LABELS[s]!])}
        />
        <FilterSelect
          name="owner"
          label="Owner"
          value={query.owner}
          any="Anyone"
          options={options.owners.map((o) => [o.id, o.name])}
        />
        <FilterSelect
          name="sort"
          label="Sort by"
          value={query.sort}
          options={CASE_SORTS.map((s) => [s, SORT_LABELS[s]])}
        />
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="overdue" value="true" defaultChecked={query.overdue} /> Overdue only
          </label>
          <label className="checkbox">
            <input type="checkbox" name="dueSoon" value="true" defaultChecked={query.dueSoon} /> Due soon only
          </label>
        </div>
        <div className="field buttons case-filter-buttons">
          <button className="button" type="submit">
            Apply
          </button>
          <Link to="/cases" className="button secondary">
            Clear
          </Link>
        </div>
      </Form>
      <p aria-live="polite">
        {result.total === 0 ? "No cases match." : `Showing ${first}–${last} of ${result.total}`}
      </p>
      {/* What the list shows: with filters not understood, every case (as the list). */}
      {result.total > 0 ? <ExportLinks params={problems ? new URLSearchParams() : params} /> : null}
      {result.items.length > 0 ? (
        <div className="table-scroll" role="region" aria-labelledby="cases-caption" tabIndex={0}>
          <table>
            <caption id="cases-caption" className="sr-only">
              Cases
            </caption>
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
                  <td className="nowrap">
                    <Link to={`/cases/${c.id}`}>{c.ref}</Link>
                  </td>
                  <td>{c.title}</td>
                  <td>{c.country}</td>
                  <td>{areaLabel(options.areas, c.area)}</td>
                  <td>
                    <StateBadge state={c.state} stateValue={c.stateValue} />
                  </td>
                  <td>{c.owner.name}</td>
                  <td>
                    {formatDate(c.dueAt)} <DueBadge due={c.due} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav className="pagination" aria-label="Pages">
        {result.page > 1 ? <Link to={pageLink(result.page - 1)}>← Previous</Link> : null}
        {last < result.total ? <Link to={pageLink(result.page + 1)}>Next →</Link> : null}
      </nav>
    </>
  );
}
