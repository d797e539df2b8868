// GET /api/admin/users: every account; POST {email, name, role, organizationId}: an invitation
// -> 201 {userId, link, expiresAt, emailed}. CTED administrators only. See docs/api.md.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";

import { env } from "~/config/env.server.ts";
import { mailSettings } from "~/domain/account-mail.server.ts";
import { accountsOverview, inviteAccount } from "~/domain/accounts.server.ts";
import { apiHandler, methodNotAllowed, readJson } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const { accounts } = await accountsOverview(await requireApiUser(request));
    return json({ items: accounts });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") throw methodNotAllowed("GET, POST");
    const admin = await requireApiUser(request);
    return json(await inviteAccount(admin, await readJson(request), mailSettings(), env().APP_URL), {
      status: 201,
    });
  });
}
