// A page reloading its data because of a live event is not the person doing something: the idle
// timeout must still end a session whose page is left open while others work. The browser marks
// such reloads with a short-lived cookie (LiveUpdates), and the server does not count a data
// request carrying it as activity (app/http/session.server.ts). At worst a click made during the
// fraction of a second a reload takes is not counted either; the next one is.
const COOKIE = "followup_live_reload";

/** In the browser, before revalidating. */
export function markLiveReload(): void {
  document.cookie = `${COOKIE}=1; path=/; max-age=30; samesite=lax`;
}

/** In the browser, once the reload is done. */
export function unmarkLiveReload(): void {
  document.cookie = `${COOKIE}=; path=/; max-age=0; samesite=lax`;
}

/** On the server: is this request a live reload of a page's data (Remix's `_data` fetch, marked)? */
export function isLiveReload(request: Request): boolean {
  if (request.method !== "GET" || !new URL(request.url).searchParams.has("_data")) return false;
  return new RegExp(`(?:^|;\\s*)${COOKIE}=1(?:;|$)`).test(request.headers.get("Cookie") ?? "");
}
