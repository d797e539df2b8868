// The assessment visits the user may see: for each, its recommendations in the list, its
// follow-up report, and (CTED) importing recommendations from its report.
import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { ReportDownloads } from "~/components/reports/ReportDownloads.tsx";
import { reportsStylesheet } from "~/components/reports/stylesheet.ts";
import { listVisits } from "~/domain/assessments.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { useFormat } from "~/i18n/format.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";

export const handle: TitleHandle = { title: () => ({ key: "cases:visits.documentTitle" }) };
export const links: LinksFunction = () => [reportsStylesheet];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json(await listVisits(user));
}

export default function Visits() {
  const { visits, mayImport } = useLoaderData<typeof loader>();
  const { t } = useTranslation("cases");
  const format = useFormat();
  return (
    <>
      <h1>{t("visits.title")}</h1>
      <p className="muted">{mayImport ? t("visits.introWithImport") : t("visits.intro")}</p>
      {visits.length === 0 ? <p>{t("visits.none")}</p> : null}
      <ul className="visit-list">
        {visits.map((v) => (
          <li key={v.id} className="visit">
            <h2>{v.title}</h2>
            <p className="muted">
              {v.countryName} ·{" "}
              {t("visits.dates", { start: format.day(v.visitStart), end: format.day(v.visitEnd) })}
              {v.reportAdoptedAt
                ? ` · ${t("visits.reportAdopted", { date: format.day(v.reportAdoptedAt) })}`
                : ""}
            </p>
            <p className="visit-actions">
              <Link to={`/cases?assessment=${v.id}`}>{t("visits.recommendations", { count: v.cases })}</Link>
              {mayImport ? <Link to={`/assessments/${v.id}/import`}>{t("visits.import")}</Link> : null}
            </p>
            {v.cases > 0 ? <ReportDownloads assessmentId={v.id} /> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
