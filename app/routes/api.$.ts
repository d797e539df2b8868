// Any /api/ address no route answers: the API's JSON 404 rather than the pages' not-found page.
import { json } from "@remix-run/node";

import { t } from "~/i18n/i18n.server.ts";

const notFound = () => json({ error: t("errors:api.noSuchAddress"), code: "not_found" }, { status: 404 });

export const loader = notFound;
export const action = notFound;
