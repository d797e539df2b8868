// How a page's translations reach the browser: the server writes the language's resources into
// the document once (a <script type="application/json">, which the Content-Security-Policy does
// not concern: it is never run), and app/entry.client.tsx reads them before hydrating. Navigating
// within the app sends none again; switching language reloads the document.
import { createContext } from "react";

export const EMBEDDED_RESOURCES_ID = "i18n-resources";

/** The resources' JSON, on the server as written and in the browser as read. */
export const EmbeddedResources = createContext("");
