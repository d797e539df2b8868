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
import { type Message, t } from "~/i18n/i18n.server.ts";
import { AREA_SLUG_PATTERN } from "~/lib/areas.ts";

const Headings = z.record(z.string().min(1), z.string().regex(AREA_SLUG_PATTERN));

let loaded: Promise<Record<string, string>> | undefined;

/** 503, in the request's language (imports:reader.headings.*): for the administrator to fix. */
const unavailable = (message: Message) => new DomainError(503, message);

async function load(path: string): Promise<Record<string, string>> {
  try {
    return Headings.parse(JSON.parse(await readFile(path, "utf8")));
  } catch {
    loaded = undefined; // a corrected file is read at the next import
    throw unavailable({ key: "imports:reader.headings.unreadable", values: { path } });
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
    throw unavailable({
      key: "imports:reader.headings.unknownAreas",
      values: {
        path,
        count: unknown.length,
        slugs: unknown.map((name) => t("imports:reader.quoted", { name })).join(", "),
      },
    });
  }
  return headings;
}
