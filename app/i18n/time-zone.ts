// The browser's time zone, for people who have not chosen one (account page): the browser names
// it in a cookie the server reads (app/root.tsx), so pages rendered on the server already show
// times in it from the second page on; the first shows them in UTC, the zone written as always.
export const TIME_ZONE_COOKIE = "followup_tz";

/** In the browser: remember its zone, if it changed (a laptop that travelled, say). */
export function rememberBrowserTimeZone(): void {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  const current = document.cookie.match(new RegExp(`(?:^|; )${TIME_ZONE_COOKIE}=([^;]*)`))?.[1];
  if (current && decodeURIComponent(current) === zone) return;
  document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
}

/** On the server: the zone a request's cookie names, if any. */
export function browserTimeZone(request: Request): string | undefined {
  const found = request.headers.get("Cookie")?.match(new RegExp(`(?:^|; )${TIME_ZONE_COOKIE}=([^;]*)`))?.[1];
  if (!found) return undefined;
  try {
    return decodeURIComponent(found);
  } catch {
    return undefined;
  }
}
