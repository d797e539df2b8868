// POST /api/session {email, password}; DELETE /api/session. See docs/api.md.
import { type ActionFunctionArgs, json } from "@remix-run/node";
import { z } from "zod";

import { endSession, signIn } from "~/domain/auth.server.ts";
import { apiHandler, readJson } from "~/http/errors.server.ts";
import { clearSessionCookie, commitSessionCookie, sessionToken } from "~/http/session.server.ts";
import { text } from "~/lib/input-text.ts";

const Credentials = z.object({
  email: text().max(254, "must be at most 254 characters"),
  password: text().max(1024, "must be at most 1024 characters"),
});

export const loader = () =>
  json(
    { error: "Use POST to sign in or DELETE to sign out" },
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
      return json({ error: "Method not allowed" }, { status: 405, headers: { Allow: "POST, DELETE" } });
    const { email, password } = Credentials.parse(await readJson(request));
    const { user, token } = await signIn(email, password, String(context.clientIp ?? "unknown"));
    return json({ user }, { headers: { "Set-Cookie": await commitSessionCookie(token) } });
  });
}
