// How alike two recommendations read, for proposing which earlier case a new one follows. A later
// report reiterates a recommendation in other words ("Strengthen the screening of passengers at
// Dushanbe airport" after "Screen passengers at Dushanbe international airport"), so exact
// matching finds nothing: the score is Dice's coefficient over the texts' word stems, which counts
// shared vocabulary whatever its order, and ignores the words every recommendation uses.

// Words that say nothing about the subject of a recommendation.
const STOP_WORDS = new Set(
  (
    "a an and are as at be by for from has have in into is it its of on or that the their this to " +
    "was were which with within should shall must may also all any other such its those these " +
    "authorities government state states ensure consider continue further take measures relevant " +
    "including national recommend recommends recommended recommendation"
  ).split(" "),
);

/** The text's distinct word stems: lower case, letters and digits, common endings cut. */
export function stems(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^\p{L}\p{N}]+/u);
  const out = new Set<string>();
  for (const word of words) {
    if (word.length < 3 || STOP_WORDS.has(word)) continue;
    // A crude stemmer is enough here: "screening", "screen", "screens" meet at "screen".
    out.add(word.replace(/(ing|ed|es|s|ion|ions|ment|ments)$/, "").slice(0, 8));
  }
  return out;
}

/** Dice's coefficient of two stem sets: 1 for the same words, 0 for none in common. */
export function diceOfStems(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** The same text for duplicate checks: case, spacing and punctuation do not count. */
export function sameTextKey(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
