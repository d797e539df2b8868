// The password policy (OWASP ASVS 5.0 V6.2): 12 to 128 characters counted as code points, no
// composition rules, and no password that is easy to guess (zxcvbn-ts with the common and English
// dictionaries, the person's own name and email, this application's name, famous phrases).
import { describe, expect, it } from "vitest";

import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from "~/domain/password-policy.server.ts";

const person = { email: "amina.rahimova@mfa.example", name: "Amina Rahimova" };
const problem = (password: string) => passwordProblem(password, person);

/** One sentence: a capital first, a full stop last, and no full stop before another sentence. */
const ONE_SENTENCE = /^[A-Z][^]*[^.]\.$/;
const expectOneSentence = (message: string | null) => {
  expect(message).toMatch(ONE_SENTENCE);
  expect(message).not.toMatch(/[.!?]\s+[A-Z]/);
};

describe("length", () => {
  it("is 12 to 128 characters", () => {
    expect(PASSWORD_MIN).toBe(12);
    expect(PASSWORD_MAX).toBe(128);
  });

  it("refuses 11 characters and accepts 12 when they are hard to guess", () => {
    expect(problem("Kx9#mQ2!vL7")).toBe(
      "Use at least 12 characters; this password has 11, and a phrase of a few unrelated words is long enough.",
    );
    expect(problem("Kx9#mQ2!vL7&")).toBeNull();
  });

  it("accepts 128 characters and refuses 129", () => {
    const phrase = "marmalade tugboat violin quarry lantern "; // 40 characters
    const longest = (phrase.repeat(4) + "x".repeat(8)).slice(0, 128);
    expect([...longest]).toHaveLength(128);
    expect(problem(longest)).toBeNull();
    expect(problem(longest + "y")).toBe("Use at most 128 characters; this password has 129.");
  });

  it("counts characters as people do (Unicode code points), not UTF-16 units", () => {
    // "🔒" is two UTF-16 units and one character: 11 characters here, 12 units.
    const eleven = "ab🔒cd9#kQz!";
    expect(eleven.length).toBe(12);
    expect(problem(eleven)).toMatch(/this password has 11,/);
    expect(problem("ab🔒cd9#kQz!W")).toBeNull();
    // 128 characters of which some are emoji: 128 characters, more than 128 units.
    const withEmoji = "🔒 lantern quarry 🐚 violin marmalade ".repeat(4).slice(0, 140);
    const codePoints = [...withEmoji].slice(0, 128).join("");
    expect(codePoints.length).toBeGreaterThan(128);
    expect(problem(codePoints)).toBeNull();
  });

  it("asks for a password when there is none", () => {
    expect(problem("")).toBe("Choose a password of at least 12 characters.");
  });
});

