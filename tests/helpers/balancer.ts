// A stand-in load balancer for the cluster test: a TCP proxy that sends each new connection to
// the first backend that accepts it (or, with `spread`, to the backends in turn). No stickiness:
// a client whose backend died simply lands on the next one when it reconnects.
import type { AddressInfo } from "node:net";
import { connect, createServer, type Socket } from "node:net";

export async function startBalancer(
  backends: string[],
  options: { spread?: boolean } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const open = new Set<Socket>();
  let turn = 0;
  const server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.pause();
    // Round robin: connection n tries backend n first, then the others in order.
    const first = options.spread ? turn++ % backends.length : 0;
    const tryBackend = (tried: number) => {
      if (tried >= backends.length) return client.destroy();
      const { hostname, port } = new URL(backends[(first + tried) % backends.length]!);
      const upstream = connect(Number(port), hostname);
      upstream.once("error", () => tryBackend(tried + 1));
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
