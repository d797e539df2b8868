// POST /api/imports/:id/confirm {rows?, links?, ownerId?} -> 201 {created, skipped}. See docs/api.md.
import { type ActionFunctionArgs, json } from "@remix-run/node";

import { confirmImport } from "~/domain/imports.server.ts";
import { apiHandler, methodNotAllowed, readJson } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    const user = await requireApiUser(request);
    return json(await confirmImport(user, idParam(params, "Import"), await readJson(request)), {
      status: 201,
    });
  });
}

export const loader = () =>
  apiHandler(async () => {
    throw methodNotAllowed("POST");
  });
