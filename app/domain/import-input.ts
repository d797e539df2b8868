// What confirming an import takes: the rows as the user corrected them (those left out are
// dropped), the links to earlier cases they confirmed, and who owns the new cases. The same
// schema serves the JSON API and the preview page's form. Messages are translation keys
// (imports:input), read in the request's language.
import { z } from "zod";

import { AREA_SLUG_PATTERN } from "~/lib/areas.ts";
import { id, text } from "~/lib/input-text.ts";

import { PRIORITIES } from "./case-input.ts";

/** The most rows one import holds: a long visit report has a few hundred recommendations. */
export const MAX_IMPORT_ROWS = 2000;

const rowKey = text().regex(/^\d{1,4}$/, "imports:input.rowKey");

export const ConfirmedRow = z.object({
  key: rowKey,
  // An area's slug; that it is one, and in use, is the domain's to check (thematic-areas.server.ts).
  area: text().regex(AREA_SLUG_PATTERN, "imports:input.area"),
  title: text().trim().min(3, "imports:input.titleMin").max(300, "imports:input.titleMax"),
  text: text().trim().min(1, "imports:input.required").max(20_000, "imports:input.textMax"),
  priority: z
    .enum(PRIORITIES, { errorMap: () => ({ message: `must be one of ${PRIORITIES.join(", ")}` }) })
    .default("MEDIUM"),
});
export type ConfirmedRow = z.infer<typeof ConfirmedRow>;

export const ImportConfirmation = z.object({
  rows: z.array(ConfirmedRow).max(MAX_IMPORT_ROWS, "imports:input.maxRows").optional(),
  links: z
    .array(
      z
        .object({
          // A row is named by its key, or by the reference the preview proposed for it.
          key: rowKey.optional(),
          ref: text().max(40, "imports:input.ref").optional(),
          followsCaseId: id(),
        })
        .refine((l) => l.key !== undefined || l.ref !== undefined, {
          message: "imports:input.linkRow",
        }),
    )
    .max(MAX_IMPORT_ROWS, "imports:input.maxLinks")
    .optional(),
  ownerId: id().optional(),
});
export type ImportConfirmation = z.infer<typeof ImportConfirmation>;
