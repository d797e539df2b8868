// `npm run licences`: the licences of every package the app runs with (package-lock.json without
// the development-only ones), written to docs/licences.md. A licence comes from the lock file, or
// from the installed package's own package.json where the lock file has none.
// tests/unit/licences.test.ts checks that the file is current and every licence is one we accept.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Licences under which the app may be deployed by the UN without conditions on its own code. */
export const ACCEPTED = new Set([
  "MIT",
  "MIT/X11",
  "MIT-0",
  "ISC",
  "0BSD",
  "BSD",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "Apache-2.0",
  "(Apache-2.0 AND MIT)",
  "Unlicense",
  "(Unlicense OR Apache-2.0)",
  "BlueOak-1.0.0",
  "(MIT AND Zlib)",
  // Dual-licensed: used under MIT.
  "(MIT OR GPL-3.0-or-later)",
]);

/**
 * Packages that state no licence at all, each reviewed: why it is installed and whether the app
 * runs it. The test accepts these and no other UNKNOWN.
 */
export const REVIEWED_UNSTATED: Record<string, string> = {
  "buffers@0.1.1":
    "exceljs -> unzipper -> binary: used only to read XLSX files; the app writes them and never reads one",
};

interface LockEntry {
  version?: string;
  license?: string;
  dev?: boolean;
}

export interface PackageLicence {
  name: string;
  version: string;
  licence: string;
}

function ownLicence(path: string): string {
  const manifest = JSON.parse(readFileSync(`${ROOT}${path}/package.json`, "utf8")) as {
    license?: string | { type?: string };
    licenses?: { type?: string }[];
  };
  if (typeof manifest.license === "string") return manifest.license;
  return manifest.license?.type ?? manifest.licenses?.map((l) => l.type).join(" OR ") ?? "UNKNOWN";
}

/** Every package installed for production, by name and version (optional ones not installed here left out). */
export function productionLicences(): PackageLicence[] {
  const lock = JSON.parse(readFileSync(`${ROOT}package-lock.json`, "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const seen = new Map<string, PackageLicence>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === "" || entry.dev || !existsSync(`${ROOT}${path}/package.json`)) continue;
    const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    const version = entry.version ?? "";
    const licence = entry.license ?? ownLicence(path);
    const item = { name, version, licence };
    seen.set(`${name}@${item.version}`, item);
  }
  return [...seen.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
}

export function licencesMarkdown(items: PackageLicence[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.licence, (counts.get(i.licence) ?? 0) + 1);
  return [
    "# Licences of the packages the app runs with",
    "",
    "Written by `npm run licences` from `package-lock.json` (development-only packages left out);",
    "`tests/unit/licences.test.ts` fails when it is out of date or a licence is not one we accept.",
    "",
    "| licence | packages |",
    "|---|---|",
    ...[...counts.entries()].sort((a, b) => b[1] - a[1]).map(([l, n]) => `| ${l} | ${n} |`),
    "",
    ...(Object.keys(REVIEWED_UNSTATED).length
      ? [
          "Packages that state no licence, reviewed:",
          "",
          ...Object.entries(REVIEWED_UNSTATED).map(([p, why]) => `- ${p}: ${why}.`),
          "",
        ]
      : []),
    "| package | version | licence |",
    "|---|---|---|",
    ...items.map((i) => `| ${i.name} | ${i.version} | ${i.licence} |`),
    "",
  ].join("\n");
}

export const LICENCES_FILE = `${ROOT}docs/licences.md`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const items = productionLicences();
  writeFileSync(LICENCES_FILE, licencesMarkdown(items));
  console.log(`${items.length} packages written to docs/licences.md`);
}
