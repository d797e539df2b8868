// The Content-Security-Policy nonce of the page (server/security-headers.ts): the browser runs an
// inline <script> or applies a <style> element only if it carries it. On the server it comes from
// entry.server.tsx through NonceContext; in the browser, from the page's own scripts: the nonce
// *attribute* reads as "" there (Chromium hides it from the DOM and from CSS selectors, so that
// injected markup cannot read it), but the element's `nonce` property keeps the value.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

let fromPage: string | undefined;

export function useNonce(): string | undefined {
  const fromServer = useContext(NonceContext);
  if (fromServer !== undefined || typeof document === "undefined") return fromServer;
  fromPage ??= document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce || undefined;
  return fromPage;
}
