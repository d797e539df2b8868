import { type ActionFunctionArgs, redirect } from "@remix-run/node";

import { endSession } from "~/domain/auth.server.ts";
import { formAction, requirePost } from "~/http/forms.server.ts";
import { clearSessionCookie, sessionToken } from "~/http/session.server.ts";

// Signing out changes data, so it is a POST; a GET only sends people home.
export const loader = () => redirect("/");

export async function action({ request }: ActionFunctionArgs) {
  return formAction(async () => {
    requirePost(request);
    const token = await sessionToken(request);
    if (token) await endSession(token);
    return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie() } });
  });
}
