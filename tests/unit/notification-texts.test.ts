// Notifications and reminder summaries are worded for each recipient, in their language and zone,
// from translation keys: English (also for no or an unknown language) exactly as before, and the
// plural forms of each language. No database: the builders only translate.
import { describe, expect, it } from "vitest";

import { textFor } from "~/domain/notifications.server.ts";
import { summary } from "~/jobs/reminders.server.ts";
import type { PendingSummary } from "~/models/reminders.server.ts";

const reader = (locale: string | null, timeZone: string | null = null) => ({ locale, timeZone });
const done = textFor(
  (t) => t("notifications:text.taskDone", { name: "Marc Dubois", title: "Train", ref: "TJK-1" }),
  reader(null),
);

const pending = (over: Partial<PendingSummary>): PendingSummary => ({
  userId: "u",
  locale: null,
  timeZone: null,
  kind: "overdue",
  cases: 0,
  tasks: 0,
  first: [],
  ...over,
});
const refs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    label: `KAZ-${i + 1}`,
    key: `overdue:case:c${i}:2027-03-01`,
    caseId: `c${i}`,
    taskId: null,
  }));

describe("notification texts", () => {
  it("reads in English for no language or an unknown one, exactly as before", () => {
    expect(done).toBe("Marc Dubois completed “Train” on TJK-1");
    expect(textFor((t) => t("notifications:text.mention", { name: "A", ref: "R" }), reader("de"))).toBe(
      "A mentioned you in a comment on R",
    );
  });

  it("reads in the recipient's language", () => {
    const build = (t: (k: string, v?: Record<string, unknown>) => string) =>
      t("notifications:text.taskDone", { name: "Marc Dubois", title: "Train", ref: "TJK-1" });
    expect(textFor(build, reader("fr"))).toBe("Marc Dubois a achevé la tâche « Train » concernant TJK-1");
    expect(textFor(build, reader("ru"))).toContain("выполнена");
  });

  it("keeps a plain string as it is", () => {
    expect(textFor("as written", reader("ar"))).toBe("as written");
  });
});

describe("reminder summaries", () => {
  it("in English, as before: a count with the first three named and how many more", () => {
    const s = summary(pending({ cases: 31, first: refs(3) }));
    expect(s.text).toBe("31 of your recommendations are overdue: KAZ-1, KAZ-2, KAZ-3 and 28 more");
    const mixed = summary(pending({ kind: "due_soon", cases: 1, tasks: 2, first: refs(3) }));
    expect(mixed.text).toBe(
      "1 recommendation and 2 tasks of yours are due within 14 days: KAZ-1, KAZ-2, KAZ-3",
    );
  });

  it("one item: its due day as a calendar day in the reader's language", () => {
    expect(summary(pending({ cases: 1, first: refs(1) })).text).toBe(
      "Overdue since 1 Mar 2027: recommendation KAZ-1",
    );
    expect(summary(pending({ locale: "fr", cases: 1, first: refs(1) })).text).toBe(
      "En retard depuis le 1 mars 2027 : recommandation KAZ-1",
    );
  });

  it("uses each language's plural forms", () => {
    const ru = (n: number) => summary(pending({ locale: "ru", cases: n, first: refs(Math.min(n, 3)) })).text;
    expect(ru(21)).toMatch(/^Просрочена 21 ваша рекомендация: /);
    expect(ru(3)).toMatch(/^Просрочены 3 ваши рекомендации: /);
    expect(ru(5)).toMatch(/^Просрочено 5 ваших рекомендаций: .+ и ещё 2$/);
    const ar = summary(pending({ locale: "ar", cases: 2, first: refs(2) })).text;
    expect(ar).toBe("توصيتان من توصياتكم تجاوزتا موعدهما المحدد: KAZ-1، KAZ-2");
  });
});
