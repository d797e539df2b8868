// DELETE /api/evidence/:id. See docs/api.md.
import { type ActionFunctionArgs, json } from "@remix-run/node";

import { deleteEvidence } from "~/domain/evidence.server.ts";
import { apiHandler, methodNotAllowed } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export const loader = () => json({ error: "Use DELETE" }, { status: 405, headers: { Allow: "DELETE" } });

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "DELETE") throw methodNotAllowed("DELETE");
    const user = await requireApiUser(request);
    await deleteEvidence(user, idParam(params, "Evidence"));
    return new Response(null, { status: 204 });
  });
}
