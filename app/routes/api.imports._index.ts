// POST /api/imports: a visit report (DOCX) or spreadsheet (CSV, JSON) as multipart/form-data
// (assessmentId, then file) -> the import's preview. See docs/api.md and docs/import.md.
import { type ActionFunctionArgs, json } from "@remix-run/node";

import { InvalidInputError } from "~/domain/errors.server.ts";
import { startImport } from "~/domain/imports.server.ts";
import { apiHandler, methodNotAllowed } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { readUpload } from "~/http/uploads.server.ts";

export async function action({ request }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    const user = await requireApiUser(request);
    const upload = await readUpload(request, (fields, file) => startImport(user, fields, file));
    if (!upload.file) throw new InvalidInputError({ file: "errors:input.reportRequiredLastPart" });
    return json(upload.result);
  });
}

export const loader = () =>
  apiHandler(async () => {
    throw methodNotAllowed("POST");
  });
