// "Follow-up report: Word | PDF" for one assessment. Without JavaScript, links that download the
// file. With it, buttons that fetch the file and save it, saying in a polite live region what is
// happening (a report of hundreds of recommendations takes a few seconds) and, when the server
// refuses, its sentence (PDF without Chromium on the server, say).
import { useEffect, useId, useState } from "react";

const FORMATS = [
  { extension: "docx", label: "Word" },
  { extension: "pdf", label: "PDF" },
] as const;

/** The file name the server gave (Content-Disposition's filename*, else filename). */
function fileNameOf(disposition: string | null): string | null {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? null;
}

/** What went wrong, as the server said it (its JSON error), or in general terms. */
async function failureOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  if (typeof body?.error === "string") return body.error.endsWith(".") ? body.error : `${body.error}.`;
  return `The report could not be prepared (error ${response.status}); try again later.`;
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
    setStatus({ text: "Preparing the report…" });
    try {
      const response = await fetch(href(extension), { credentials: "same-origin" });
      if (!response.ok) {
        setStatus({ text: await failureOf(response), error: true });
        return;
      }
      const name = fileNameOf(response.headers.get("Content-Disposition")) ?? `follow-up.${extension}`;
      save(await response.blob(), name);
      setStatus({ text: `Downloaded ${name}` });
    } catch {
      setStatus({
        text: "The report could not be downloaded; check the connection and try again.",
        error: true,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="downloads" role="group" aria-labelledby={labelId}>
      <span id={labelId}>Follow-up report:</span>
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
              {label}
            </button>
          ) : (
            <a href={href(extension)} download>
              {label}
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
