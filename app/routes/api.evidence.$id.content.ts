// GET /api/evidence/:id/content: the file, as an attachment; ?inline=1 shows a PDF or an image in
// the browser, sandboxed so that nothing in it runs as the app. See docs/api.md.
import { createReadableStreamFromReadable, json, type LoaderFunctionArgs } from "@remix-run/node";

import { evidenceContent } from "~/domain/evidence.server.ts";
import { contentDisposition } from "~/domain/evidence-files.server.ts";
import { apiHandler } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { t } from "~/i18n/i18n.server.ts";

/**
 * A previewed file is a document of its own: a unique origin (sandbox) that may run nothing and
 * fetch nothing but itself (an image) or the browser's PDF viewer. It replaces the app's policy
 * for this response (server/remix-handler.ts).
 */
export const PREVIEW_CSP =
  "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; plugin-types application/pdf";

export const action = () =>
  json(
    { error: t("errors:api.use", { allow: "GET" }), code: "method_not_allowed" },
    { status: 405, headers: { Allow: "GET" } },
  );

export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const user = await requireApiUser(request);
    const content = await evidenceContent(user, idParam(params, "Evidence"));
    const inline = content.previewable && new URL(request.url).searchParams.get("inline") === "1";
    const headers = new Headers({
      "Content-Type": content.contentType,
      "Content-Length": String(content.size),
      "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", content.fileName),
      "X-Content-Type-Options": "nosniff",
      // Not kept by shared caches, and never re-encoded (compression would drop Content-Length).
      "Cache-Control": "private, no-store, no-transform",
    });
    if (inline) headers.set("Content-Security-Policy", PREVIEW_CSP);
    return new Response(createReadableStreamFromReadable(content.stream), { status: 200, headers });
  });
}
