// The forms that add evidence to a case: a file (with a title and a description), a link, or an
// official reference. Posted to /cases/:id/evidence (app/routes/cases.$id.evidence.tsx), which goes
// back to the case page. With JavaScript each form is a fetcher, and a refusal (a file too large,
// of a type not accepted, a missing title) shows beside the form that was sent; without, the page
// comes back with the refusal's sentence (`error`). A file's size is checked here first, so that a
// file the server would refuse is not sent at all.
import { useFetcher } from "@remix-run/react";
import { type FormEvent, type ReactNode, useState } from "react";

import { ACCEPT_FILES, formatSize } from "./evidence-format.ts";

export interface EvidenceFormSettings {
  /** A partner's evidence goes with one of its organisation's tasks; others may choose one. */
  taskRequired: boolean;
  tasks: { id: string; title: string }[];
  maxBytes: number;
}

type Failure = { ok: false; message: string; fields?: Record<string, string> };

const FIELD_NAMES: Record<string, string> = {
  title: "The title",
  description: "The description",
  taskId: "The task",
  file: "The file",
  url: "The address",
  text: "The reference",
  kind: "The kind of evidence",
  body: "The form",
  form: "The form",
};

/**
 * A refusal as a sentence: the server says a field's problem as "<field>: <problem>" ("file: is
 * empty"), read here as "The file is empty."; other refusals are sentences already.
 */
export function refusalSentence(message: string): string {
  const field = /^(\w+): (.+)$/.exec(message);
  if (!field || !FIELD_NAMES[field[1]!]) return message;
  const text = `${FIELD_NAMES[field[1]!]} ${field[2]}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

interface Props {
  caseId: string;
  settings: EvidenceFormSettings;
  /** A refusal's sentence brought back to the page without JavaScript (?evidenceError=). */
  error: string | null;
}

export function AddEvidence({ caseId, settings, error }: Props) {
  const maxMb = formatSize(settings.maxBytes);
  return (
    <div className="add-evidence">
      <h3>Add evidence</h3>
      <p className="muted">
        Evidence shows CTED what was done: a document, a web page or an official reference (a law, a decree,
        an order). It goes to CTED with the next submission and can be deleted until then.
      </p>
      {error ? (
        <p className="notice error" role="alert">
          {refusalSentence(error)}
        </p>
      ) : null}
      <details className="add-evidence-kind" open>
        <summary>Add a file</summary>
        <FileForm caseId={caseId} settings={settings} maxMb={maxMb} />
      </details>
      <details className="add-evidence-kind">
        <summary>Add a link</summary>
        <NoteForm caseId={caseId} settings={settings} kind="link" />
      </details>
      <details className="add-evidence-kind">
        <summary>Add an official reference</summary>
        <NoteForm caseId={caseId} settings={settings} kind="reference" />
      </details>
    </div>
  );
}

/** The refusal of the last sending of a form, with a sentence per field. */
function Refusal({ failure, prefix }: { failure: Failure | null; prefix: string }) {
  if (!failure) return null;
  const fields = Object.entries(failure.fields ?? {});
  return (
    <div className="notice error" role="alert" id={`${prefix}-refusal`}>
      <p>{refusalSentence(failure.message)}</p>
      {fields.length > 0 ? (
        <ul>
          {fields.map(([name, message]) => (
            <li key={name}>
              {FIELD_NAMES[name] ?? name} {message}.
            </li>
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
  const invalid = (name: string) => (failure?.fields?.[name] ? true : undefined);
  return (
    <>
      <Field id={`${prefix}-title`} label="Title">
        <input
          id={`${prefix}-title`}
          name="title"
          required
          maxLength={200}
          aria-invalid={invalid("title")}
          aria-describedby={invalid("title") ? `${prefix}-refusal` : undefined}
        />
      </Field>
      <Field id={`${prefix}-description`} label="Description (optional)">
        <textarea id={`${prefix}-description`} name="description" rows={2} maxLength={2000} />
      </Field>
      {settings.tasks.length > 0 ? (
        <Field id={`${prefix}-task`} label={settings.taskRequired ? "For the task" : "For a task (optional)"}>
          <select
            id={`${prefix}-task`}
            name="taskId"
            required={settings.taskRequired}
            defaultValue={settings.taskRequired && settings.tasks.length === 1 ? settings.tasks[0]!.id : ""}
            aria-invalid={invalid("taskId")}
          >
            <option value="" disabled={settings.taskRequired}>
              {settings.taskRequired ? "Choose one of your tasks" : "The case as a whole"}
            </option>
            {settings.tasks.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
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
  const { fetcher, failure, busy } = useEvidenceFetcher();
  // A file refused before it is sent: too large, or empty.
  const [refusedHere, setRefusedHere] = useState<string | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const file = (event.currentTarget.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    if (file && file.size === 0) {
      event.preventDefault();
      setRefusedHere(`“${file.name}” is empty. Choose the file again, or another one.`);
      return;
    }
    if (file && file.size > settings.maxBytes) {
      event.preventDefault();
      setRefusedHere(
        `“${file.name}” is ${formatSize(file.size)}, larger than ${maxMb}, the largest file accepted. Send a smaller file: split the document, or save it with smaller images.`,
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
      <Field
        id="evidence-file-input"
        label="File"
        hint={`Up to ${maxMb}: PDF, Word, Excel, PowerPoint, OpenDocument, an image (PNG, JPEG, GIF, WebP) or text.`}
      >
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
        {busy ? "Adding the file…" : "Add file"}
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
  const { fetcher, failure, busy } = useEvidenceFetcher();
  const prefix = `evidence-${kind}`;
  return (
    <fetcher.Form method="post" action={`/cases/${caseId}/evidence`} className="evidence-form">
      <input type="hidden" name="kind" value={kind} />
      <CommonFields prefix={prefix} settings={settings} failure={failure} />
      {kind === "link" ? (
        <Field
          id={`${prefix}-url`}
          label="Address"
          hint="A web page that shows what was done, starting with https://"
        >
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
        <Field
          id={`${prefix}-text`}
          label="Reference"
          hint="As it is cited officially, e.g. “Order No. 45 of the Ministry of Internal Affairs, 3 May 2024”"
        >
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
        {kind === "link" ? "Add link" : "Add reference"}
      </button>
    </fetcher.Form>
  );
}
