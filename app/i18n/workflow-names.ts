// The workflow's states in the reader's language (workflow:states), one rule wherever one is
// named: a nested value ("in_progress.under_review") by its last part, "Under review"; a value
// the translations do not know, as it is.
import type { Translate } from "./languages.ts";

export const stateName = (t: Translate, value: string): string =>
  t(`workflow:states.${value.split(".").at(-1)}`, { defaultValue: value });
