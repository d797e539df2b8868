// GET /api/cases/:id/evidence; POST /api/cases/:id/evidence: a file (multipart/form-data: title,
// description?, taskId?, then file) or a link or reference (JSON). See docs/api.md.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";

import { InvalidInputError } from "~/domain/errors.server.ts";
import { addFileEvidence, addLinkOrReference, listEvidence } from "~/domain/evidence.server.ts";
import { apiHandler, methodNotAllowed, readJson, RequestRefusedError } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { isMultipart, readUpload } from "~/http/uploads.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const user = await requireApiUser(request);
    return json({ items: await listEvidence(user, idParam(params)) });
  });
}

const isJson = (request: Request) =>
  (request.headers.get("Content-Type") ?? "").toLowerCase().includes("application/json");

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") throw methodNotAllowed("GET, POST");
    const user = await requireApiUser(request);
    const caseId = idParam(params);
    if (isMultipart(request)) {
      const upload = await readUpload(request, (fields, file) => addFileEvidence(user, caseId, fields, file));
      if (!upload.file) throw new InvalidInputError({ file: "errors:input.fileRequiredLastPart" });
      return json({ evidence: upload.result }, { status: 201 });
    }
    if (!isJson(request)) {
      throw new RequestRefusedError(415, "errors:request.evidenceTypes");
    }
    return json(
      { evidence: await addLinkOrReference(user, caseId, await readJson(request)) },
      { status: 201 },
    );
  });
}
