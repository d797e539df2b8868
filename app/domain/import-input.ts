// What confirming an import takes: the rows as the user corrected them (those left out are
// dropped), the links to earlier cases they confirmed, and who owns the new cases. The same
// schema serves the JSON API and the preview page's form.
import { z } from "zod";

import { AREA_SLUG_PATTERN } from "~/lib/areas.ts";
import { id, text } from "~/lib/input-text.ts";

import { PRIORITIES } from "./case-input.ts";

/** The most rows one import holds: a long visit report has a few hundred recommendations. */
export const MAX_IMPORT_ROWS = 2000;

const rowKey = text().regex(/^\d{1,4}$/, "must be a row number from the preview");

export const ConfirmedRow = z.object({
  key: rowKey,
  // An area's slug; that it is one, and in use, is the domain's to check (thematic-areas.server.ts).
  area: text().regex(AREA_SLUG_PATTERN, "must be one of the thematic areas"),
  title: text().trim().min(3, "must be at least 3 characters").max(300, "must be at most 300 characters"),
  text: text().trim().min(1, "is required").max(20_000, "must be at most 20,000 characters"),
  priority: z
    .enum(PRIORITIES, { errorMap: () => ({ message: `must be one of ${PRIORITIES.join(", ")}` }) })
    .default("MEDIUM"),
});
export type ConfirmedRow = z.infer<typeof ConfirmedRow>;

export const ImportConfirmation = z.object({
  rows: z.array(ConfirmedRow).max(MAX_IMPORT_ROWS, `must hold at most ${MAX_IMPORT_ROWS} rows`).optional(),
  links: z
    .array(
      z
        .object({
          // A row is named by its key, or by the reference the preview proposed for it.
          key: rowKey.optional(),
          ref: text().max(40, "must be a reference from the preview").optional(),
          followsCaseId: id(),
        })
        .refine((l) => l.key !== undefined || l.ref !== undefined, {
          message: "must name the row by its key or its proposed reference",
        }),
    )
    .max(MAX_IMPORT_ROWS, `must hold at most ${MAX_IMPORT_ROWS} links`)
    .optional(),
  ownerId: id().optional(),
});
export type ImportConfirmation = z.infer<typeof ImportConfirmation>;
