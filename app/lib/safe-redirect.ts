// Where to send someone after a form (sign-in, a task's action without JavaScript): a path of this
// site taken from the request, so never trusted as it is. Browsers drop tabs and newlines from
// addresses and read "\" as "/", so "/\t/evil.example" is "//evil.example", another site; the only
// safe reading is the browser's own: resolve the value against our origin and keep it only if the
// origin did not change.
const ORIGIN = "http://follow-up.invalid";

/** A same-site path ("/cases?state=agreed"), or `fallback` for anything else. */
export function safeRedirectPath(value: unknown, fallback = "/dashboard"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return fallback;
  }
  // Normalised, "/.//evil.example" has the path "//evil.example", which a browser reads as a host.
  if (url.origin !== ORIGIN || !url.pathname.startsWith("/") || url.pathname.startsWith("//"))
    return fallback;
  // The URL parser percent-encodes what a header cannot carry (newlines, "。"): the result is safe in Location.
  return url.pathname + url.search + url.hash;
}
