// GET /api/me/work: my open tasks and the cases waiting for my action, most urgent first. See docs/api.md.
import { json, type LoaderFunctionArgs } from "@remix-run/node";

import { myWork } from "~/domain/work.server.ts";
import { apiHandler } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => json(await myWork(await requireApiUser(request))));
}
