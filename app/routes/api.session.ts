// POST /api/session {email, password, code?}; DELETE /api/session. See docs/api.md.
// An account with a second factor sends its code with the password, in the same request: without
// it the answer is 401 with `next: "second_factor"` and no session opens. An account whose role
// must have a second factor and has none yet is told to set one up in the browser (403, `next:
// "enrolment"`).
import { type ActionFunctionArgs, json } from "@remix-run/node";
import { z } from "zod";

import { endSession, signIn } from "~/domain/auth.server.ts";
import { apiHandler, readJson } from "~/http/errors.server.ts";
import { clearSessionCookie, commitSessionCookie, sessionToken } from "~/http/session.server.ts";
import { t } from "~/i18n/i18n.server.ts";
import { text } from "~/lib/input-text.ts";

const Credentials = z.object({
  email: text().max(254),
  password: text().max(1024),
  code: text().max(100).optional(),
});

export const loader = () =>
  json(
    { error: t("errors:api.sessionMethods"), code: "method_not_allowed" },
    { status: 405, headers: { Allow: "POST, DELETE" } },
  );

export async function action({ request, context }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method === "DELETE") {
      const token = await sessionToken(request);
      if (token) await endSession(token);
      return new Response(null, { status: 204, headers: { "Set-Cookie": await clearSessionCookie() } });
    }
    if (request.method !== "POST")
      return json(
        { error: t("errors:api.methodNotAllowed"), code: "method_not_allowed" },
        { status: 405, headers: { Allow: "POST, DELETE" } },
      );
    const { email, password, code } = Credentials.parse(await readJson(request));
    const { user, token } = await signIn(email, password, String(context.clientIp ?? "unknown"), {
      api: true,
      // An empty code is no code.
      code: code || undefined,
    });
    return json({ user }, { headers: { "Set-Cookie": await commitSessionCookie(token) } });
  });
}
