// A case's evidence items: what each is, who added it and when, its file's facts (size, type told
// from its bytes, SHA-256), a download, a preview for PDFs and images, and Delete while it may
// still be deleted. Deleting is a plain form (it works without JavaScript); with JavaScript its
// refusal shows beside the item.
import { useFetcher } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";

import { useFormat } from "~/i18n/format.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";

import { type EvidenceKind, formatSize, kindLabel, typeInWords } from "./evidence-format.ts";
import { EvidencePreview } from "./EvidencePreview.tsx";

export interface EvidenceItemData {
  id: string;
  kind: EvidenceKind;
  title: string;
  description: string | null;
  fileName: string | null;
  size: number | null;
  contentType: string | null;
  sha256: string | null;
  url: string | null;
  reference: string | null;
  taskId: string | null;
  addedBy: { id: string; name: string };
  addedAt: string;
  submitted: boolean;
  previewable: boolean;
  canDelete: boolean;
}

interface Props {
  caseId: string;
  items: EvidenceItemData[];
  /** Task titles by id, to say which task an item was added for. */
  taskTitles: Record<string, string>;
}

export function EvidenceList({ caseId, items, taskTitles }: Props) {
  return (
    <ul className="evidence-list">
      {items.map((item) => (
        <EvidenceItem key={item.id} caseId={caseId} item={item} taskTitle={taskTitles[item.taskId ?? ""]} />
      ))}
    </ul>
  );
}

function EvidenceItem({
  caseId,
  item,
  taskTitle,
}: {
  caseId: string;
  item: EvidenceItemData;
  taskTitle: string | undefined;
}) {
  const { t } = useTranslation("evidence");
  const format = useFormat();
  const fetcher = useFetcher<{ ok: false; message: string }>();
  const file = item.kind === "file";
  return (
    <li className="evidence-item" data-evidence={item.title}>
      <div className="evidence-head">
        <strong className="evidence-title">{item.title}</strong>
        <span className="badge kind">{kindLabel(item.kind, t)}</span>
        {item.submitted ? <span className="badge submitted">{t("list.submitted")}</span> : null}
      </div>
      {file ? (
        <p className="evidence-facts">
          <span className="file-name" translate="no">
            {item.fileName}
          </span>
          <span>{formatSize(item.size, t, format)}</span>
          <span>{typeInWords(item.contentType, t)}</span>
        </p>
      ) : null}
      {item.kind === "link" && item.url ? (
        <p className="evidence-link">
          <a href={item.url} rel="noreferrer noopener">
            {item.url}
          </a>
        </p>
      ) : null}
      {item.kind === "reference" && item.reference ? (
        <p className="evidence-reference">{item.reference}</p>
      ) : null}
      {item.description ? <p className="evidence-description">{item.description}</p> : null}
      <p className="muted evidence-meta">
        <Trans
          {...TRANS_WITH_DATA}
          t={t}
          i18nKey={taskTitle ? "list.addedForTask" : "list.added"}
          values={{ name: item.addedBy.name, time: format.time(item.addedAt), task: taskTitle }}
          components={{ time: <time dateTime={item.addedAt} /> }}
        />
      </p>
      {file ? (
        <div className="evidence-file-actions">
          <a className="button secondary" href={`/api/evidence/${item.id}/content`}>
            {t("list.download")}
            <span className="sr-only">{t("list.quoted", { name: item.fileName ?? item.title })}</span>
          </a>
          {item.sha256 ? (
            <details className="hash">
              <summary>
                SHA-256 <code title={item.sha256}>{item.sha256.slice(0, 12)}</code>
                <span className="sr-only"> {t("list.showHash")}</span>
              </summary>
              <code className="hash-full">{item.sha256}</code>
            </details>
          ) : null}
        </div>
      ) : null}
      {item.previewable ? (
        <EvidencePreview
          id={item.id}
          title={item.title}
          fileName={item.fileName}
          contentType={item.contentType}
        />
      ) : null}
      {item.canDelete ? (
        <fetcher.Form method="post" action={`/cases/${caseId}/evidence`} className="evidence-delete">
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="evidenceId" value={item.id} />
          <button className="button secondary" type="submit" disabled={fetcher.state !== "idle"}>
            {t("list.delete")}
            <span className="sr-only">{t("list.quoted", { name: item.title })}</span>
          </button>
        </fetcher.Form>
      ) : null}
      {fetcher.data && fetcher.data.ok === false ? (
        <p className="error" role="alert">
          {fetcher.data.message}
        </p>
      ) : null}
    </li>
  );
}
