// /reset/:token: a password reset link: the person sets a new password (app/http/account-link-route.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { SetPasswordPage } from "~/components/accounts/SetPasswordPage.tsx";
import { accountLinkAction, accountLinkLoader } from "~/http/account-link-route.server.ts";

export const meta: MetaFunction = () => [{ title: "New password · Follow-up" }];

export const loader = (args: LoaderFunctionArgs) => accountLinkLoader("reset", args);
export const action = (args: ActionFunctionArgs) => accountLinkAction("reset", args);

export default function Page() {
  const { info } = useLoaderData<typeof loader>();
  return <SetPasswordPage purpose="reset" info={info} failure={useActionData<typeof action>()} />;
}
