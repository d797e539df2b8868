// The words of the import readers' warnings and refusals, in the language of the request that
// uploads the file. The readers run on a thread of their own (read-off-thread.server.ts), where
// there is no request: the language travels in their options (ImportOptions.language), and the
// sentences are written there, in it, from the imports namespace (imports:reader.*).
import { isSupportedLanguage } from "~/i18n/detect.server.ts";
import { formatCount, intlLocale } from "~/i18n/format.ts";
import { translatorFor } from "~/i18n/i18n.server.ts";
import { DEFAULT_LANGUAGE } from "~/i18n/languages.ts";

import type { ReaderWords } from "./rows.ts";

export interface Words extends ReaderWords {
  language: string;
  /** Names joined as the language joins them: "a, b and c", "a, b et c". */
  list: (names: string[]) => string;
  /** A name as the language quotes it in a sentence: “area”, « area ». */
  quoted: (name: string) => string;
  /** A size in megabytes: "100 MB", "100 Mo". */
  megabytes: (bytes: number) => string;
}

const made = new Map<string, Words>();

/** The readers' words in `language` (English when none is given). */
export function readerWords(language: string | null | undefined): Words {
  const key = isSupportedLanguage(language) ? language : DEFAULT_LANGUAGE;
  let words = made.get(key);
  if (!words) {
    const t = translatorFor(key);
    const count = (n: number) => formatCount(n, key);
    const lists = new Intl.ListFormat(intlLocale(key), { type: "conjunction" });
    words = {
      language: key,
      t,
      count,
      list: (names) => lists.format(names),
      quoted: (name) => t("imports:reader.quoted", { name }),
      megabytes: (bytes) => t("imports:reader.megabytes", { size: count(bytes / 1024 / 1024) }),
    };
    made.set(key, words);
  }
  return words;
}
