// The page's one Socket.IO connection, authenticated by the session cookie it carries.
import { io, type Socket } from "socket.io-client";
import msgpackParser from "socket.io-msgpack-parser";

let socket: Socket | undefined;

export function getSocket(): Socket {
  socket ??= io({ parser: msgpackParser, transports: ["websocket"], withCredentials: true });
  return socket;
}
