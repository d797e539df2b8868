// A PDF or an image shown in place, from its content address with ?inline=1. That response carries
// a Content-Security-Policy of its own (app/routes/api.evidence.$id.content.ts): `sandbox`, and no
// script or fetch, so nothing in the file runs as the app. An image cannot run anything in an
// <img> anyway; for a PDF, see below.
import { useTranslation } from "react-i18next";

import { isImage } from "./evidence-format.ts";

export function EvidencePreview({
  id,
  title,
  fileName,
  contentType,
}: {
  id: string;
  title: string;
  fileName: string | null;
  contentType: string | null;
}) {
  const { t } = useTranslation("evidence");
  const src = `/api/evidence/${id}/content?inline=1`;
  if (isImage(contentType)) {
    return (
      <figure className="evidence-preview image">
        <img src={src} alt={t("preview.image", { title })} loading="lazy" />
      </figure>
    );
  }
  return (
    <figure className="evidence-preview pdf">
      {/* No sandbox attribute: Chromium (156) refuses to draw a PDF in a frame that has one, whatever
          it allows ("This page has been blocked"), even allow-scripts allow-same-origin; and it
          leaves the `sandbox` of the response's own policy aside for a PDF: the frame's document
          is Chromium's viewer (checked in tests/e2e/security-headers.test.ts). So this is the
          strictest frame that shows a PDF: the file is sent as application/pdf with nosniff and a
          policy that allows no script (so it is never read as a page of the app), drawn by the
          browser's viewer, out of the page's reach; a browser that honours that sandbox for a PDF
          gives it a unique origin as well. The server lets only these previews be framed,
          and only by the app's pages (server/security-headers.ts). */}
      <iframe
        // The viewer's own settings (no side panel, the page's width): the server never sees them.
        src={`${src}#navpanes=0&view=FitH`}
        title={t("preview.pdf", { title, fileName: fileName ?? "PDF" })}
        loading="lazy"
        referrerPolicy="no-referrer"
      />
    </figure>
  );
}
