// The pseudo-locale (en-XA): English with every letter accented and each string bracketed,
// placeholders ({{count}}) and markup (<1>…</1>) untouched. A page shown in it has brackets
// around everything that went through a translation; a word outside them was written into the
// code and is never translated (tests/e2e/pseudo-locale.test.ts looks for those).
// prettier-ignore
const ACCENTED: Record<string, string> = {
  a: "á", b: "ƀ", c: "ç", d: "ð", e: "é", f: "ƒ", g: "ĝ", h: "ĥ", i: "í", j: "ĵ", k: "ķ", l: "ļ", m: "ɱ",
  n: "ñ", o: "ó", p: "þ", q: "ǫ", r: "ŕ", s: "š", t: "ţ", u: "ú", v: "ṽ", w: "ŵ", x: "ẋ", y: "ý", z: "ž",
  A: "Á", B: "Ɓ", C: "Ç", D: "Ð", E: "É", F: "Ƒ", G: "Ĝ", H: "Ĥ", I: "Í", J: "Ĵ", K: "Ķ", L: "Ļ", M: "Ṁ",
  N: "Ñ", O: "Ó", P: "Þ", Q: "Ǫ", R: "Ŕ", S: "Š", T: "Ţ", U: "Ú", V: "Ṽ", W: "Ŵ", X: "Ẋ", Y: "Ý", Z: "Ž",
};

/** Placeholders and tags stay as they are: i18next and <Trans> must still find them. */
const UNTOUCHED = /(\{\{[^}]*\}\}|<\/?\d+\/?>|<\/?[a-z]+\/?>|\$t\([^)]*\))/;

export function pseudoString(text: string): string {
  const accented = text
    .split(UNTOUCHED)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[a-zA-Z]/g, (c) => ACCENTED[c] ?? c)))
    .join("");
  return `［${accented}］`;
}

type Tree = { [key: string]: string | Tree };

export function pseudoTree(tree: Tree): Tree {
  return Object.fromEntries(
    Object.entries(tree).map(([key, value]) => [
      key,
      typeof value === "string" ? pseudoString(value) : pseudoTree(value),
    ]),
  );
}
