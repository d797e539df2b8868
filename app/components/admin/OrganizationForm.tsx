// The organisation form, for creating and editing (CTED administrators). Without JavaScript too:
// every field is always there, each saying which kinds it is for. A field that cannot change (see
// app/domain/admin-organizations.server.ts) is shown fixed, with the reason.
import { Form, useNavigation } from "@remix-run/react";

import { describedBy, Field } from "~/components/Field.tsx";
import { ORGANIZATION_KIND_LABELS, ORGANIZATION_KINDS } from "~/domain/admin-input.ts";

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
  if (!failure) return null;
  return (
    <p className="notice error" role="alert">
      {Object.keys(failure.fields).length > 0 ? "Please correct the highlighted fields." : failure.message}
    </p>
  );
}

export function OrganizationForm({ values, governments, pinned = {}, fields = {}, submitLabel }: Props) {
  const busy = useNavigation().state === "submitting";
  const hint = {
    kind: pinned.kind ?? null,
    countryCode: pinned.countryCode ?? "Governments only: their State’s ISO 3166 alpha-3 code, such as TJK.",
    governmentId: pinned.governmentId ?? "Ministries and agencies only: the government they belong to.",
  };
  return (
    <Form method="post" className="card admin-form" noValidate>
      <Field name="kind" label="Kind" error={fields.kind} hint={hint.kind}>
        <select
          {...describedBy("kind", fields, hint.kind)}
          name="kind"
          defaultValue={values.kind ?? ""}
          required
          disabled={Boolean(pinned.kind)}
        >
          <option value="" disabled>
            Choose the kind
          </option>
          {ORGANIZATION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {ORGANIZATION_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </Field>
      {/* A disabled select is not submitted: keep the fixed value in the form. */}
      {pinned.kind ? <input type="hidden" name="kind" value={values.kind} /> : null}
      <Field name="name" label="Name" error={fields.name}>
        <input
          {...describedBy("name", fields)}
          name="name"
          defaultValue={values.name}
          required
          maxLength={200}
          autoComplete="off"
        />
      </Field>
      <Field name="shortName" label="Short name" error={fields.shortName}>
        <input
          {...describedBy("shortName", fields)}
          name="shortName"
          defaultValue={values.shortName}
          required
          maxLength={80}
          autoComplete="off"
        />
      </Field>
      <Field name="countryCode" label="Country code" error={fields.countryCode} hint={hint.countryCode}>
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
      <Field name="governmentId" label="Government" error={fields.governmentId} hint={hint.governmentId}>
        <select
          {...describedBy("governmentId", fields, hint.governmentId)}
          name="governmentId"
          defaultValue={values.governmentId ?? ""}
          disabled={Boolean(pinned.governmentId)}
        >
          <option value="">None (not a ministry)</option>
          {governments.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
              {g.countryCode ? ` (${g.countryCode})` : ""}
            </option>
          ))}
        </select>
      </Field>
      {pinned.governmentId ? (
        <input type="hidden" name="governmentId" value={values.governmentId ?? ""} />
      ) : null}
      <button className="button" type="submit" disabled={busy}>
        {busy ? "Saving…" : submitLabel}
      </button>
    </Form>
  );
}
