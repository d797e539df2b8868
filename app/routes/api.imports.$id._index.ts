// GET /api/imports/:id: an import's preview, again (the rows, duplicates, proposed links). See docs/api.md.
import { json, type LoaderFunctionArgs } from "@remix-run/node";

import { importPreview } from "~/domain/imports.server.ts";
import { apiHandler } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const user = await requireApiUser(request);
    return json(await importPreview(user, idParam(params, "Import")));
  });
}
