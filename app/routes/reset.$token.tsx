// /reset/:token: a password reset link: the person sets a new password (app/http/account-link-route.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { SetPasswordPage } from "~/components/accounts/SetPasswordPage.tsx";
import { accountLinkAction, accountLinkLoader } from "~/http/account-link-route.server.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";

export const handle: TitleHandle = { title: () => ({ key: "auth:setPassword.resetTitle" }) };

export const loader = (args: LoaderFunctionArgs) => accountLinkLoader("reset", args);
export const action = (args: ActionFunctionArgs) => accountLinkAction("reset", args);

export default function Page() {
  const { info } = useLoaderData<typeof loader>();
  return <SetPasswordPage purpose="reset" info={info} failure={useActionData<typeof action>()} />;
}
