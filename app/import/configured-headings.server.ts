// The deployment's own heading mappings for imported reports, beside the defaults
// (area-headings.ts): a JSON object {"heading text": "area-slug"} in the file IMPORT_HEADINGS_FILE
// names, for a report template whose headings the defaults do not recognise. Read once; a file
// that is missing or wrong stops the import with a sentence for the administrator, not a 500.
import { readFile } from "node:fs/promises";

import { z } from "zod";

import { env } from "~/config/env.server.ts";
import { DomainError } from "~/domain/errors.server.ts";
import { AREA_SLUGS, type AreaSlug } from "~/lib/areas.ts";

const Headings = z.record(z.string().min(1), z.enum(AREA_SLUGS));

let loaded: Promise<Record<string, AreaSlug>> | undefined;

async function load(path: string): Promise<Record<string, AreaSlug>> {
  try {
    return Headings.parse(JSON.parse(await readFile(path, "utf8")));
  } catch {
    loaded = undefined; // a corrected file is read at the next import
    throw new DomainError(
      503,
      `Imports are not available: the heading mappings in ${path} (IMPORT_HEADINGS_FILE) could not be read; ` +
        `it must be a JSON object of heading text to thematic area, such as {"Border security": "border-control"}`,
    );
  }
}

/** The configured heading mappings ({} without IMPORT_HEADINGS_FILE). */
export function configuredHeadings(): Promise<Record<string, AreaSlug>> {
  const path = env().IMPORT_HEADINGS_FILE;
  if (!path) return Promise.resolve({});
  return (loaded ??= load(path));
}
