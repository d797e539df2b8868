// The reminders job across a restart of the app: it runs again after the restart, and nobody is
// reminded twice of the same thing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import {
  dayFromToday,
  makeCase,
  makePartner,
  makeState,
  makeTask,
  sessionOf,
} from "~tests/helpers/factories.ts";
import { DEMO_ACCOUNTS } from "~tests/helpers/http.ts";
import { waitFor } from "~tests/helpers/realtime.ts";
import { logEntries, onDataDir, type RunningApp, signInOver, startApp } from "~tests/helpers/server.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "followup-reminders-"));
let app: RunningApp | undefined;
afterAll(async () => {
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// Every half second, so that the job is due again by the time the app is back, and its runs
// after the restart are not long in coming.
const env = { DATA_DIR: dataDir, REMINDER_EVERY_MINUTES: String(0.5 / 60) };
const runs = (output: string) =>
  logEntries(output)
    .filter((entry) => entry.msg === "job done" && entry.job === "reminders")
    .map((entry) => Number(entry.reminders));

async function remindersOf(url: string, email: string) {
  const cookie = await signInOver(url, email);
  const { items } = await (await fetch(`${url}/api/me/notifications`, { headers: { cookie } })).json();
  return items
    .filter((n: { kind: string }) => n.kind === "due_soon" || n.kind === "overdue")
    .map((n: { text: string }) => n.text)
    .sort();
}

describe("reminders across a restart", () => {
  it("are produced once: after a restart the job runs again and sends nothing twice", async () => {
    // A partner with two tasks on a new State's case, one overdue and one due soon, made in the
    // app's database before it starts.
    const made = await onDataDir(dataDir, async () => {
      const expert = await sessionOf({ email: DEMO_ACCOUNTS.expert });
      const partner = await makePartner();
      const c = await makeCase(expert, await makeState());
      const assigned = { assigneeOrgId: partner.organizationId };
      const overdue = await makeTask(expert, c.id, { ...assigned, dueAt: dayFromToday(-3) });
      const dueSoon = await makeTask(expert, c.id, { ...assigned, dueAt: dayFromToday(5) });
      return { officer: partner.officer.email, overdue: overdue.title, dueSoon: dueSoon.title };
    });
    app = await startApp(env);
    await waitFor(() => runs(app!.output()).length > 0, "the first reminders run", 30_000);
    expect(runs(app.output())[0]).toBeGreaterThan(0);
    // One reminder of each kind, each about its task.
    const before = await remindersOf(app.url, made.officer);
    expect(before).toHaveLength(2);
    expect(before.find((text: string) => text.startsWith("Due on"))).toContain(made.dueSoon);
    expect(before.find((text: string) => text.startsWith("Overdue since"))).toContain(made.overdue);
    await app.stop();

    app = await startApp(env);
    await waitFor(() => runs(app!.output()).length >= 2, "two runs after the restart", 30_000);
    expect(runs(app.output()).every((n) => n === 0)).toBe(true);
    expect(await remindersOf(app.url, made.officer)).toEqual(before);
  });
});
