// `npm run admin:create -- --email someone@un.org --name "Their Name"`: on a fresh installation
// (or to recover access), an administrator's account and a one-time link, printed here, to set its
// password. Applies pending migrations first; never seeds demo data. On the embedded database,
// run it while the app is stopped (one process per data folder).
import { parseArgs } from "node:util";

import { env } from "~/config/env.server.ts";
import { closeDatabase } from "~/db/client.server.ts";
import { prepareDatabase } from "~/db/prepare.server.ts";
import { createAdministrator, LINK_TTL_MS } from "~/domain/accounts.server.ts";
import { DomainError } from "~/domain/errors.server.ts";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });

try {
  await prepareDatabase({ seed: false });
  const { link } = await createAdministrator({ email: values.email, name: values.name }, env().APP_URL);
  console.log(
    `Administrator created. Open this link to choose the password (it works once, within ${LINK_TTL_MS.invite / 86_400_000} days):\n${link}`,
  );
} catch (error) {
  if (!(error instanceof DomainError) && (error as { name?: string }).name !== "ZodError") throw error;
  const fields = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues;
  console.error(
    fields
      ? fields.map((i) => `--${i.path.join(".")} ${i.message}`).join("\n")
      : (error as Error).message.replace(/^email: /, "--email "),
  );
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
