// The loader and action of a one-time link's page (routes/invite.$token.tsx, reset.$token.tsx):
// what the link is for, and setting the password, which signs the person in (or takes them to the
// code of their second factor, or to setting one up when their role must have one).
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";

import { linkInfo, setPasswordWithLink } from "~/domain/accounts.server.ts";

import { formAction, readForm } from "./forms.server.ts";
import { commitSessionCookie, pendingStepPath } from "./session.server.ts";

// A link's token is a secret in the address: the page must not leak it to other sites.
const NO_REFERRER = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" };

export async function accountLinkLoader(purpose: "invite" | "reset", { params }: LoaderFunctionArgs) {
  return json({ info: await linkInfo(purpose, params.token ?? "") }, { headers: NO_REFERRER });
}

export async function accountLinkAction(
  purpose: "invite" | "reset",
  { request, params }: ActionFunctionArgs,
) {
  return formAction(async () => {
    const form = await readForm(request);
    const { token, awaiting } = await setPasswordWithLink(purpose, params.token ?? "", form);
    return redirect(awaiting ? pendingStepPath(awaiting, "/dashboard") : "/dashboard", {
      headers: { "Set-Cookie": await commitSessionCookie(token) },
    });
  });
}
