// PUT /api/users/:id/disabled {disabled: boolean} (CTED administrators). See docs/api.md.
import { type ActionFunctionArgs, json } from "@remix-run/node";
import { z } from "zod";

import { setAccountDisabled } from "~/domain/accounts.server.ts";
import { apiHandler, readJson } from "~/http/errors.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireApiUser } from "~/http/session.server.ts";
import { t } from "~/i18n/i18n.server.ts";

const Input = z
  .object({
    disabled: z.boolean({
      required_error: "errors:input.required",
      invalid_type_error: "errors:input.trueOrFalse",
    }),
  })
  .strict();

export const loader = () =>
  json(
    { error: t("errors:api.use", { allow: "PUT" }), code: "method_not_allowed" },
    { status: 405, headers: { Allow: "PUT" } },
  );

export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "PUT")
      return json(
        { error: t("errors:api.methodNotAllowed"), code: "method_not_allowed" },
        { status: 405, headers: { Allow: "PUT" } },
      );
    const admin = await requireApiUser(request);
    const { disabled } = Input.parse(await readJson(request));
    return json({ user: await setAccountDisabled(admin, idParam(params, "User"), disabled) });
  });
}
