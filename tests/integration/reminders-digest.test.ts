// Reminders (once per user and due date, whatever runs them) and the email digest, sent to a real
// SMTP server listening on loopback in this test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { prisma } from "../../app/db/client.server.ts";
import { runReminders } from "../../app/jobs/reminders.server.ts";
import { runEmailDigest } from "../../app/jobs/email-digest.server.ts";
import { notify } from "../../app/domain/notifications.server.ts";

const received: { to: string[]; data: string }[] = [];
let smtp: SMTPServer;
let smtpUrl = "";

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, done) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString()));
      stream.on("end", () => {
        // Quoted-printable, as nodemailer sends text with non-ASCII in it: undo soft breaks and escapes.
        const text = data.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data: text });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

const user = (email: string) => prisma().user.findUniqueOrThrow({ where: { email } });
const reminders = () => prisma().notification.findMany({ where: { kind: { in: ["due_soon", "overdue"] } }, select: { userId: true, dedupeKey: true } });

describe("reminders", () => {
  it("reminds assignees of overdue and due-soon tasks once, however often and concurrently the job runs", async () => {
    const first = await Promise.all([runReminders(), runReminders(), runReminders()]);
    const stored = await reminders();
    expect(first.reduce((n, r) => n + r.reminders, 0)).toBe(stored.length);
    expect(new Set(stored.map((r) => `${r.userId}|${r.dedupeKey}`)).size).toBe(stored.length);
    const officer = await user("officer@interpol.example");
    const kinds = await prisma().notification.findMany({ where: { userId: officer.id, kind: { in: ["due_soon", "overdue"] } }, select: { kind: true, text: true } });
    expect(kinds.map((k) => k.kind).sort()).toEqual(["due_soon", "overdue"]);
    expect(kinds.find((k) => k.kind === "overdue")!.text).toMatch(/^Overdue since \d{4}-\d{2}-\d{2}: “Deploy I-24\/7 access at the Dushanbe airport border post” on TJK-2017-LE-02$/);
    // Hours later (a restart in between changes nothing: the keys are in the database).
    expect(await runReminders(new Date(Date.now() + 3 * 60 * 60 * 1000))).toEqual({ reminders: 0 });
  });

  it("reminds again when the due date moves, and when due soon turns overdue", async () => {
    const task = await prisma().task.findFirstOrThrow({ where: { title: "Train 40 border officers on INTERPOL notices and diffusions" } });
    const inTwentyDays = new Date(Date.now() + 20 * 24 * 60 * 60 * 1000);
    expect((await runReminders(inTwentyDays)).reminders).toBeGreaterThan(0);
    const officer = await user("officer@interpol.example");
    const forTask = await prisma().notification.findMany({ where: { userId: officer.id, taskId: task.id }, select: { kind: true } });
    expect(forTask.map((n) => n.kind).sort()).toEqual(["due_soon", "overdue"]);
  });
});

describe("the email digest", () => {
  it("mails each user one digest of what they have not read, as often as they chose, and never twice", async () => {
    const [expert, officer, observer] = [await user("expert@cted.example"), await user("officer@interpol.example"), await user("observer@ctc.example")];
    await prisma().user.update({ where: { id: officer.id }, data: { emailDigest: "HOURLY" } });
    await prisma().user.update({ where: { id: observer.id }, data: { emailDigest: "OFF" } });
    await notify([expert.id, officer.id, observer.id], { kind: "action_needed", text: "Digest test: something happened on TJK-2017-BC-01" });
    const options = { smtpUrl, from: "Follow-up <no-reply@followup.example>", appUrl: "https://followup.example.org" };
    const now = new Date();
    const first = await runEmailDigest(options, now);
    const recipients = received.map((m) => m.to[0]).sort();
    expect(recipients).toContain("expert@cted.example");
    expect(recipients).toContain("officer@interpol.example");
    expect(recipients).not.toContain("observer@ctc.example");
    expect(first.emails).toBe(received.length);
    const toOfficer = received.find((m) => m.to[0] === "officer@interpol.example")!.data;
    expect(toOfficer).toContain("Digest test: something happened on TJK-2017-BC-01");
    expect(toOfficer).toContain("https://followup.example.org/me/notifications");
    expect(toOfficer).toMatch(/Subject: Follow-up: \d+ new notifications?/);

    expect(await runEmailDigest(options, new Date(now.getTime() + 60_000))).toEqual({ emails: 0 });
    // An hour on, a new notification: the hourly reader gets it, the daily one waits.
    await notify([expert.id, officer.id], { kind: "action_needed", text: "Digest test: a second thing" });
    const count = received.length;
    expect(await runEmailDigest(options, new Date(now.getTime() + 61 * 60_000))).toEqual({ emails: 1 });
    expect(received.slice(count).map((m) => m.to[0])).toEqual(["officer@interpol.example"]);
    expect(received.at(-1)!.data).toContain("Digest test: a second thing");
    expect(received.at(-1)!.data).not.toContain("Digest test: something happened");
  });
});
