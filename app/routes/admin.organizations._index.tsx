// The organisations (CTED administrators; 404 for anyone else): by kind, a government's ministries
// under it, with their accounts and tasks; each opens its form. None is deleted.
import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { listOrganizations, type OrganizationItem } from "~/domain/admin-organizations.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import adminStyles from "~/styles/admin.css";

export const handle: TitleHandle = { title: () => ({ key: "admin:organizations.list.title" }) };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdministrator(request);
  const items = await listOrganizations(user);
  // After a save, the form comes back here saying what it saved.
  const params = new URL(request.url).searchParams;
  const created = items.find((o) => o.id === params.get("created"));
  const saved = items.find((o) => o.id === params.get("saved"));
  const notice = created
    ? { kind: "created" as const, name: created.name }
    : saved
      ? { kind: "saved" as const, name: saved.name }
      : null;
  return json({ items, notice });
}

/** The list's sections, in order; headings: admin:organizations.list.sections. */
const SECTIONS = ["CTED", "COMMITTEE", "GOVERNMENT", "PARTNER"] as const;

function Row({ o, ministryOf, withCode }: { o: OrganizationItem; ministryOf?: string; withCode?: boolean }) {
  const { t } = useTranslation("admin");
  return (
    <tr className={ministryOf ? "ministry" : undefined}>
      <th scope="row" data-label={t("organizations.list.organization")}>
        {ministryOf ? (
          <span className="sr-only">{t("organizations.list.ministryOf", { government: ministryOf })} </span>
        ) : null}
        <Link to={`/admin/organizations/${o.id}`}>{o.name}</Link>
        {o.shortName !== o.name ? (
          <span className="short-name">
            <span className="sr-only">{t("organizations.list.shortName")} </span>
            {o.shortName}
          </span>
        ) : null}
      </th>
      {withCode ? (
        <td className="code" translate="no" data-label={t("organizations.list.code")}>
          {o.countryCode ?? ""}
        </td>
      ) : null}
      <td className="num" data-label={t("organizations.list.accounts")}>
        {o.users}
      </td>
      <td className="num" data-label={t("organizations.list.tasks")}>
        {o.tasks}
      </td>
    </tr>
  );
}

function OrganizationTable({
  label,
  withCode,
  children,
}: {
  label: string;
  withCode?: boolean;
  children: React.ReactNode;
}) {
  const { t } = useTranslation("admin");
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="admin-table cards">
        <thead>
          <tr>
            <th scope="col">{t("organizations.list.organization")}</th>
            {withCode ? (
              <th scope="col" className="code">
                {t("organizations.list.code")}
              </th>
            ) : null}
            <th scope="col" className="num">
              {t("organizations.list.accounts")}
            </th>
            <th scope="col" className="num">
              {t("organizations.list.tasks")}
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export default function Organizations() {
  const { items, notice } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  const ministriesOf = (governmentId: string) =>
    items.filter((o) => o.kind === "MINISTRY" && o.governmentId === governmentId);
  const governmentIds = new Set(items.filter((o) => o.kind === "GOVERNMENT").map((o) => o.id));
  // A ministry whose government is missing or not a government (not made here): listed apart.
  const unattached = items.filter(
    (o) => o.kind === "MINISTRY" && !(o.governmentId && governmentIds.has(o.governmentId)),
  );
  return (
    <>
      <div className="admin-head">
        <h1>{t("organizations.list.title")}</h1>
        <Link className="button" to="/admin/organizations/new">
          {t("organizations.list.new")}
        </Link>
      </div>
      <p className="muted">{t("organizations.list.intro")}</p>
      {notice ? (
        <p className="notice success" role="status">
          {t(`organizations.notices.${notice.kind}`, { name: notice.name })}
        </p>
      ) : null}
      {SECTIONS.map((kind) => {
        const ofKind = items.filter((o) => o.kind === kind);
        const heading = t(`organizations.list.sections.${kind}`);
        return (
          <section key={kind} aria-labelledby={`kind-${kind}`}>
            <h2 id={`kind-${kind}`}>{heading}</h2>
            {ofKind.length === 0 ? (
              <p className="muted">{t("organizations.list.noneYet")}</p>
            ) : (
              <OrganizationTable label={heading} withCode={kind === "GOVERNMENT"}>
                {ofKind.map((o) =>
                  kind === "GOVERNMENT" ? (
                    <OrganizationRows key={o.id} government={o} ministries={ministriesOf(o.id)} />
                  ) : (
                    <Row key={o.id} o={o} />
                  ),
                )}
              </OrganizationTable>
            )}
          </section>
        );
      })}
      {unattached.length > 0 ? (
        <section aria-labelledby="kind-unattached">
          <h2 id="kind-unattached">{t("organizations.list.unattached")}</h2>
          <OrganizationTable label={t("organizations.list.unattached")}>
            {unattached.map((o) => (
              <Row key={o.id} o={o} />
            ))}
          </OrganizationTable>
        </section>
      ) : null}
    </>
  );
}

/** A government's row, then its ministries' (indented). */
function OrganizationRows({
  government,
  ministries,
}: {
  government: OrganizationItem;
  ministries: OrganizationItem[];
}) {
  return (
    <>
      <Row o={government} withCode />
      {ministries.map((m) => (
        <Row key={m.id} o={m} ministryOf={government.shortName} withCode />
      ))}
    </>
  );
}
