// /invite/:token: an invitation's link: the person sets their first password (app/http/account-link-route.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { SetPasswordPage } from "~/components/accounts/SetPasswordPage.tsx";
import { accountLinkAction, accountLinkLoader } from "~/http/account-link-route.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";

export const handle: TitleHandle = { title: () => ({ key: "auth:setPassword.inviteTitle" }) };

export const loader = (args: LoaderFunctionArgs) => accountLinkLoader("invite", args);
export const action = (args: ActionFunctionArgs) => accountLinkAction("invite", args);

export default function Page() {
  const { info } = useLoaderData<typeof loader>();
  return <SetPasswordPage purpose="invite" info={info} failure={useActionData<typeof action>()} />;
}
