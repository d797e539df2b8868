// <Trans> reads its translated sentence as markup ("Added by <strong>{{name}}</strong>") after
// filling in the values. Values are data people typed (a task's title, a file's name): escaped
// first and unescaped as text after, "<time>" in a title stays the characters "<time>" instead of
// becoming an element (or breaking the page). Every <Trans> with `values` spreads this.
export const TRANS_WITH_DATA = {
  tOptions: { interpolation: { escapeValue: true } },
  shouldUnescape: true,
} as const;