describe("what may be typed", () => {
  it("refuses NUL and other control characters", () => {
    for (const control of ["\u0000", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085"]) {
      expect(problem(`marmalade${control}tugboat violin`)).toBe(
        "This password contains an invisible control character (such as a tab or a line break); type it again with letters, digits, spaces and symbols only.",
      );
    }
  });

  it("refuses half of an emoji (a lone surrogate)", () => {
    expect(problem("marmalade tugboat \uD83D violin")).toMatch(/broken character/);
    expect(problem("marmalade tugboat \uDD12 violin")).toMatch(/broken character/);
  });

  it("allows spaces, and keeps them: a passphrase is not trimmed", () => {
    expect(problem("  marmalade tugboat violin  ")).toBeNull();
    // Twelve characters only thanks to its spaces: counted as they are, not trimmed to nine.
    expect(problem("  Kx9#mQ2!v ")).toBeNull();
    expect(problem(" ".repeat(12))).toMatch(/^This password is too easy to guess because it repeats/);
  });

  it("has no composition rules: a long all-lowercase passphrase is fine, without digits or symbols", () => {
    expect(problem("lowercase river canyon orchard")).toBeNull();
    expect(problem("purple elephant dances")).toBeNull();
    expect(problem("marmalade tugboat violin")).toBeNull();
  });

  it("accepts letters from any script", () => {
    expect(problem("сирень трамвай скрипка")).toBeNull();
    expect(problem("نخلة قطار كمان بحر")).toBeNull();
  });
});

describe("easy to guess", () => {
  it("refuses common passwords, saying so in its own words", () => {
    expect(problem("password1234")).toBe(
      "This password is too easy to guess because it is a common password with small changes; choose a longer phrase of several unrelated words.",
    );
    expect(problem("123456789012")).toBe(
      "This password is too easy to guess because it is a common password; choose a longer phrase of several unrelated words.",
    );
    for (const common of ["qwertyuiop123", "Password123!", "iloveyou1234", "Welcome123456"])
      expect(problem(common), common).toMatch(/^This password is too easy to guess because/);
  });

  it("refuses keyboard walks, repetitions and sequences", () => {
    expect(problem("aaaaaaaaaaaa")).toMatch(/because it repeats the same character;/);
    expect(problem("abcdefghijkl")).toMatch(/because it contains an easy sequence such as abc or 123;/);
    expect(problem("qwertyuiopasdf")).toMatch(/^This password is too easy to guess because/);
    expect(problem("🔒".repeat(12))).toMatch(/because it repeats the same few characters;/);
  });

  it("refuses famous phrases that zxcvbn rates as random words", () => {
    // zxcvbn alone scores these 4 of 4: four words it does not know as a phrase.
    for (const famous of [
      "correct horse battery staple",
      "CorrectHorseBatteryStaple",
      "Correct Horse Battery Staple!",
      "the quick brown fox jumps over the lazy dog",
      "Tr0ub4dour&3",
    ])
      expect(problem(famous), famous).toBe(
        "This password is too easy to guess because it is built on a well-known phrase; choose a longer phrase of several unrelated words.",
      );
    // A famous phrase inside a longer one counts for little, but the rest may carry it.
    expect(problem("correct horse battery staple lantern quarry")).toBeNull();
  });

  it("refuses passwords built on the person's name or email address", () => {
    const refusal =
      "This password is too easy to guess because it is built on your name or email address; choose a longer phrase of several unrelated words.";
    for (const personal of [
      "amina.rahimova@mfa.example",
      "amina.rahimova",
      "aminarahimova1",
      "AminaRahimova2024!",
      "Amina Rahimova marmalade",
      "rahimova12345678",
      "amina!amina!amina!",
    ])
      expect(problem(personal), personal).toBe(refusal);
    // Someone else's name is not personal to this person.
    expect(passwordProblem("aminarahimova1", { email: "j.doe@cted.example", name: "Jane Doe" })).not.toBe(
      refusal,
    );
    // The name inside a phrase that is strong without it is fine.
    expect(problem("amina tugboat violin marmalade")).toBeNull();
  });

  it("refuses passwords built on this application's name", () => {
    for (const app of ["followup-demo", "Follow-up2024!", "ctedfollowup2024", "counter-terrorism 2024"])
      expect(problem(app), app).toBe(
        "This password is too easy to guess because it is built on the name of this application; choose a longer phrase of several unrelated words.",
      );
  });

  it("accepts strong passphrases and random passwords", () => {
    for (const strong of [
      "marmalade tugboat violin",
      "granite mosaic pelican",
      "xk2#9fLq!mZ8",
      "Seven oranges argue quietly near Dushanbe",
    ])
      expect(problem(strong), strong).toBeNull();
  });
});

describe("messages", () => {
  it("are one sentence each, which a person can act on", () => {
    const refused = [
      "",
      "short",
      "x".repeat(129),
      "marmalade\u0000tugboat violin",
      "marmalade \uD83D tugboat violin",
      "password1234",
      "aaaaaaaaaaaa",
      "qwertyuiopasdf",
      "abcdefghijkl",
      "amina.rahimova@mfa.example",
      "followup-demo",
      "correct horse battery staple",
    ];
    for (const password of refused) {
      const message = problem(password);
      expect(message, JSON.stringify(password)).not.toBeNull();
      expectOneSentence(message);
      // Said in our words: never zxcvbn's keys or its English sentences.
      expect(message).not.toMatch(/similarToCommon|keyPattern|userInputs|There should not be/);
    }
  });
});
