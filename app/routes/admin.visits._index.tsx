// The assessment visits (CTED administrators; 404 for anyone else), latest first: their State,
// dates, report, partners and cases; each opens its form.
import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { listAdminVisits } from "~/domain/admin-visits.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import { useFormat } from "~/i18n/format.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import adminStyles from "~/styles/admin.css";

export const handle: TitleHandle = { title: () => ({ key: "admin:visits.list.title" }) };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdministrator(request);
  const items = await listAdminVisits(user);
  // After a save, the form comes back here saying what it saved.
  const params = new URL(request.url).searchParams;
  const created = items.find((v) => v.id === params.get("created"));
  const saved = items.find((v) => v.id === params.get("saved"));
  const notice = created
    ? { kind: "created" as const, title: created.title }
    : saved
      ? { kind: "saved" as const, title: saved.title }
      : null;
  return json({ items, notice });
}

export default function AdminVisits() {
  const { items, notice } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  const format = useFormat();
  return (
    <>
      <div className="admin-head">
        <h1>{t("visits.list.title")}</h1>
        <Link className="button" to="/admin/visits/new">
          {t("visits.list.new")}
        </Link>
      </div>
      <p className="muted">{t("visits.list.intro")}</p>
      {notice ? (
        <p className="notice success" role="status">
          {t(`visits.notices.${notice.kind}`, { title: notice.title })}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>{t("visits.list.empty")}</p>
      ) : (
        <ul className="admin-visits">
          {items.map((v) => (
            <li key={v.id} className="card">
              <h2>
                <Link to={`/admin/visits/${v.id}`}>{v.title}</Link>
                {v.isDemo ? (
                  <>
                    {" "}
                    <span className="badge demo">{t("visits.list.demo")}</span>
                  </>
                ) : null}
              </h2>
              <dl className="meta">
                <dt>{t("visits.list.state")}</dt>
                <dd>{t("visits.list.stateValue", { name: v.countryName, code: v.countryCode })}</dd>
                <dt>{t("visits.list.visit")}</dt>
                <dd>
                  {t("visits.list.dates", { start: format.day(v.visitStart), end: format.day(v.visitEnd) })}
                </dd>
                <dt>{t("visits.list.report")}</dt>
                <dd>
                  {v.reportSentAt
                    ? v.reportAdoptedAt
                      ? t("visits.list.reportAdopted", {
                          sent: format.day(v.reportSentAt),
                          adopted: format.day(v.reportAdoptedAt),
                        })
                      : t("visits.list.reportSent", { sent: format.day(v.reportSentAt) })
                    : v.reportAdoptedAt
                      ? t("visits.list.reportNotSentAdopted", { adopted: format.day(v.reportAdoptedAt) })
                      : t("visits.list.reportNotSent")}
                </dd>
                <dt>{t("visits.list.resolutions")}</dt>
                <dd>{v.resolutions.join(", ")}</dd>
                <dt>{t("visits.list.partners")}</dt>
                <dd>
                  {v.partners.length > 0
                    ? v.partners.map((p) => p.shortName).join(", ")
                    : t("visits.list.noPartners")}
                </dd>
                <dt>{t("visits.list.cases")}</dt>
                <dd>{v.cases}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
