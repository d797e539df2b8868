// Every translation is complete and consistent with the English one: each namespace file of each
// language is bundled, each English key (each plural form the language has) exists in every
// language, no language keeps a key English no longer has, and each translation uses exactly the
// placeholders ({{count}}) and markup (<1>…</1>) of its English text, which i18next fills in.
import { readdirSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { LANGUAGES, NAMESPACES } from "~/i18n/languages.ts";
import { pseudoString } from "~/i18n/pseudo.ts";
import { RESOURCES } from "~/i18n/resources.server.ts";

type Tree = { [key: string]: string | Tree };
const LOCALES = path.resolve("app/i18n/locales");
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(name, value);
    else for (const [k, v] of flatten(value, name)) out.set(k, v);
  }
  return out;
}

/** The keys a language must have for the English ones: each plural key in its own plural forms. */
function expectedKeys(english: Map<string, string>, language: string): Set<string> {
  const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const keys = new Set<string>();
  for (const key of english.keys()) {
    if (PLURAL.test(key)) for (const form of forms) keys.add(key.replace(PLURAL, `_${form}`));
    else keys.add(key);
  }
  return keys;
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|<(\/?[\da-z]+)\/?>/g)].map((m) => m[1] ?? m[2]).sort();

/** HTML's void elements: <Trans> parses "<link>Accounts</link>" as an empty <link> and loses "Accounts". */
const VOID = /<\/?(area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)>/;

const resources = RESOURCES as unknown as Record<string, Record<string, Tree>>;

describe("translations", () => {
  it("bundles every namespace file of every language, and nothing else", () => {
    for (const language of LANGUAGES) {
      const files = readdirSync(path.join(LOCALES, language))
        .map((file) => file.replace(/\.json$/, ""))
        .sort();
      expect(files, language).toEqual([...NAMESPACES].sort());
      expect(Object.keys(resources[language] ?? {}).sort(), language).toEqual([...NAMESPACES].sort());
    }
    expect(readdirSync(LOCALES).sort()).toEqual([...LANGUAGES].sort());
  });

  it("no sentence's markup is named after an HTML element without content", () => {
    for (const language of LANGUAGES)
      for (const ns of NAMESPACES)
        for (const [key, text] of flatten(resources[language]![ns]!))
          expect(text, `${language}/${ns}:${key}`).not.toMatch(VOID);
  });

  for (const language of LANGUAGES.filter((l) => l !== "en")) {
    for (const ns of NAMESPACES) {
      it(`${language}/${ns} has exactly the English keys, each with the same placeholders`, () => {
        const english = flatten(resources.en![ns]!);
        const own = flatten(resources[language]![ns]!);
        const expected = expectedKeys(english, language);
        expect(
          [...expected].filter((key) => !own.has(key)),
          "missing",
        ).toEqual([]);
        expect(
          [...own.keys()].filter((key) => !expected.has(key)),
          "not in English",
        ).toEqual([]);
        for (const [key, text] of own) {
          expect(text.trim(), `${key} is empty`).not.toBe("");
          const source = english.get(key) ?? english.get(key.replace(PLURAL, "_other"));
          // A plural form may leave the number out ("one file") or name it where English does
          // not (Russian's "one" form is also 21, 31...), never use another value English lacks.
          const allowed = new Set(placeholders(source ?? ""));
          if (PLURAL.test(key)) {
            allowed.add("count");
            for (const form of ["zero", "one", "two", "few", "many", "other"])
              for (const p of placeholders(english.get(key.replace(PLURAL, `_${form}`)) ?? ""))
                allowed.add(p);
          }
          for (const used of placeholders(text)) expect(allowed, `${key} uses ${used}`).toContain(used);
          if (!PLURAL.test(key)) expect(placeholders(text), key).toEqual(placeholders(source ?? ""));
        }
      });
    }
  }

  it("the pseudo-locale keeps placeholders and markup and brackets the rest", () => {
    expect(pseudoString("{{count}} cases <1>open</1>")).toBe("［{{count}} çášéš <1>óþéñ</1>］");
  });
});
