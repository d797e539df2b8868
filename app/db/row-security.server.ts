// Row-level security, beside the access module's filters: while a signed-in person's request is
// handled, every statement it sends runs as the non-superuser role follow_up_app with their scope
// as transaction-local settings, so a query that forgot the app's filter still returns nothing
// outside their scope (policies in migration 20261206400000_row_level_security). Statements
// outside a request (jobs, migrations, the seed, scripts) run as the tables' owner.
import { randomUUID } from "node:crypto";

import type { PrismaClient } from "~/generated/prisma/client.ts";
import { Prisma } from "~/generated/prisma/client.ts";
import { currentRequest, withRequest } from "~/lib/log.server.ts";

import type { Database, Query } from "./client.server.ts";
import type { RowScope } from "./row-scope.ts";

export const APP_ROLE = "follow_up_app";
/** The tables whose rows are restricted to the person's scope. */
export const SCOPED_TABLES = ["Case", "Task", "Evidence", "CaseEvent"] as const;

/** One statement that switches the transaction to the app role and sets the person's scope. */
export function scopeStatement(scope: RowScope): Prisma.Sql {
  return Prisma.sql`SELECT set_config('role', ${APP_ROLE}, true),
    set_config('follow_up.scope', ${scope.scope}, true),
    set_config('follow_up.country', ${scope.country}, true),
    set_config('follow_up.organization', ${scope.organization}, true),
    set_config('follow_up.task_states', ${scope.taskStates.join(",")}, true)`;
}

/** The scope of the request being handled, if a signed-in person sent it. */
export const requestRowScope = (): RowScope | undefined => currentRequest()?.rowScope;

/** From here on in the request being handled, statements run in this person's scope. */
export function scopeRequestTo(scope: RowScope): void {
  const request = currentRequest();
  if (request) request.rowScope = scope;
}

/** Runs fn with its statements in this scope: for work outside an HTTP request (a socket's message). */
export function withRowScope<T>(scope: RowScope, fn: () => T): T {
  const request = currentRequest();
  return withRequest(
    { requestId: request?.requestId ?? randomUUID(), address: request?.address ?? "", rowScope: scope },
    fn,
  );
}

// One client per distinct scope (a few per State and partner organisation), not per request, for
// each database client (tests open several, one after the other, in one process).
const scopedClients = new WeakMap<PrismaClient, Map<string, PrismaClient>>();

/**
 * The client for a person's statements: each one runs in its own transaction, after the statement
 * that sets the role and scope (Prisma's documented pattern for row-level security).
 */
export function scopedClient(base: PrismaClient, scope: RowScope): PrismaClient {
  let clients = scopedClients.get(base);
  if (!clients) scopedClients.set(base, (clients = new Map()));
  const key = JSON.stringify(scope);
  let client = clients.get(key);
  if (!client) {
    const setScope = scopeStatement(scope);
    client = base.$extends({
      query: {
        async $allOperations({ args, query }) {
          const [, result] = await base.$transaction([base.$executeRaw(setScope), query(args)]);
          return result;
        },
      },
      // The extended client's type differs from PrismaClient's only by the extension, which adds
      // nothing to call: every model and raw method keeps its signature.
    }) as unknown as PrismaClient;
    clients.set(key, client);
  }
  return client;
}

export class RowSecurityError extends Error {}

/**
 * Start-up: refuses to run when row security would not hold: the app role missing, a superuser or
 * allowed to bypass row security, row security turned off, or a scoped table without it.
 */
export async function assertRowSecurity(db: Pick<Database, "sql">): Promise<void> {
  const problems = await db.sql.transaction(rowSecurityProblems);
  if (problems.length > 0)
    throw new RowSecurityError(`Refusing to start: ${problems.join("; ")}. See docs/security.md.`);
}

/** What would keep row security from holding, in sentences; run in a transaction (it switches role). */
export async function rowSecurityProblems(query: Query): Promise<string[]> {
  const [role] = await query<{ exists: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`,
    [APP_ROLE],
  );
  if (!role?.exists) return [`the database role ${APP_ROLE} does not exist (run the migrations)`];
  await query(`SELECT set_config('role', $1, true)`, [APP_ROLE]);
  const [facts] = await query<{ superuser: string; bypass: boolean; rowSecurity: string }>(
    `SELECT current_setting('is_superuser') AS superuser,
            (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user) AS bypass,
            current_setting('row_security') AS "rowSecurity"`,
  );
  const tables = await query<{ relname: string }>(
    `SELECT relname FROM pg_class WHERE relname = ANY($1) AND relkind = 'r' AND relrowsecurity`,
    [SCOPED_TABLES],
  );
  const found: string[] = [];
  if (facts?.superuser === "on")
    found.push(`the role ${APP_ROLE} is a superuser, which row security does not restrict`);
  if (facts?.bypass) found.push(`the role ${APP_ROLE} may bypass row security (BYPASSRLS)`);
  if (facts?.rowSecurity !== "on") found.push(`row_security is ${facts?.rowSecurity}, not on`);
  const protectedTables = new Set(tables.map((t) => t.relname));
  for (const table of SCOPED_TABLES)
    if (!protectedTables.has(table)) found.push(`row security is off on the table "${table}"`);
  return found;
}
