// The documentation sends its reader only to files the repository holds: every relative link in
// README.md and docs/ (Markdown links, link definitions, HTML href and src) and every Markdown
// document named in code (`docs/design.md`) is a file or folder of the repository, never one
// beside it (the design notes once were `../shared/DESIGN.md`, which no one else has).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Names that stand for a document still to be written, not for one. */
const PLACEHOLDERS = new Set(["NNNN-short-title.md"]);

const markdownIn = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return markdownIn(file);
    return entry.name.endsWith(".md") ? [file] : [];
  });
const DOCUMENTS = ["README.md", ...markdownIn("docs")];

/** The text outside fenced code blocks (a shell session's paths are not links). */
const prose = (text: string) => text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");

/** The relative targets of the document's links, without their #fragment or ?query. */
function linkTargets(text: string): string[] {
  const body = prose(text).replace(/`[^`\n]*`/g, "");
  const targets = [
    ...[...body.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...body.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!),
    ...[...body.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]!),
  ];
  return targets
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith("#") && !t.startsWith("//"))
    .map((t) => decodeURIComponent(t.replace(/[#?].*$/, "")));
}

/** The Markdown documents the text names in code spans (`docs/design.md`, `../shared/DESIGN.md`). */
const namedDocuments = (text: string): string[] =>
  [...prose(text).matchAll(/`([^`\s]*[^`\s/.][^`\s/]*\.md)`/g)]
    .map((m) => m[1]!)
    .filter((name) => !PLACEHOLDERS.has(path.posix.basename(name)));

const inRepository = (file: string) => {
  const relative = path.relative(ROOT, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) && existsSync(file);
};

describe("links in README.md and docs/", () => {
  it("finds the documents and their links", () => {
    expect(DOCUMENTS).toEqual(expect.arrayContaining(["README.md", "docs/design.md", "docs/api.md"]));
    const all = DOCUMENTS.flatMap((doc) => linkTargets(readFileSync(path.join(ROOT, doc), "utf8")));
    expect(all.length).toBeGreaterThan(20);
    // What the README once said, and the forms a link takes.
    expect(namedDocuments("The design notes shared by the team are in `../shared/DESIGN.md`.")).toEqual([
      "../shared/DESIGN.md",
    ]);
    expect(
      linkTargets(
        '[a](../x.md#y) [b]: <c.md> <a href="d/e.md">e</a> [f](https://g.example) [h](#i)\n[j]: k.md',
      ),
    ).toEqual(["../x.md", "k.md", "d/e.md"]);
  });

  it("every relative link points to a file or folder of the repository", () => {
    const broken = DOCUMENTS.flatMap((doc) => {
      const dir = path.dirname(path.join(ROOT, doc));
      return linkTargets(readFileSync(path.join(ROOT, doc), "utf8"))
        .filter(
          (target) =>
            !inRepository(target.startsWith("/") ? path.join(ROOT, target) : path.resolve(dir, target)),
        )
        .map((target) => `${doc}: ${target}`);
    });
    expect(broken).toEqual([]);
  });

  it("every Markdown document named in code is in the repository (from the document's folder or the root)", () => {
    const missing = DOCUMENTS.flatMap((doc) => {
      const dir = path.dirname(path.join(ROOT, doc));
      return namedDocuments(readFileSync(path.join(ROOT, doc), "utf8"))
        .filter((name) => !inRepository(path.resolve(dir, name)) && !inRepository(path.resolve(ROOT, name)))
        .map((name) => `${doc}: ${name}`);
    });
    expect(missing).toEqual([]);
  });

  it("the design notes are docs/design.md, and the README says so", () => {
    expect(existsSync(path.join(ROOT, "docs/design.md"))).toBe(true);
    expect(readFileSync(path.join(ROOT, "README.md"), "utf8")).toMatch(/`docs\/design\.md`/);
  });
});
