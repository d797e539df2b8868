// Response headers that make the browser refuse what the app never does: run scripts it did not
// send, load styles it did not send, talk to other sites, be framed, sniff a download into HTML.
// The page's own inline scripts (Remix's hydration data and scroll restoration) and the editor's
// <style> element carry a per-request nonce: res.locals.cspNonce, handed to Remix through the
// load context (server/app.ts) and put on them by app/entry.server.tsx and app/root.tsx.
import { randomBytes } from "node:crypto";

import type express from "express";

export interface SecurityHeaderOptions {
  /** Production is served over HTTPS: tell browsers to never use plain HTTP again (HSTS). */
  production: boolean;
}

/**
 * The one response the app frames itself: an evidence file's preview (a PDF or an image, `?inline=1`
 * of its content address), shown in the case page. It carries a policy of its own as well
 * (app/routes/api.evidence.$id.content.ts) that allows no script and asks for a sandbox. Chromium
 * draws a PDF only in a frame without a sandbox attribute, and in its own viewer
 * (app/components/evidence/EvidencePreview.tsx): framed by the app, it is never read as a page.
 */
const PREVIEW_PATH = /^\/api\/evidence\/[^/]+\/content$/;
export const isFramedPreview = (path: string, inline: unknown) => PREVIEW_PATH.test(path) && inline === "1";

/**
 * The policy for a response whose pages' scripts and styles carry `nonce`; `framedBySelf` for the
 * preview (isFramedPreview), which the app's own pages may frame.
 */
export function contentSecurityPolicy(nonce: string, { framedBySelf = false } = {}): string {
  return [
    // Anything not named below (fonts, images, manifests, workers, frames): this origin only.
    "default-src 'self'",
    // The bundles under /build (and the route modules they import()), plus the inline scripts
    // that carry this response's nonce. No 'unsafe-inline': injected markup cannot run script.
    // No 'unsafe-eval': neither the Remix build nor Tiptap, Yjs, Socket.IO or XState need it.
    `script-src 'self' 'nonce-${nonce}'`,
    // The stylesheet under /build, and Tiptap's own <style> element (given the nonce by the
    // editor). No 'unsafe-inline': injected <style> cannot restyle the page or read attributes
    // through selectors, and injected style="" attributes do not apply. Styles the app sets from
    // script (React's style prop after hydration, the carets' colours) go through the CSSOM,
    // which CSP does not restrict.
    `style-src 'self' 'nonce-${nonce}'`,
    // fetch() of route data and of Remix's route manifest, and the Socket.IO WebSocket: CSP
    // Level 3 lets 'self' match ws: and wss: on the page's own host and port (Chromium, Firefox,
    // Safari 15.4+), so no other host can receive data from the page.
    "connect-src 'self'",
    // No plugins; no <base> that would move the page's relative URLs elsewhere.
    "object-src 'none'",
    "base-uri 'none'",
    // Forms (sign-in, actions, comments) post to the app only.
    "form-action 'self'",
    // Never framed, so no clickjacking (X-Frame-Options below says the same to old browsers); a
    // preview only by the app's own pages.
    `frame-ancestors ${framedBySelf ? "'self'" : "'none'"}`,
  ].join("; ");
}

export function securityHeaders({ production }: SecurityHeaderOptions): express.RequestHandler {
  return (req, res, next) => {
    // 128 random bits, new for every response: a nonce seen on one page is useless on the next.
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    // The same policy on every response, JSON and static files included: it costs nothing, and a
    // response rendered as a document by mistake (Remix's 404 page under /api or /build) still
    // works and is still covered.
    const framedBySelf = isFramedPreview(req.path, req.query.inline);
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, { framedBySelf }));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", framedBySelf ? "SAMEORIGIN" : "DENY");
    // A year, subdomains included. Browsers ignore it over plain HTTP, so sending it on every
    // production response is safe even before TLS terminates in front of the app.
    if (production) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}
