// Administration (CTED administrators): where accounts, organisations, visits and thematic areas
// are managed, and the audit log is read.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";

import { requireAdministrator } from "~/http/session.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";

export const handle: TitleHandle = { title: () => ({ key: "admin:hub.title" }) };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdministrator(request);
  return json(null);
}

const SECTIONS = [
  { key: "accounts", to: "/admin/users" },
  { key: "organizations", to: "/admin/organizations" },
  { key: "visits", to: "/admin/visits" },
  { key: "areas", to: "/admin/areas" },
  { key: "audit", to: "/admin/audit" },
] as const;

export default function Administration() {
  const { t } = useTranslation("admin");
  return (
    <>
      <h1>{t("hub.title")}</h1>
      <ul className="admin-hub">
        {SECTIONS.map(({ key, to }) => (
          <li key={key}>
            <Trans t={t} i18nKey={`hub.${key}`} components={{ anchor: <Link to={to} /> }} />
          </li>
        ))}
      </ul>
    </>
  );
}
