// `npm run admin:create -- --email someone@un.org --name "Their Name"`: on a fresh installation
// (or to recover access), an administrator's account and a one-time link, printed here, to set its
// password. Applies pending migrations first; never seeds demo data. On the embedded database,
// run it while the app is stopped (one process per data folder).
import { parseArgs } from "node:util";

import type { ZodError } from "zod";

import { env } from "~/config/env.server.ts";
import { closeDatabase } from "~/db/client.server.ts";
import { prepareDatabase } from "~/db/prepare.server.ts";
import { createAdministrator, LINK_TTL_MS } from "~/domain/accounts.server.ts";
import { DomainError, InvalidInputError } from "~/domain/errors.server.ts";
import { fieldsFromZod } from "~/http/errors.server.ts";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });

try {
  await prepareDatabase({ seed: false });
  const { link } = await createAdministrator({ email: values.email, name: values.name }, env().APP_URL);
  console.log(
    `Administrator created. Open this link to choose the password (it works once, within ${LINK_TTL_MS.invite / 86_400_000} days):\n${link}`,
  );
} catch (error) {
  if (!(error instanceof DomainError) && (error as { name?: string }).name !== "ZodError") throw error;
  // Each refused option with its message, in English (a script has no request, hence no language).
  const fields =
    error instanceof InvalidInputError
      ? error.fields
      : error instanceof DomainError
        ? null
        : fieldsFromZod(error as ZodError);
  console.error(
    fields
      ? Object.entries(fields)
          .map(([name, message]) => `--${name} ${message}`)
          .join("\n")
      : (error as Error).message,
  );
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
