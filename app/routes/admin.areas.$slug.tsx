// A thematic area (CTED administrators; 404 for anyone else): its label, code and place, and
// retiring it or taking it back into use. Its code, once a case's reference carries it, is shown
// fixed, with the reason.
import {
  type ActionFunctionArgs,
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";

import { AreaForm, type AreaValues, RetireAreaForm } from "~/components/admin/AreaForm.tsx";
import { FailureNotice } from "~/components/admin/OrganizationForm.tsx";
import { AreaChange, areaFromForm } from "~/domain/admin-input.ts";
import { getAdminArea, updateArea } from "~/domain/thematic-areas.server.ts";
import { formActionKeepingValues, orNotFound } from "~/http/forms.server.ts";
import { requireAdministrator } from "~/http/session.server.ts";
import { t as translate } from "~/i18n/i18n.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";
import { areaLabel } from "~/lib/areas.ts";
import adminStyles from "~/styles/admin.css";

export const handle: TitleHandle<typeof loader> = {
  title: (data) =>
    data
      ? { key: "admin:areas.edit.title", values: { label: data.label } }
      : { key: "common:errorPage.notFound" },
};
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  const found = await orNotFound(getAdminArea(admin, params.slug ?? ""));
  // One of the nine areas as the migration named it reads in the person's language.
  return json({ ...found, label: areaLabel([found.area], found.area.slug, translate) });
}

/** The list's ?<key>= after each intent, for its notice. */
const DONE = { save: "saved", retire: "retired", restore: "restored" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  const slug = params.slug ?? "";
  return formActionKeepingValues(
    request,
    async (form) => {
      const intent = form.intent === "retire" || form.intent === "restore" ? form.intent : "save";
      const change =
        intent === "save" ? AreaChange.parse(areaFromForm(form)) : { retired: intent === "retire" };
      await updateArea(admin, slug, change);
      throw redirect(`/admin/areas?${DONE[intent]}=${slug}`);
    },
    (form): AreaValues | null =>
      form.intent === "save" ? { label: form.label, code: form.code, position: form.position } : null,
    () => getAdminArea(admin, slug),
  );
}

export default function EditArea() {
  const { area, places, pinned, label } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  const failure = useActionData<typeof action>();
  const values = failure?.values ? { ...area, ...failure.values } : area;
  // A refused retirement is told beside its button; the form's fields beside each.
  const { retired: retiredError, ...fields } = failure?.fields ?? {};
  return (
    <>
      <p>
        <Link to="/admin/areas">{t("areas.back")}</Link>
      </p>
      <h1>
        {label}
        {area.retired ? (
          <>
            {" "}
            <span className="badge retired">{t("areas.retiredBadge")}</span>
          </>
        ) : null}
      </h1>
      <p className="muted">
        <Trans
          {...TRANS_WITH_DATA}
          t={t}
          i18nKey="areas.edit.summary"
          count={area.cases}
          values={{ code: area.code, slug: area.slug }}
          components={{ code: <code translate="no" /> }}
        />
      </p>
      <FailureNotice failure={failure && !retiredError ? { ...failure, fields } : undefined} />
      <AreaForm
        key={area.slug}
        values={values}
        places={places}
        codePinned={pinned.code}
        fields={fields}
        submitLabel={t("form.saveChanges")}
      />
      <RetireAreaForm
        label={label}
        retired={area.retired}
        retiredAt={area.retiredAt}
        cases={area.cases}
        error={retiredError}
      />
    </>
  );
}
