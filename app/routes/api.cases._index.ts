// GET /api/cases: the cases this user may see, filtered, sorted and paginated. See docs/api.md.
import { json, type LoaderFunctionArgs } from "@remix-run/node";

import { parseListQuery } from "~/domain/case-input.ts";
import { listCases } from "~/domain/cases.server.ts";
import { apiHandler } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const user = await requireApiUser(request);
    const { items, ...page } = await listCases(user, parseListQuery(new URL(request.url).searchParams));
    return json({ items: items.map(({ updatedAt: _u, ...item }) => item), ...page });
  });
}
