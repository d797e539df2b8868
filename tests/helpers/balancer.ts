// A stand-in load balancer for the cluster test: a TCP proxy that sends each new connection to
// the first backend that accepts it. No stickiness: a client whose backend died simply lands on
// the next one when it reconnects.
import { createServer, connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export async function startBalancer(backends: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.pause();
    const tryBackend = (i: number) => {
      if (i >= backends.length) return client.destroy();
      const { hostname, port } = new URL(backends[i]!);
      const upstream = connect(Number(port), hostname);
      upstream.once("error", () => tryBackend(i + 1));
      upstream.once("connect", () => {
        upstream.removeAllListeners("error");
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
        client.on("close", () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
