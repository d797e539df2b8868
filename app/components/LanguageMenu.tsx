// The language menu on every page: a small form that posts the choice (app/routes/language.tsx)
// and reloads the whole document, since a page's translations come with the document.
import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { languageName, LANGUAGES } from "~/i18n/languages.ts";

export function LanguageMenu() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/language" reloadDocument className="language-menu">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="language-choice" className="sr-only">
        {t("language.label")}
      </label>
      <select id="language-choice" name="language" defaultValue={i18n.language}>
        {LANGUAGES.map((language) => (
          // Each language is named in itself, and marked as such for screen readers.
          <option key={language} value={language} lang={language} translate="no">
            {languageName(language)}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary">
        {t("language.apply")}
      </button>
    </Form>
  );
}
