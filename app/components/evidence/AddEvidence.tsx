// The forms that add evidence to a case: a file (with a title and a description), a link, or an
// official reference. Posted to /cases/:id/evidence (app/routes/cases.$id.evidence.tsx), which goes
// back to the case page. With JavaScript each form is a fetcher, and a refusal (a file too large,
// of a type not accepted, a missing title) shows beside the form that was sent; without, the page
// comes back with the refusal's sentence (`error`). A file's size is checked here first, so that a
// file the server would refuse is not sent at all.
import { useFetcher } from "@remix-run/react";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import { useFormat } from "~/i18n/format.ts";
import type { Translate } from "~/i18n/languages.ts";

import { ACCEPT_FILES, formatSize } from "./evidence-format.ts";

export interface EvidenceFormSettings {
  /** A partner's evidence goes with one of its organisation's tasks; others may choose one. */
  taskRequired: boolean;
  tasks: { id: string; title: string }[];
  maxBytes: number;
}

type Failure = { ok: false; message: string; fields?: Record<string, string> };

// The fields a refusal may name: evidence:fields.<name> ("The title").
const FIELD_NAMES = new Set([
  "title",
  "description",
  "taskId",
  "file",
  "url",
  "text",
  "kind",
  "body",
  "form",
]);

/** A field's problem as a sentence: "The file" and "is empty" → "The file is empty." */
function fieldSentence(name: string, problem: string, t: Translate): string {
  const field = FIELD_NAMES.has(name) ? t(`evidence:fields.${name}`) : name;
  const text = t("evidence:refusal.field", { field, problem });
  return /[.!?。؟]$/.test(text) ? text : t("evidence:refusal.sentence", { text });
}

/**
 * A refusal as a sentence: the server says a field's problem as "<field>: <problem>" ("file: is
 * empty", the problem in the reader's language), read here as "The file is empty."; other
 * refusals are sentences already.
 */
export function refusalSentence(message: string, t: Translate): string {
  const field = /^(\w+): (.+)$/s.exec(message);
  if (!field || !FIELD_NAMES.has(field[1]!)) return message;
  return fieldSentence(field[1]!, field[2]!, t);
}

interface Props {
  caseId: string;
  settings: EvidenceFormSettings;
  /** A refusal's sentence brought back to the page without JavaScript (?evidenceError=). */
  error: string | null;
}

export function AddEvidence({ caseId, settings, error }: Props) {
  const { t } = useTranslation("evidence");
  const format = useFormat();
  const maxMb = formatSize(settings.maxBytes, t, format);
  return (
    <div className="add-evidence">
      <h3>{t("add.heading")}</h3>
      <p className="muted">{t("add.intro")}</p>
      {error ? (
        <p className="notice error" role="alert">
          {refusalSentence(error, t)}
        </p>
      ) : null}
      <details className="add-evidence-kind" open>
        <summary>{t("add.file.summary")}</summary>
        <FileForm caseId={caseId} settings={settings} maxMb={maxMb} />
      </details>
      <details className="add-evidence-kind">
        <summary>{t("add.link.summary")}</summary>
        <NoteForm caseId={caseId} settings={settings} kind="link" />
      </details>
      <details className="add-evidence-kind">
        <summary>{t("add.reference.summary")}</summary>
        <NoteForm caseId={caseId} settings={settings} kind="reference" />
      </details>
    </div>
  );
}

