import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ZodError } from "zod";

import { ExportLinks } from "~/components/reports/ExportLinks.tsx";
import { reportsStylesheet } from "~/components/reports/stylesheet.ts";
import { DueBadge, StateBadge } from "~/components/StateBadge.tsx";
import { CASE_SORTS, CaseListQuery } from "~/domain/case-input.ts";
import { caseFormOptions, listCases } from "~/domain/cases.server.ts";
import { fieldsFromZod } from "~/http/errors.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { useFormat } from "~/i18n/format.ts";
import { t as translate } from "~/i18n/i18n.server.ts";
import type { Translate } from "~/i18n/languages.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { areaLabel } from "~/lib/areas.ts";
import { TOP_STATES } from "~workflows/recommendation-labels.ts";

export const handle: TitleHandle = { title: () => ({ key: "cases:list.title" }) };
export const links: LinksFunction = () => [reportsStylesheet];

/** Each sort order's name (cases:list.sorts). */
const SORT_KEYS: Record<(typeof CASE_SORTS)[number], string> = {
  ref: "list.sorts.refAscending",
  "-ref": "list.sorts.refDescending",
  dueAt: "list.sorts.dueAtAscending",
  "-dueAt": "list.sorts.dueAtDescending",
  updatedAt: "list.sorts.updatedAtAscending",
  "-updatedAt": "list.sorts.updatedAtDescending",
  priority: "list.sorts.priority",
  state: "list.sorts.state",
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
    problems = { ...problems, area: translate("cases:list.unknownArea") };
    query.area = undefined;
  }
  const result = await listCases(user, query);
  return json({ result, options, query, problems });
}

/** The parameters whose refusal is a whole sentence (case-input.ts: the sort and state choices). */
const WHOLE_SENTENCES = new Set(["sort", "state"]);

/**
 * A filter's problem as a sentence: whole sentences (the sort and state choices, or any message
 * starting with a capital) as they are, the others after the parameter's name ("country must be ...").
 */
function problemText(name: string, message: string, t: Translate): string {
  const whole = WHOLE_SENTENCES.has(name) || /^\p{Lu}/u.test(message);
  const text = whole ? message : t("list.problemOfParameter", { name, message });
  return /[.!?؟。]$/.test(text) ? text : `${text}.`;
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
  const { t } = useTranslation("cases");
  const format = useFormat();
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
      <h1>{t("list.title")}</h1>
      {problems ? (
        <p className="notice error" role="alert">
          {t("list.problems", {
            problems: Object.entries(problems)
              .map(([k, v]) => problemText(k, v, t))
              .join(" "),
          })}
        </p>
      ) : null}
      <Form method="get" className="card filters case-filters" aria-label={t("list.filtersLabel")}>
        <div className="field case-search">
          <label htmlFor="q">{t("list.search")}</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
            placeholder={t("list.searchPlaceholder")}
          />
        </div>
        {options.assessments.length > 1 ? (
          <FilterSelect
            name="assessment"
            label={t("list.filters.visit")}
            value={query.assessment}
            any={t("list.filters.all")}
            options={options.assessments.map((a) => [a.id, a.title])}
          />
        ) : null}
        {options.countries.length > 1 ? (
          <FilterSelect
            name="country"
            label={t("list.filters.country")}
            value={query.country}
            any={t("list.filters.all")}
            options={options.countries.map((c) => [c.code, `${c.name} (${c.code})`])}
          />
        ) : null}
        <FilterSelect
          name="area"
          label={t("list.filters.area")}
          value={query.area}
          any={t("list.filters.all")}
          options={options.areas.map((a) => {
            const label = areaLabel(options.areas, a.slug, t);
            return [a.slug, a.retired ? t("list.filters.retiredArea", { area: label }) : label];
          })}
        />
        <FilterSelect
          name="state"
          label={t("list.filters.state")}
          value={query.state}
          any={t("list.filters.all")}
          options={TOP_STATES.map((s) => [s, t(`workflow:states.${s}`)])}
        />
        <FilterSelect
          name="owner"
          label={t("list.filters.owner")}
          value={query.owner}
          any={t("list.filters.anyone")}
          options={options.owners.map((o) => [o.id, o.name])}
        />
        <FilterSelect
          name="sort"
          label={t("list.filters.sort")}
          value={query.sort}
          options={CASE_SORTS.map((s) => [s, t(SORT_KEYS[s])])}
        />
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="overdue" value="true" defaultChecked={query.overdue} />{" "}
            {t("list.filters.overdueOnly")}
          </label>
          <label className="checkbox">
            <input type="checkbox" name="dueSoon" value="true" defaultChecked={query.dueSoon} />{" "}
            {t("list.filters.dueSoonOnly")}
          </label>
        </div>
        <div className="field buttons case-filter-buttons">
          <button className="button" type="submit">
            {t("list.filters.apply")}
          </button>
          <Link to="/cases" className="button secondary">
            {t("list.filters.clear")}
          </Link>
        </div>
      </Form>
      <p aria-live="polite">
        {result.total === 0
          ? t("list.noMatch")
          : t("list.showing", {
              first: format.count(first),
              last: format.count(last),
              total: format.count(result.total),
            })}
      </p>
      {/* What the list shows: with filters not understood, every case (as the list). */}
      {result.total > 0 ? <ExportLinks params={problems ? new URLSearchParams() : params} /> : null}
      {result.items.length > 0 ? (
        <div className="table-scroll" role="region" aria-labelledby="cases-caption" tabIndex={0}>
          <table className="cards">
            <caption id="cases-caption" className="sr-only">
              {t("list.caption")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("list.columns.ref")}</th>
                <th scope="col">{t("list.columns.recommendation")}</th>
                <th scope="col">{t("list.columns.country")}</th>
                <th scope="col">{t("list.columns.area")}</th>
                <th scope="col">{t("list.columns.state")}</th>
                <th scope="col">{t("list.columns.owner")}</th>
                <th scope="col">{t("list.columns.due")}</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((c) => (
                <tr key={c.id}>
                  <td className="nowrap" translate="no" data-label={t("list.columns.ref")}>
                    <Link to={`/cases/${c.id}`}>{c.ref}</Link>
                  </td>
                  <td data-label={t("list.columns.recommendation")} dir="auto">
                    {c.title}
                  </td>
                  <td translate="no" data-label={t("list.columns.country")}>
                    {c.country}
                  </td>
                  <td data-label={t("list.columns.area")}>{areaLabel(options.areas, c.area, t)}</td>
                  <td data-label={t("list.columns.state")}>
                    <StateBadge state={c.state} stateValue={c.stateValue} />
                  </td>
                  <td translate="no" data-label={t("list.columns.owner")}>
                    {c.owner.name}
                  </td>
                  <td data-label={t("list.columns.due")}>
                    {format.day(c.dueAt) || "—"} <DueBadge due={c.due} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav className="pagination" aria-label={t("list.pagination.label")}>
        {result.page > 1 ? <Link to={pageLink(result.page - 1)}>{t("list.pagination.previous")}</Link> : null}
        {last < result.total ? <Link to={pageLink(result.page + 1)}>{t("list.pagination.next")}</Link> : null}
      </nav>
    </>
  );
}
