// The language menu's target: remembers the choice (a cookie for anyone; the account's setting
// for someone signed in, so e-mails and other devices follow) and goes back to the page.
import { type ActionFunctionArgs, redirect } from "@remix-run/node";

import { InvalidInputError } from "~/domain/errors.server.ts";
import { savePreferences } from "~/domain/own-account.server.ts";
import { formAction, readForm } from "~/http/forms.server.ts";
import { currentUser } from "~/http/session.server.ts";
import { isSupportedLanguage, languageCookie } from "~/i18n/detect.server.ts";
import { safeRedirectPath } from "~/lib/safe-redirect.ts";

export const loader = () => redirect("/");

export async function action({ request }: ActionFunctionArgs) {
  return formAction(async () => {
    const form = await readForm(request);
    const language = form.language;
    if (!isSupportedLanguage(language))
      throw new InvalidInputError({ language: "account:errors.unknownLanguage" });
    const user = await currentUser(request);
    if (user) await savePreferences(user, { language });
    return redirect(safeRedirectPath(form.redirectTo, "/"), {
      headers: { "Set-Cookie": await languageCookie().serialize(language) },
    });
  });
}
