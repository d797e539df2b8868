// Calls Remix route modules the way the server does: a real Request in, a Response out.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<unknown> | unknown;
interface RouteModule {
  loader?: unknown;
  action?: unknown;
}

export interface CallOptions {
  method?: string;
  cookie?: string;
  params?: Record<string, string>;
  /** Sent as JSON unless it is a URLSearchParams (a form post) or a string (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
  ip?: string;
}

export async function call(route: RouteModule, path: string, options: CallOptions = {}): Promise<Response> {
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  let body: BodyInit | undefined;
  if (options.body instanceof URLSearchParams) {
    body = options.body;
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  } else if (typeof options.body === "string") {
    body = options.body;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const request = new Request(`http://localhost${path}`, { method, headers, body });
  const handler = (method === "GET" || method === "HEAD" ? route.loader : route.action) as
    Handler | undefined;
  if (!handler) throw new Error(`No ${method === "GET" ? "loader" : "action"} on this route`);
  try {
    const result = await handler({
      request,
      params: options.params ?? {},
      context: { clientIp: options.ip ?? "127.0.0.1" },
    });
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), {
      status: 200,
      headers: { "Content-Type": "application/json" },
    });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The cookie to send back, from a response's Set-Cookie. */
export function cookieFrom(response: Response): string {
  const header = response.headers.get("Set-Cookie");
  if (!header) throw new Error(`No Set-Cookie on a ${response.status} response`);
  return header.split(";")[0]!;
}

export const DEMO_PASSWORD = "followup-demo";

/** The demo accounts (prisma/seed/demo-data.ts), by a short name. */
export const DEMO_ACCOUNTS = {
  admin: "admin@cted.example",
  expert: "expert@cted.example",
  verifier: "verifier@cted.example",
  tjk: "focal@tjk.example",
  kaz: "focal@kaz.example",
  partner: "officer@interpol.example",
  observer: "observer@ctc.example",
} as const;

/** Signs in through POST /api/session and returns the session cookie. */
export async function signInAs(email: string): Promise<string> {
  const sessionRoute = await import("~/routes/api.session.ts");
  const response = await call(sessionRoute, "/api/session", { body: { email, password: DEMO_PASSWORD } });
  if (response.status !== 200) throw new Error(`Sign-in as ${email} failed: ${response.status}`);
  return cookieFrom(response);
}

/**
 * The whole HTTP stack in this process, on port 0: server/app.ts (its middleware, limits and
 * error handling) in front of the real route modules, with Socket.IO attached as in production.
 * The Remix build is assembled from the route files (as `remix build` would route them) rather
 * than compiled, so that a test sees the sources it runs against; documents are not rendered to
 * HTML (the status and headers are what the tests look at), so there is no browser bundle to need.
 */
export async function startInProcessApp(options: { allowedOrigins?: string[] } = {}) {
  const path = await import("node:path");
  const { pathToFileURL } = await import("node:url");
  const { UNSAFE_flatRoutes: flatRoutes } = await import("@remix-run/dev");
  const { createApp } = await import("~server/app.ts");
  const { attachRealtime } = await import("~server/realtime/index.ts");
  const appDir = path.resolve("app");
  const manifest = {
    root: { id: "root", path: "", file: "root.tsx" },
    ...flatRoutes(appDir, ["**/.*", "**/*.test.*"]),
  } as Record<
    string,
    { id: string; path?: string; index?: boolean; caseSensitive?: boolean; parentId?: string; file: string }
  >;
  const routes: Record<string, unknown> = {};
  for (const route of Object.values(manifest)) {
    routes[route.id] = { ...route, module: await import(pathToFileURL(path.join(appDir, route.file)).href) };
  }
  const build = {
    mode: "production",
    entry: {
      module: {
        default: (_request: Request, status: number, headers: Headers) => {
          headers.set("Content-Type", "text/plain; charset=utf-8");
          return new Response(`page answered ${status}`, { status, headers });
        },
      },
    },
    routes,
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {},
    isSpaMode: false,
  };
  const server = createApp({ build: build as never, allowedOrigins: options.allowedOrigins });
  const realtime = await attachRealtime(server, { allowedOrigins: options.allowedOrigins });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    server,
    async close() {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
