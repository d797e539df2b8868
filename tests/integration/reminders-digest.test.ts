// Reminders (once per user and due date, whatever runs them) and the email digest, sent to a real
// SMTP server listening on loopback in this test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { database, prisma } from "~/db/client.server.ts";
import { notify } from "~/domain/notifications.server.ts";
import { runEmailDigest } from "~/jobs/email-digest.server.ts";
import { runReminders } from "~/jobs/reminders.server.ts";
import { startSmtpCapture } from "~tests/helpers/smtp.ts";

let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
beforeAll(async () => (smtp = await startSmtpCapture()));
afterAll(() => smtp.close());

const user = (email: string) => prisma().user.findUniqueOrThrow({ where: { email } });
const reminders = () =>
  prisma().notification.findMany({
    where: { kind: { in: ["due_soon", "overdue"] } },
    select: { userId: true, kind: true, text: true },
  });
const overdueCasesOf = (ownerId: string, now = new Date()) =>
  prisma().case.count({
    where: { ownerId, state: { not: "verified" }, dueAt: { lt: new Date(now.toISOString().slice(0, 10)) } },
  });

describe("reminders", () => {
  it("tell each person once per kind, in one summary, however often and concurrently the job runs", async () => {
    const first = await Promise.all([runReminders(), runReminders(), runReminders()]);
    const stored = await reminders();
    expect(first.reduce((n, r) => n + r.notifications, 0)).toBe(stored.length);
    expect(new Set(stored.map((r) => `${r.userId}|${r.kind}`)).size).toBe(stored.length);
    expect(await prisma().reminderPending.count()).toBe(0);
    // One item: its own sentence, linked to it.
    const officer = await user("officer@interpol.example");
    const kinds = stored.filter((n) => n.userId === officer.id);
    expect(kinds.map((k) => k.kind).sort()).toEqual(["due_soon", "overdue"]);
    expect(kinds.find((k) => k.kind === "overdue")!.text).toMatch(
      /^Overdue since \d{1,2} [A-Z][a-z]{2,3} \d{4}: “Deploy I-24\/7 access at the Dushanbe airport border post” on TJK-2017-LE-02$/,
    );
    // Many: a count and the first few, not one notification per case.
    const expert = await user("expert@cted.example");
    const overdue = await overdueCasesOf(expert.id);
    expect(overdue).toBeGreaterThan(3);
    const summary = stored.filter((n) => n.userId === expert.id && n.kind === "overdue");
    expect(summary.map((n) => n.text)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${overdue} of your recommendations are overdue: [A-Z]{3}-\\d{4}-[A-Z]{2}-\\d{2}, .+, .+ and ${overdue - 3} more$`,
        ),
      ),
    ]);
    // Hours later (a restart in between changes nothing: what was told is in the database).
    expect(await runReminders(new Date(Date.now() + 3 * 60 * 60 * 1000))).toEqual({
      reminders: 0,
      notifications: 0,
    });
  });

  it("reminds again when the due date moves, and when due soon turns overdue", async () => {
    const task = await prisma().task.findFirstOrThrow({
      where: { title: "Train 40 border officers on INTERPOL notices and diffusions" },
    });
    const inTwentyDays = new Date(Date.now() + 20 * 24 * 60 * 60 * 1000);
    expect((await runReminders(inTwentyDays)).reminders).toBeGreaterThan(0);
    const officer = await user("officer@interpol.example");
    const forTask = await prisma().reminder.findMany({
      where: { userId: officer.id, taskId: task.id },
      select: { kind: true },
    });
    expect(forTask.map((n) => n.kind).sort()).toEqual(["due_soon", "overdue"]);
    const latest = await prisma().notification.findFirstOrThrow({
      where: { userId: officer.id, kind: "overdue" },
      orderBy: { id: "desc" },
    });
    expect(latest.text).toContain("“Train 40 border officers on INTERPOL notices and diffusions” on");
  });

  it("work in pages at scale: 2,000 overdue cases reach their owner and the State's focal point as one summary each", async () => {
    const expert = await user("expert@cted.example");
    const assessment = await prisma().assessment.findFirstOrThrow({ where: { countryCode: "KAZ" } });
    await runReminders(); // whatever is due already
    await database().sql.query(
      `INSERT INTO "Case" (id, ref, "assessmentId", "countryCode", area, title, text, state, "stateValue", snapshot, "workflowVersion", "ownerId", "dueAt", "updatedAt")
       SELECT 'bulk-' || i, 'KAZ-BULK-' || lpad(i::text, 4, '0'), $1, 'KAZ', c.area, c.title, c.text, c.state, c."stateValue", c.snapshot, c."workflowVersion", $2, DATE '2020-01-01', now()
       FROM generate_series(1, 2000) AS i, (SELECT * FROM "Case" WHERE "countryCode" = 'KAZ' AND state = 'drafted' LIMIT 1) AS c`,
      [assessment.id, expert.id],
    );
    const result = await runReminders();
    expect(result.reminders).toBe(4000);
    const kaz = await user("focal@kaz.example");
    for (const who of [expert, kaz]) {
      const told = await prisma().notification.findMany({
        where: { userId: who.id, kind: "overdue", text: { contains: "KAZ-BULK" } },
      });
      expect(told.map((n) => n.text)).toEqual([
        expect.stringMatching(
          /^2000 of your recommendations are overdue: KAZ-BULK-0001, KAZ-BULK-0002, KAZ-BULK-0003 and 1997 more$/,
        ),
      ]);
    }
    await database().sql.query(`DELETE FROM "Case" WHERE id LIKE 'bulk-%'`);
  });
});

describe("the email digest", () => {
  it("mails each user one digest of what they have not read, as often as they chose, and never twice", async () => {
    const [expert, officer, observer] = [
      await user("expert@cted.example"),
      await user("officer@interpol.example"),
      await user("observer@ctc.example"),
    ];
    await prisma().user.update({ where: { id: officer.id }, data: { emailDigest: "HOURLY" } });
    await prisma().user.update({ where: { id: observer.id }, data: { emailDigest: "OFF" } });
    await notify([expert.id, officer.id, observer.id], {
      kind: "action_needed",
      text: "Digest test: something happened on TJK-2017-BC-01",
    });
    const options = {
      smtpUrl: smtp.url,
      from: "Follow-up <no-reply@followup.example>",
      appUrl: "https://followup.example.org",
    };
    const now = new Date();
    const first = await runEmailDigest(options, now);
    const recipients = smtp.mails.map((m) => m.to).sort();
    expect(recipients).toContain("expert@cted.example");
    expect(recipients).toContain("officer@interpol.example");
    expect(recipients).not.toContain("observer@ctc.example");
    expect(first.emails).toBe(smtp.mails.length);
    const toOfficer = smtp.mails.find((m) => m.to === "officer@interpol.example")!.text;
    expect(toOfficer).toContain("Digest test: something happened on TJK-2017-BC-01");
    expect(toOfficer).toContain("https://followup.example.org/me/notifications");
    expect(toOfficer).toMatch(/Subject: Follow-up: \d+ new notifications?/);

    expect(await runEmailDigest(options, new Date(now.getTime() + 60_000))).toEqual({ emails: 0 });
    // An hour on, a new notification: the hourly reader gets it, the daily one waits.
    await notify([expert.id, officer.id], { kind: "action_needed", text: "Digest test: a second thing" });
    const count = smtp.mails.length;
    expect(await runEmailDigest(options, new Date(now.getTime() + 61 * 60_000))).toEqual({ emails: 1 });
    expect(smtp.mails.slice(count).map((m) => m.to)).toEqual(["officer@interpol.example"]);
    expect(smtp.mails.at(-1)!.text).toContain("Digest test: a second thing");
    expect(smtp.mails.at(-1)!.text).not.toContain("Digest test: something happened");
  });
});
