// PUT /api/users/:id/disabled {disabled: boolean} (CTED administrators). See docs/api.md.
import { type ActionFunctionArgs, json } from "@remix-run/node";
import { z } from "zod";

import { setAccountDisabled } from "~/domain/accounts.server.ts";
import { apiHandler, readJson } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

const Input = z
  .object({
    disabled: z.boolean({ required_error: "is required", invalid_type_error: "must be true or false" }),
  })
  .strict();

export const loader = () => json({ error: "Use PUT" }, { status: 405, headers: { Allow: "PUT" } });

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "PUT")
      return json({ error: "Method not allowed" }, { status: 405, headers: { Allow: "PUT" } });
    const admin = await requireApiUser(request);
    const { disabled } = Input.parse(await readJson(request));
    return json({ user: await setAccountDisabled(admin, idParam(params, "User"), disabled) });
  });
}
