import { type LoaderFunctionArgs, redirect } from "@remix-run/node";

import { currentUser } from "~/http/session.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return redirect((await currentUser(request)) ? "/dashboard" : "/login");
}
