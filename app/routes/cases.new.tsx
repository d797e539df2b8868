import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { may } from "~/access/capabilities.ts";
import { CaseForm } from "~/components/CaseForm.tsx";
import { CaseFields } from "~/domain/case-input.ts";
import { caseFormOptions, createCase, reportAdoptions } from "~/domain/cases.server.ts";
import { formAction, readForm } from "~/http/forms.server.ts";
import { requireUser } from "~/http/session.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";

export const handle: TitleHandle = { title: () => ({ key: "cases:new.title" }) };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!may(user, "editCases")) throw new Response("Not found", { status: 404 });
  const options = await caseFormOptions(user);
  return json({
    options,
    reportAdoptions: await reportAdoptions(options.assessments.map((a) => a.id)),
    userId: user.id,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return formAction(async () => {
    const created = await createCase(user, CaseFields.parse(await readForm(request)));
    return redirect(`/cases/${created.id}`);
  });
}

export default function NewCase() {
  const { options, reportAdoptions, userId } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("cases");
  return (
    <>
      <h1>{t("new.title")}</h1>
      {failure ? (
        <p className="notice error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <CaseForm
        // No visit chosen for the user: they choose it (the form refuses none).
        values={{ ownerId: userId }}
        areas={options.areas}
        owners={options.owners}
        assessments={options.assessments}
        reportAdoptions={reportAdoptions}
        fields={failure?.fields}
        submitLabel={t("new.submit")}
      />
    </>
  );
}
