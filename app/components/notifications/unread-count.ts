// The header's unread count comes from the root loader, which runs beside the page's own: when
// the page's loader marked notifications read (opening a case reads those about it), the count
// was taken before that. One more load of the page's data shows the count as it now is.
import { useLocation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/** Reloads the page's data once after its loader marked `read` notifications read (none: nothing). */
export function useUnreadCountAfterReading(read: number): void {
  const { revalidate } = useRevalidator();
  // Per navigation: opening another case that also marks one must reload again.
  const { key } = useLocation();
  useEffect(() => {
    if (read > 0) revalidate();
  }, [read, key, revalidate]);
}
