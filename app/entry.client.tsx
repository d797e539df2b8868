// The browser's entry: translations first (read from the page, app/i18n/embedded.ts), then
// hydration, so the first render in the browser says exactly what the server's did.
import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";

import { EMBEDDED_RESOURCES_ID, EmbeddedResources } from "./i18n/embedded.ts";
import { DEFAULT_LANGUAGE, NAMESPACES } from "./i18n/languages.ts";

const json = document.getElementById(EMBEDDED_RESOURCES_ID)?.textContent ?? "{}";
const language = document.documentElement.lang || DEFAULT_LANGUAGE;

void i18next.use(initReactI18next).init({
  lng: language,
  resources: { [language]: JSON.parse(json) },
  ns: [...NAMESPACES],
  defaultNS: "common",
  // The page's resources already hold English wherever a translation is missing.
  fallbackLng: false,
  interpolation: { escapeValue: false },
  initImmediate: false,
});

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <I18nextProvider i18n={i18next}>
        <EmbeddedResources.Provider value={json}>
          <RemixBrowser />
        </EmbeddedResources.Provider>
      </I18nextProvider>
    </StrictMode>,
  );
});
