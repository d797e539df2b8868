// The baseline of the live benchmark: a bare Socket.IO server (same parser and transport as the
// app) whose clients all join one room, and which emits to it on request. ADAPTER=postgres|redis
// joins other bare servers, as the app's processes do.
//   POST /emit         -> one event shaped like "case:updated", stamped with the time of emit
//   POST /emit-binary  -> one 40-byte binary message, the size of a typical Yjs keystroke update
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { Server } from "socket.io";
import msgpackParser from "socket.io-msgpack-parser";

const server = createServer();
const io = new Server(server, { parser: msgpackParser, serveClient: false });
const adapter = process.env.ADAPTER ?? "none";
if (adapter === "postgres") {
  const { createAdapter } = await import("@socket.io/postgres-adapter");
  const pg = (await import("pg")).default;
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`,
  );
  io.adapter(createAdapter(pool));
} else if (adapter === "redis") {
  const { createAdapter } = await import("@socket.io/redis-streams-adapter");
  const { createClient } = await import("redis");
  const client = createClient({ url: process.env.REDIS_URL });
  await client.connect();
  io.adapter(createAdapter(client));
}
io.on("connection", (socket) => void socket.join("all"));

let n = 0;
const binary = Buffer.alloc(40, 7);
server.on("request", (req, res) => {
  if (req.method !== "POST") return void res.writeHead(405).end();
  const id = ++n;
  const sentAt = Date.now();
  if (req.url === "/emit") {
    io.to("all").emit("bare:event", {
      id,
      sentAt,
      caseId: "cmbenchmark00000000000000",
      ref: "TJK-2017-BC-01",
      country: "TJK",
      area: "border-control",
      state: "in_progress",
      stateValue: "in_progress.under_review",
      version: id,
      event: {
        type: "SUBMIT_EVIDENCE",
        actor: { id: "cmbenchmarkactor000000000", name: "Rustam Nazarov" },
        at: new Date().toISOString(),
      },
    });
  } else {
    binary.writeUInt32BE(id, 0);
    io.to("all").emit("bare:binary", id, sentAt, binary);
  }
  res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id }));
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(
    JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
  );
});
