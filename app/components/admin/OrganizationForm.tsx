// The organisation form, for creating and editing (CTED administrators). Without JavaScript too:
// every field is always there, each saying which kinds it is for. A field that cannot change (see
// app/domain/admin-organizations.server.ts) is shown fixed, with the reason.
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { describedBy, Field } from "~/components/Field.tsx";
import { ORGANIZATION_KINDS } from "~/domain/admin-input.ts";

export interface OrganizationValues {
  kind?: string;
  name?: string;
  shortName?: string;
  countryCode?: string | null;
  governmentId?: string | null;
}

/** Why a field cannot change, as a sentence; null or absent when it can. */
export interface PinnedFields {
  kind?: string | null;
  countryCode?: string | null;
  governmentId?: string | null;
}

interface Props {
  values: OrganizationValues;
  governments: { id: string; name: string; countryCode: string | null }[];
  pinned?: PinnedFields;
  fields?: Record<string, string>;
  submitLabel: string;
}

/**
 * What a refused form says above it: a problem with fields is told beside each of them (the domain's
 * message names the field for the API: "countryCode: ..."), anything else as it is.
 */
export function FailureNotice({
  failure,
}: {
  failure?: { message: string; fields: Record<string, string> };
}) {
  const { t } = useTranslation("admin");
  if (!failure) return null;
  return (
    <p className="notice error" role="alert">
      {Object.keys(failure.fields).length > 0 ? t("form.correctFields") : failure.message}
    </p>
  );
}

export function OrganizationForm({ values, governments, pinned = {}, fields = {}, submitLabel }: Props) {
  const { t } = useTranslation("admin");
  const busy = useNavigation().state === "submitting";
  const hint = {
    kind: pinned.kind ?? null,
    countryCode: pinned.countryCode ?? t("organizations.form.countryCodeHint"),
    governmentId: pinned.governmentId ?? t("organizations.form.governmentHint"),
  };
  return (
    <Form method="post" className="card admin-form" noValidate>
      <Field name="kind" label={t("organizations.form.kind")} error={fields.kind} hint={hint.kind}>
        <select
          {...describedBy("kind", fields, hint.kind)}
          name="kind"
          defaultValue={values.kind ?? ""}
          required
          disabled={Boolean(pinned.kind)}
        >
          <option value="" disabled>
            {t("organizations.form.chooseKind")}
          </option>
          {ORGANIZATION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`workflow:organizationKinds.${kind}`)}
            </option>
          ))}
        </select>
      </Field>
      {/* A disabled select is not submitted: keep the fixed value in the form. */}
      {pinned.kind ? <input type="hidden" name="kind" value={values.kind} /> : null}
      <Field name="name" label={t("organizations.form.name")} error={fields.name}>
        <input
          {...describedBy("name", fields)}
          name="name"
          defaultValue={values.name}
          required
          maxLength={200}
          autoComplete="off"
        />
      </Field>
      <Field name="shortName" label={t("organizations.form.shortName")} error={fields.shortName}>
        <input
          {...describedBy("shortName", fields)}
          name="shortName"
          defaultValue={values.shortName}
          required
          maxLength={80}
          autoComplete="off"
        />
      </Field>
      <Field
        name="countryCode"
        label={t("organizations.form.countryCode")}
        error={fields.countryCode}
        hint={hint.countryCode}
      >
        <input
          {...describedBy("countryCode", fields, hint.countryCode)}
          name="countryCode"
          className="code-input"
          defaultValue={values.countryCode ?? ""}
          maxLength={3}
          autoComplete="off"
          spellCheck={false}
          readOnly={Boolean(pinned.countryCode)}
        />
      </Field>
      <Field
        name="governmentId"
        label={t("organizations.form.government")}
        error={fields.governmentId}
        hint={hint.governmentId}
      >
        <select
          {...describedBy("governmentId", fields, hint.governmentId)}
          name="governmentId"
          defaultValue={values.governmentId ?? ""}
          disabled={Boolean(pinned.governmentId)}
        >
          <option value="">{t("organizations.form.noGovernment")}</option>
          {governments.map((g) => (
            <option key={g.id} value={g.id}>
              {g.countryCode
                ? t("organizations.form.governmentChoice", { name: g.name, code: g.countryCode })
                : g.name}
            </option>
          ))}
        </select>
      </Field>
      {pinned.governmentId ? (
        <input type="hidden" name="governmentId" value={values.governmentId ?? ""} />
      ) : null}
      <button className="button" type="submit" disabled={busy}>
        {busy ? t("form.saving") : submitLabel}
      </button>
    </Form>
  );
}
