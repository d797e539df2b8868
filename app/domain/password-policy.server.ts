// What a new password must be (OWASP ASVS 5.0, V6.2): 12 to 128 characters, counted as people
// count them (Unicode code points, so an emoji is one), any characters a person can type, spaces
// included (passphrases are welcome and nothing is trimmed), no composition rules ("a digit, a
// capital") and no expiry; refused when it is easy to guess: a common or breached-pattern password,
// a keyboard walk or a repetition, or one built on the person's own name or email address or on
// this application's name. How guessable is zxcvbn-ts's estimate, with its common-password and
// English dictionaries. The storing side (hashing, ending sessions) is its callers'.
import { createRequire } from "node:module";

import type * as ZxcvbnCore from "@zxcvbn-ts/core";
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import type * as LanguageCommon from "@zxcvbn-ts/language-common";
import type * as LanguageEn from "@zxcvbn-ts/language-en";

import { t } from "~/i18n/i18n.server.ts";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** Below this zxcvbn score (0-4; 3: about 10^8 guesses and more), a password is too easy to guess. */
const MIN_SCORE = 3;
/**
 * zxcvbn reads this many characters of a password. Its matching grows with the length squared
 * (a random 128-character password took most of a second of the main thread, 64 about a third);
 * a longer password is judged by its start, which can only refuse more, never accept a weaker one.
 */
const ANALYSED_LENGTH = 64;

/** Words of this application, which an attacker would try first. */
const APP_WORDS = ["follow-up", "followup", "follow up", "cted", "counter-terrorism", "counterterrorism"];

/**
 * Famous phrases that zxcvbn's word lists miss, so that it rates them as four random words: every
 * cracking list tries them (the comic that made passphrases known, pangrams, quotations).
 */
const FAMOUS_PHRASES = [
  "correct horse battery staple",
  "tr0ub4dour&3",
  "the quick brown fox jumps over the lazy dog",
  "to be or not to be that is the question",
  "to be or not to be",
  "may the force be with you",
  "mary had a little lamb",
  "open sesame",
  "hello world",
  "this is my password",
  "my password is",
  "let me in",
  "i love you",
];
const PHRASES_DICTIONARY = "passwords-phrases";

// Loaded and indexed at the first check, not when the server starts: the dictionaries are about
// 5 MB of JavaScript and 40 MB of memory once indexed, which most processes never need.
let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  if (factory) return factory;
  const require = createRequire(import.meta.url);
  const core = require("@zxcvbn-ts/core") as typeof ZxcvbnCore;
  const common = require("@zxcvbn-ts/language-common") as typeof LanguageCommon;
  const en = require("@zxcvbn-ts/language-en") as typeof LanguageEn;
  // No translations: feedback comes back as its keys ("common", "keyPattern"), which reasons()
  // below says in this application's words.
  factory = new core.ZxcvbnFactory({
    dictionary: {
      ...common.dictionary,
      ...en.dictionary,
      [PHRASES_DICTIONARY]: FAMOUS_PHRASES.flatMap((phrase) => [phrase, phrase.replace(/ /g, "")]),
    },
    graphs: common.adjacencyGraphs,
    maxLength: ANALYSED_LENGTH,
  });
  return factory;
}

/**
 * zxcvbn's reasons a password is easy to guess (its feedback's warning), each said in a whole
 * sentence of this application (account:passwordPolicy.tooEasy.<reason>), with the advice.
 */
const REASONS = new Set([
  "straightRow",
  "keyPattern",
  "simpleRepeat",
  "extendedRepeat",
  "sequences",
  "recentYears",
  "dates",
  "topTen",
  "topHundred",
  "common",
  "similarToCommon",
  "wordByItself",
  "namesByThemselves",
  "commonNames",
  "userInputs",
  "pwned",
]);

// C0 controls (NUL, tab, line breaks...), DEL and the C1 controls: invisible, and not what a
// person means to type (a password field drops line breaks; a pasted one may carry them).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Half of a surrogate pair: it cannot be stored as UTF-8, and two different broken passwords
// would hash alike.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const codePoints = (text: string) => [...text].length;

/** The person's words an attacker would try: the email, its local part and its pieces, the name and its words. */
function personalWords(person: { email: string; name: string }): string[] {
  const email = person.email.trim().toLowerCase();
  const local = email.split("@")[0] ?? "";
  const name = person.name.trim().toLowerCase();
  const nameWords = name.split(/[\s\p{P}]+/u);
  return [
    email,
    local,
    ...local.split(/[._+-]+/),
    name,
    name.replace(/[\s\p{P}]+/gu, ""),
    ...nameWords,
  ].filter((word) => codePoints(word) >= 3);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The password with every occurrence of these words taken out (longest first, any case). */
function without(password: string, words: string[]): string {
  const unique = [...new Set(words)].sort((a, b) => b.length - a.length);
  if (unique.length === 0) return password;
  return password.replace(new RegExp(unique.map(escapeRegExp).join("|"), "giu"), "");
}

const guessable = (password: string, inputs: string[]) => zxcvbn().check(password, inputs).score < MIN_SCORE;

/**
 * Why this password may not be used, in one sentence to show beside the password field (in the
 * request's language); null when it may. `person` is who will sign in with it: their email and name make it easier to guess.
 */
export function passwordProblem(password: string, person: { email: string; name: string }): string | null {
  if (password.length === 0) return t("account:passwordPolicy.empty", { min: PASSWORD_MIN });
  if (CONTROL.test(password)) return t("account:passwordPolicy.controlCharacter");
  if (LONE_SURROGATE.test(password)) return t("account:passwordPolicy.brokenCharacter");
  const length = codePoints(password);
  if (length < PASSWORD_MIN)
    return t("account:passwordPolicy.tooShort", { min: PASSWORD_MIN, count: length });
  if (length > PASSWORD_MAX) return t("account:passwordPolicy.tooLong", { max: PASSWORD_MAX, count: length });

  const personal = personalWords(person);
  const inputs = [...personal, ...APP_WORDS];
  // What the person's own words and the application's name add counts for nothing: what is
  // left must be hard to guess by itself ("Jane Doe 2024" is "2024").
  const withoutPersonal = without(password, personal);
  if (withoutPersonal !== password && guessable(withoutPersonal, inputs))
    return t("account:passwordPolicy.tooEasy.personal");
  const withoutApp = without(password, APP_WORDS);
  if (withoutApp !== password && guessable(withoutApp, inputs))
    return t("account:passwordPolicy.tooEasy.appName");

  const result = zxcvbn().check(password, inputs);
  if (result.score >= MIN_SCORE) return null;
  const famous = result.sequence.some((match) => match.dictionaryName === PHRASES_DICTIONARY);
  const warning = result.feedback.warning;
  const reason = famous ? "famousPhrase" : warning && REASONS.has(warning) ? warning : "none";
  return t(`account:passwordPolicy.tooEasy.${reason}`);
}
