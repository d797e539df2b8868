// A page's title in the reader's language: each route says which through its handle, and the
// root renders it (app/root.tsx, DocumentTitle). Remix's `meta` runs outside React, where the
// request's translations are not at hand; a handle's title is read while rendering, where they are.
//   export const handle: TitleHandle<typeof loader> = { title: (data) => ({ key: "cases:page.title", values: { ref: data?.case.ref } }) };
import type { SerializeFrom } from "@remix-run/node";

export interface PageTitle {
  /** A translation key with its namespace ("cases:list.title"); the app's name is added after it. */
  key: string;
  values?: Record<string, unknown>;
}

export interface TitleHandle<Loader = unknown> {
  title: (
    data: (Loader extends (...args: never[]) => unknown ? SerializeFrom<Loader> : unknown) | undefined,
  ) => PageTitle;
}

/** The title of the deepest route that names one. */
export function pageTitleOf(matches: readonly { handle?: unknown; data?: unknown }[]): PageTitle | undefined {
  for (const match of [...matches].reverse()) {
    const handle = match.handle as Partial<TitleHandle> | undefined;
    if (typeof handle?.title === "function") return handle.title(match.data as never);
  }
  return undefined;
}
