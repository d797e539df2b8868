// "Follow-up report: Word | PDF" for one assessment. Without JavaScript, links that download the
// file. With it, buttons that fetch the file and save it, saying in a polite live region what is
// happening (a report of hundreds of recommendations takes a few seconds) and, when the server
// refuses, its sentence (PDF without Chromium on the server, say).
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";

import type { Translate } from "~/i18n/languages.ts";

const FORMATS = [
  { extension: "docx", label: "downloads.word" },
  { extension: "pdf", label: "downloads.pdf" },
] as const;

/** The file name the server gave (Content-Disposition's filename*, else filename). */
function fileNameOf(disposition: string | null): string | null {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? null;
}

/** What went wrong, as the server said it (its JSON error, in the page's language), or in general terms. */
async function failureOf(response: Response, t: Translate): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  if (typeof body?.error === "string") return /[.!?。؟]$/.test(body.error) ? body.error : `${body.error}.`;
  return t("downloads.failed", { status: response.status });
}

/** Saves what was fetched under its name, through a temporary object URL. */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the browser has started saving, not before.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ReportDownloads({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation("reports");
  const labelId = useId();
  const [enhanced, setEnhanced] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; error?: boolean }>({ text: "" });
  useEffect(() => setEnhanced(true), []);
  const href = (extension: string) =>
    `/api/assessments/${encodeURIComponent(assessmentId)}/report.${extension}`;

  async function download(extension: string) {
    if (busy) return;
    setBusy(true);
    setStatus({ text: t("downloads.preparing") });
    try {
      const response = await fetch(href(extension), { credentials: "same-origin" });
      if (!response.ok) {
        setStatus({ text: await failureOf(response, t), error: true });
        return;
      }
      const name = fileNameOf(response.headers.get("Content-Disposition")) ?? `follow-up.${extension}`;
      save(await response.blob(), name);
      setStatus({ text: t("downloads.downloaded", { name }) });
    } catch {
      setStatus({ text: t("downloads.offline"), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="downloads" role="group" aria-labelledby={labelId}>
      <span id={labelId}>{t("downloads.report")}</span>
      {FORMATS.map(({ extension, label }, i) => (
        <span key={extension}>
          {i > 0 ? (
            <span className="separator" aria-hidden="true">
              |{" "}
            </span>
          ) : null}
          {enhanced ? (
            <button
              type="button"
              className="download-button"
              aria-disabled={busy}
              onClick={() => void download(extension)}
            >
              {t(label)}
            </button>
          ) : (
            <a href={href(extension)} download>
              {t(label)}
            </a>
          )}
        </span>
      ))}
      <p role="status" className={`download-status${status.error ? " error" : ""}`}>
        {status.text}
      </p>
    </div>
  );
}
