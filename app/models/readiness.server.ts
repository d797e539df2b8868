// Whether the database can serve this process: it answers, and its schema is the one this build
// was made for. For the readiness probe (server/app.ts /readyz).
import { database } from "~/db/client.server.ts";
import { isSchemaCurrent } from "~/db/migrate.server.ts";

/** True when the database answers and every migration of this build is applied (false when it does not answer). */
export async function databaseSchemaCurrent(): Promise<boolean> {
  return isSchemaCurrent(database().sql);
}
