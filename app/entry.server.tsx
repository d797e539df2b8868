// Remix 2's default Node entry (renderToPipeableStream; bots and SPA mode get the whole page at
// once), plus the Content-Security-Policy nonce: server/security-headers.ts makes one per request
// and server/app.ts hands it over in the load context. React puts it on the scripts it streams
// itself, and NonceContext gives it to <Scripts> and <ScrollRestoration> (app/root.tsx), whose
// inline scripts the browser would otherwise refuse to run: no hydration, no live page.
import { PassThrough } from "node:stream";

import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";

import { requestLanguage } from "~/i18n/detect.server.ts";
import { EmbeddedResources } from "~/i18n/embedded.ts";
import { i18nForRendering, resourcesForBrowser } from "~/i18n/i18n.server.ts";
import { log } from "~/lib/log.server.ts";

import { NonceContext } from "./components/nonce.ts";

const ABORT_DELAY = 5_000;

/** Errors of loaders, actions and rendering, through the one logger (paths only: queries can hold case text). */
export const handleError: HandleErrorFunction = (error, { request }) => logRequestError(error, request);

function logRequestError(error: unknown, request: Request) {
  if (request.signal.aborted) return;
  // A page that does not exist, or another answer the app chose (a 404 for /favicon.ico, say), is
  // no error of the server's: only what failed on its side is logged as one.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  log.error("request failed", {
    path: new URL(request.url).pathname,
    error: isRouteErrorResponse(error)
      ? `${error.status} ${error.statusText}`
      : String((error as Error)?.stack ?? error),
  });
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  // The request's language, the signed-in person's choice included (app/i18n/detect.server.ts).
  const language = requestLanguage();
  // Bots (and SPA mode) wait for the whole page; browsers get the shell as soon as it is ready.
  const wholePage = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html");
      resolve(
        new Response(createReadableStreamFromReadable(body), {
          headers: responseHeaders,
          status: responseStatusCode,
        }),
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={i18nForRendering(language)}>
          <EmbeddedResources.Provider value={resourcesForBrowser(language)}>
            <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
          </EmbeddedResources.Provider>
        </I18nextProvider>
      </NonceContext.Provider>,
      {
        nonce,
        ...(wholePage ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors while rendering the shell reject above and are logged by Remix; only those
          // from inside the streamed rest are logged here.
          if (shellRendered) logRequestError(error, request);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
