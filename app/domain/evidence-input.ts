// Input schemas for evidence items, shared by the JSON API and the case page's forms. Text fields
// start from text() (no NUL, no broken characters); a link is an http(s) address. Messages are
// translation keys (evidence:input), read in the request's language as "<field>: <problem>".
import { z } from "zod";

import { id, text } from "~/lib/input-text.ts";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const title = () =>
  z.preprocess(
    blankToUndefined,
    text().trim().min(1, "evidence:input.required").max(200, "evidence:input.max200"),
  );
const description = () =>
  z.preprocess(blankToUndefined, text().trim().max(2000, "evidence:input.max2000").optional());
const taskId = () => z.preprocess(blankToUndefined, id().optional());

/** An address a person can open: http or https, with a host. */
function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** What comes with a file (multipart fields other than the file itself). */
export const EvidenceFileFields = z
  .object({ title: title(), description: description(), taskId: taskId() })
  .strict();
export type EvidenceFileFields = z.infer<typeof EvidenceFileFields>;

/** A link (an address) or a reference (e.g. "Order No. 45 of the Ministry of Internal Affairs"). */
export const EvidenceNoteInput = z.discriminatedUnion(
  "kind",
  [
    z
      .object({
        kind: z.literal("link"),
        title: title(),
        description: description(),
        taskId: taskId(),
        url: z.preprocess(
          blankToUndefined,
          text().trim().max(2000, "evidence:input.max2000").refine(isWebAddress, "evidence:input.webAddress"),
        ),
      })
      .strict(),
    z
      .object({
        kind: z.literal("reference"),
        title: title(),
        description: description(),
        taskId: taskId(),
        text: z.preprocess(
          blankToUndefined,
          text().trim().min(1, "evidence:input.required").max(1000, "evidence:input.max1000"),
        ),
      })
      .strict(),
  ],
  { errorMap: () => ({ message: "evidence:input.kind" }) },
);
export type EvidenceNoteInput = z.infer<typeof EvidenceNoteInput>;
