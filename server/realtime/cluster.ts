// Several app processes behind a load balancer, on one PostgreSQL: Socket.IO's PostgreSQL adapter
// carries room broadcasts, socket disconnections and server-to-server messages between them
// (LISTEN/NOTIFY; binary payloads through a table). Chosen over the Redis Streams adapter because
// it needs no other server; docs/deploy.md has the figures.
//
// The channel is treated as lossy: when a connection of the adapter fails, the process re-syncs
// (documents from the database, case events from the history) once the adapter has reconnected.
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import type { Server } from "socket.io";

import { log } from "~/lib/log.server.ts";

import type { PeerChannel, PeerMessageKind } from "./collab/collab-server.ts";

const ATTACHMENTS_TABLE = "socket_io_attachments";
// The adapter reconnects after 1 to 3 s; re-sync once it is back.
const RESYNC_AFTER_TROUBLE_MS = 3500;

export interface Cluster {
  /** Server-to-server messages for the co-editing core. */
  peers: PeerChannel;
  /** Publishes a message to every other process (handled by `on(event)` there). */
  emit(event: string, ...args: unknown[]): void;
  on(event: string, handler: (...args: unknown[]) => void): void;
  /** Called after the channel may have lost messages. */
  onResyncNeeded(handler: () => void): void;
  close(): Promise<void>;
}

export async function joinCluster(io: Server, databaseUrl: string): Promise<Cluster> {
  // Named, so that an operator (or the cluster test) can tell the processes' connections apart.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 4,
    application_name: `followup-cluster-${process.pid}`,
  });
  const resyncHandlers: (() => void)[] = [];
  let resyncTimer: NodeJS.Timeout | undefined;
  const trouble = (error: Error) => {
    log.warn("cluster channel error", { error: error.message });
    clearTimeout(resyncTimer);
    resyncTimer = setTimeout(() => resyncHandlers.forEach((handler) => handler()), RESYNC_AFTER_TROUBLE_MS);
    resyncTimer.unref();
  };
  // The adapter keeps one connection for LISTEN and does not handle its errors: without these,
  // a database restart would crash the process.
  pool.on("error", trouble);
  pool.on("connect", (client) => client.on("error", trouble));
  // Processes starting together would race: two concurrent CREATE TABLE IF NOT EXISTS can both
  // find no table, and the second fails ("already exists"). One at a time, under a lock.
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('follow-up:${ATTACHMENTS_TABLE}'))`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE} (
      id bigserial UNIQUE,
      created_at timestamptz DEFAULT NOW(),
      payload bytea
    )`);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  io.adapter(createAdapter(pool, { tableName: ATTACHMENTS_TABLE, errorHandler: trouble }));

  const emit = (event: string, ...args: unknown[]) => io.serverSideEmit(event, ...args);
  const on = (event: string, handler: (...args: unknown[]) => void) => io.on(event, handler);
  return {
    emit,
    on,
    peers: {
      publish: (docName, kind, bytes) =>
        emit("collab:peer", docName, kind, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
      subscribe: (handler) =>
        on("collab:peer", (docName, kind, bytes) => {
          if (
            typeof docName === "string" &&
            (kind === "update" || kind === "awareness") &&
            bytes instanceof Uint8Array
          ) {
            handler(docName, kind as PeerMessageKind, bytes);
          }
        }),
    },
    onResyncNeeded: (handler) => void resyncHandlers.push(handler),
    close: async () => {
      clearTimeout(resyncTimer);
      // Releases the adapter's LISTEN connection, which the pool would otherwise wait for.
      await io.of("/").adapter.close();
      await pool.end().catch(() => {});
    },
  };
}
