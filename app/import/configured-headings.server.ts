// The deployment's own heading mappings for imported reports, beside the defaults
// (area-headings.ts): a JSON object {"heading text": "area-slug"} in the file IMPORT_HEADINGS_FILE
// names, for a report template whose headings the defaults do not recognise. Read once; checked
// against the thematic areas at each import (CTED administers them: one may be added or retired
// since). A file that is missing or wrong, or names an area that does not exist, stops the import
// with a sentence for the administrator, not a 500.
import { readFile } from "node:fs/promises";

import { z } from "zod";

import { env } from "~/config/env.server.ts";
import { DomainError } from "~/domain/errors.server.ts";
import { AREA_SLUG_PATTERN } from "~/lib/areas.ts";

const Headings = z.record(z.string().min(1), z.string().regex(AREA_SLUG_PATTERN));

let loaded: Promise<Record<string, string>> | undefined;

const unavailable = (path: string, why: string) =>
  new DomainError(
    503,
    `Imports are not available: the heading mappings in ${path} (IMPORT_HEADINGS_FILE) ${why}`,
  );

async function load(path: string): Promise<Record<string, string>> {
  try {
    return Headings.parse(JSON.parse(await readFile(path, "utf8")));
  } catch {
    loaded = undefined; // a corrected file is read at the next import
    throw unavailable(
      path,
      `could not be read; it must be a JSON object of heading text to thematic area, such as {"Border security": "border-control"}`,
    );
  }
}

/** The configured heading mappings ({} without IMPORT_HEADINGS_FILE), each naming one of `areas`. */
export async function configuredHeadings(
  areas: readonly { slug: string }[],
): Promise<Record<string, string>> {
  const path = env().IMPORT_HEADINGS_FILE;
  if (!path) return {};
  const headings = await (loaded ??= load(path));
  const known = new Set(areas.map((a) => a.slug));
  const unknown = [...new Set(Object.values(headings))].filter((slug) => !known.has(slug));
  if (unknown.length > 0) {
    loaded = undefined;
    throw unavailable(
      path,
      `name ${unknown.map((slug) => `“${slug}”`).join(", ")}, which ${unknown.length === 1 ? "is not a thematic area" : "are not thematic areas"}: write an area's slug as the administration's thematic areas page shows it`,
    );
  }
  return headings;
}
