// The one logger of the server and its jobs: pino, one JSON line per entry on stdout. Callers pass
// identifiers, never secrets or case text. Entries written while a request is handled carry its
// request id (set by server/app.ts through withRequest), including those from loaders and actions;
// the audit log (app/domain/audit.server.ts) reads the request's id and address from here too.
import { AsyncLocalStorage } from "node:async_hooks";

import pino from "pino";

import type { RowScope } from "~/db/row-scope.ts";

type Fields = Record<string, unknown>;

const levelFrom = (value: string | undefined) => (value && value in pino.levels.values ? value : "info");

// Both the Express entry and the Remix server bundle import this module: one instance per process.
const KEY = Symbol.for("follow-up.log");
type Holder = { [KEY]?: { logger: pino.Logger; request: AsyncLocalStorage<RequestContext> } };

/**
 * The request being handled: its id and the client's address (behind a proxy: TRUST_PROXY), and,
 * once the session is known, the database scope of the person asking (app/db/row-security.server.ts).
 */
export interface RequestContext {
  requestId: string;
  address: string;
  rowScope?: RowScope;
  /** The language the answer is written in (app/i18n/detect.server.ts, then the person's choice). */
  language?: string;
  /** Who is signed in, once asked while reading (app/http/session.server.ts currentUser). */
  signedIn?: Promise<unknown>;
}
const holder = globalThis as Holder;
const shared = (holder[KEY] ??= (() => {
  const request = new AsyncLocalStorage<RequestContext>();
  // Through process.stdout (synchronous for files and pipes on Linux), so a line logged just
  // before a crash is written, and tests can read what was logged.
  const logger = pino(
    {
      // Checked with the rest of the configuration in app/config/env.server.ts; a bad value is
      // reported there, so here it only falls back.
      level: levelFrom(process.env.LOG_LEVEL),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = request.getStore()?.requestId;
        return requestId ? { requestId } : {};
      },
    },
    process.stdout,
  );
  return { logger, request };
})());

/** Runs fn with every entry it logs tagged with this request's id. */
export const withRequest = <T>(context: RequestContext, fn: () => T): T => shared.request.run(context, fn);

/** The request being handled, if any (none in jobs and scripts). */
export const currentRequest = (): RequestContext | undefined => shared.request.getStore();

export const log = {
  info: (msg: string, fields: Fields = {}) => shared.logger.info(fields, msg),
  warn: (msg: string, fields: Fields = {}) => shared.logger.warn(fields, msg),
  error: (msg: string, fields: Fields = {}) => shared.logger.error(fields, msg),
};