/** The refusal of the last sending of a form, with a sentence per field. */
function Refusal({ failure, prefix }: { failure: Failure | null; prefix: string }) {
  const { t } = useTranslation("evidence");
  if (!failure) return null;
  const fields = Object.entries(failure.fields ?? {});
  return (
    <div className="notice error" role="alert" id={`${prefix}-refusal`}>
      <p>{refusalSentence(failure.message, t)}</p>
      {fields.length > 0 ? (
        <ul>
          {fields.map(([name, message]) => (
            <li key={name}>{fieldSentence(name, message, t)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function useEvidenceFetcher() {
  const fetcher = useFetcher<Failure>();
  const failure = fetcher.state === "idle" && fetcher.data && fetcher.data.ok === false ? fetcher.data : null;
  return { fetcher, failure, busy: fetcher.state !== "idle" };
}

function CommonFields({
  prefix,
  settings,
  failure,
}: {
  prefix: string;
  settings: EvidenceFormSettings;
  failure: Failure | null;
}) {
  const { t } = useTranslation("evidence");
  const invalid = (name: string) => (failure?.fields?.[name] ? true : undefined);
  return (
    <>
      <Field id={`${prefix}-title`} label={t("add.title")}>
        <input
          id={`${prefix}-title`}
          name="title"
          required
          maxLength={200}
          aria-invalid={invalid("title")}
          aria-describedby={invalid("title") ? `${prefix}-refusal` : undefined}
        />
      </Field>
      <Field id={`${prefix}-description`} label={t("add.description")}>
        <textarea id={`${prefix}-description`} name="description" rows={2} maxLength={2000} />
      </Field>
      {settings.tasks.length > 0 ? (
        <Field
          id={`${prefix}-task`}
          label={settings.taskRequired ? t("add.task.required") : t("add.task.optional")}
        >
          <select
            id={`${prefix}-task`}
            name="taskId"
            required={settings.taskRequired}
            defaultValue={settings.taskRequired && settings.tasks.length === 1 ? settings.tasks[0]!.id : ""}
            aria-invalid={invalid("taskId")}
          >
            <option value="" disabled={settings.taskRequired}>
              {settings.taskRequired ? t("add.task.choose") : t("add.task.wholeCase")}
            </option>
            {settings.tasks.map((task) => (
              <option key={task.id} value={task.id}>
                {task.title}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
    </>
  );
}

function Field({
  id,
  label,
  hint,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
    </div>
  );
}

function FileForm({
  caseId,
  settings,
  maxMb,
}: {
  caseId: string;
  settings: EvidenceFormSettings;
  maxMb: string;
}) {
  const { t } = useTranslation("evidence");
  const format = useFormat();
  const { fetcher, failure, busy } = useEvidenceFetcher();
  // A file refused before it is sent: too large, or empty.
  const [refusedHere, setRefusedHere] = useState<string | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const file = (event.currentTarget.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    if (file && file.size === 0) {
      event.preventDefault();
      setRefusedHere(t("add.file.empty", { name: file.name }));
      return;
    }
    if (file && file.size > settings.maxBytes) {
      event.preventDefault();
      setRefusedHere(
        t("add.file.tooLarge", { name: file.name, size: formatSize(file.size, t, format), max: maxMb }),
      );
      return;
    }
    setRefusedHere(null);
  };
  const shown: Failure | null = refusedHere ? { ok: false, message: refusedHere } : failure;
  return (
    <fetcher.Form
      method="post"
      action={`/cases/${caseId}/evidence`}
      encType="multipart/form-data"
      className="evidence-form"
      onSubmit={onSubmit}
    >
      <CommonFields prefix="evidence-file" settings={settings} failure={shown} />
      {/* Last in the form: the server reads the fields before the file's bytes. */}
      <Field id="evidence-file-input" label={t("add.file.label")} hint={t("add.file.hint", { max: maxMb })}>
        <input
          id="evidence-file-input"
          name="file"
          type="file"
          required
          accept={ACCEPT_FILES}
          aria-describedby={
            shown ? "evidence-file-input-hint evidence-file-refusal" : "evidence-file-input-hint"
          }
          aria-invalid={shown?.fields?.file || refusedHere ? true : undefined}
          onChange={() => setRefusedHere(null)}
        />
      </Field>
      <Refusal failure={shown} prefix="evidence-file" />
      <button className="button" type="submit" disabled={busy}>
        {busy ? t("add.file.adding") : t("add.file.submit")}
      </button>
    </fetcher.Form>
  );
}

function NoteForm({
  caseId,
  settings,
  kind,
}: {
  caseId: string;
  settings: EvidenceFormSettings;
  kind: "link" | "reference";
}) {
  const { t } = useTranslation("evidence");
  const { fetcher, failure, busy } = useEvidenceFetcher();
  const prefix = `evidence-${kind}`;
  return (
    <fetcher.Form method="post" action={`/cases/${caseId}/evidence`} className="evidence-form">
      <input type="hidden" name="kind" value={kind} />
      <CommonFields prefix={prefix} settings={settings} failure={failure} />
      {kind === "link" ? (
        <Field id={`${prefix}-url`} label={t("add.link.label")} hint={t("add.link.hint")}>
          <input
            id={`${prefix}-url`}
            name="url"
            type="url"
            required
            maxLength={2000}
            placeholder="https://"
            aria-describedby={`${prefix}-url-hint`}
            aria-invalid={failure?.fields?.url ? true : undefined}
          />
        </Field>
      ) : (
        <Field id={`${prefix}-text`} label={t("add.reference.label")} hint={t("add.reference.hint")}>
          <textarea
            id={`${prefix}-text`}
            name="text"
            required
            rows={2}
            maxLength={1000}
            aria-describedby={`${prefix}-text-hint`}
            aria-invalid={failure?.fields?.text ? true : undefined}
          />
        </Field>
      )}
      <Refusal failure={failure} prefix={prefix} />
      <button className="button" type="submit" disabled={busy}>
        {kind === "link" ? t("add.link.submit") : t("add.reference.submit")}
      </button>
    </fetcher.Form>
  );
}
