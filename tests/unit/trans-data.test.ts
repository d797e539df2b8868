// Data inside a translated sentence with markup stays text: a task titled "<time>…</time>" or
// "<strong>" must neither become an element nor break the page (React throws on some), whichever
// component shows it. TRANS_WITH_DATA is what every <Trans> with values spreads.
import { createInstance } from "i18next";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { initReactI18next, Trans } from "react-i18next";
import { describe, expect, it } from "vitest";

import { TRANS_WITH_DATA } from "~/i18n/trans.ts";

const i18n = createInstance();
await i18n.use(initReactI18next).init({
  lng: "en",
  resources: { en: { common: { added: "Added by <strong>{{name}}</strong> for the task “{{task}}”" } } },
  defaultNS: "common",
  interpolation: { escapeValue: false },
});

const render = (extra: object, values: Record<string, string>) =>
  renderToStaticMarkup(
    createElement(Trans, {
      i18n,
      i18nKey: "added",
      values,
      components: { strong: createElement("strong") },
      ...extra,
    }),
  );

describe("<Trans> with data", () => {
  const hostile = {
    name: "Rustam <b>Nazarov</b>",
    task: '<time style="x">soon</time> & <anchor>later</anchor>',
  };

  it("shows what people typed as text, markup and entities included", () => {
    const html = render(TRANS_WITH_DATA, hostile);
    expect(html).toBe(
      "Added by <strong>Rustam &lt;b&gt;Nazarov&lt;/b&gt;</strong> for the task “&lt;time style=&quot;x&quot;&gt;soon&lt;/time&gt; &amp; &lt;anchor&gt;later&lt;/anchor&gt;”",
    );
  });

  it("without it, the data would be read as markup (why every <Trans> with values spreads it)", () => {
    // A name holding a tag the sentence uses becomes that element.
    expect(render({}, { name: "Rustam <strong>Nazarov</strong>", task: "x" })).toContain(
      "<strong>Nazarov</strong>",
    );
    expect(render(TRANS_WITH_DATA, { name: "Rustam <strong>Nazarov</strong>", task: "x" })).toContain(
      "Rustam &lt;strong&gt;Nazarov&lt;/strong&gt;",
    );
  });
});
