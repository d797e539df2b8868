// The thematic areas (CTED administrators; 404 for anyone else), in their order: code, cases, and
// whether each is in use or retired; each opens its form. None is deleted.
import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { listAdminAreas } from "~/domain/thematic-areas.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { areaLabel } from "~/lib/areas.ts";
import adminStyles from "~/styles/admin.css";

export const handle: TitleHandle = { title: () => ({ key: "admin:areas.list.title" }) };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

/** What the list says after a form came back to it (?created=, ?saved=, ?retired=, ?restored=): admin:areas.notices. */
const NOTICES = ["created", "saved", "retired", "restored"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdministrator(request);
  const items = await listAdminAreas(user);
  const params = new URL(request.url).searchParams;
  let notice: { kind: (typeof NOTICES)[number]; slug: string } | null = null;
  for (const kind of NOTICES) {
    const area = items.find((a) => a.slug === params.get(kind));
    if (area) notice = { kind, slug: area.slug };
  }
  return json({ items, notice });
}

export default function AdminAreas() {
  const { items, notice } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  return (
    <>
      <div className="admin-head">
        <h1>{t("areas.list.title")}</h1>
        <Link className="button" to="/admin/areas/new">
          {t("areas.list.new")}
        </Link>
      </div>
      <p className="muted">{t("areas.list.intro")}</p>
      {notice ? (
        <p className="notice success" role="status">
          {t(`areas.notices.${notice.kind}`, { label: areaLabel(items, notice.slug, t) })}
        </p>
      ) : null}
      <div className="table-scroll" role="region" aria-labelledby="areas-caption" tabIndex={0}>
        <table className="admin-table admin-areas cards">
          <caption id="areas-caption" className="sr-only">
            {t("areas.list.caption")}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="num place">
                {t("areas.list.place")}
              </th>
              <th scope="col">{t("areas.list.area")}</th>
              <th scope="col" className="code">
                {t("areas.list.code")}
              </th>
              <th scope="col" className="num">
                {t("areas.list.cases")}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((a, i) => (
              <tr key={a.slug} className={a.retired ? "retired" : undefined}>
                <td className="num" data-label={t("areas.list.place")}>
                  {i + 1}
                </td>
                <th scope="row" data-label={t("areas.list.area")}>
                  <Link to={`/admin/areas/${a.slug}`}>{areaLabel(items, a.slug, t)}</Link>
                  {a.retired ? (
                    <>
                      {" "}
                      <span className="badge retired">{t("areas.retiredBadge")}</span>
                    </>
                  ) : null}
                </th>
                <td className="code" translate="no" data-label={t("areas.list.code")}>
                  {a.code}
                </td>
                <td className="num" data-label={t("areas.list.cases")}>
                  {a.cases}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
