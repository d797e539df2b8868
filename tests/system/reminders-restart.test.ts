// The reminders job across a restart of the app: it runs again after the restart, and nobody is
// reminded twice of the same thing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { waitFor } from "~tests/helpers/realtime.ts";
import { logEntries, type RunningApp, signInOver, startApp } from "~tests/helpers/server.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "followup-reminders-"));
let app: RunningApp | undefined;
afterAll(async () => {
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// Every 2 seconds, so that the job is due again by the time the app is back.
const env = { DATA_DIR: dataDir, REMINDER_EVERY_MINUTES: String(2 / 60) };
const runs = (output: string) =>
  logEntries(output)
    .filter((entry) => entry.msg === "job done" && entry.job === "reminders")
    .map((entry) => Number(entry.reminders));

async function remindersOf(url: string) {
  const cookie = await signInOver(url, "officer@interpol.example");
  const { items } = await (await fetch(`${url}/api/me/notifications`, { headers: { cookie } })).json();
  return items
    .filter((n: { kind: string }) => n.kind === "due_soon" || n.kind === "overdue")
    .map((n: { text: string }) => n.text)
    .sort();
}

describe("reminders across a restart", () => {
  it("are produced once: after a restart the job runs again and sends nothing twice", async () => {
    app = await startApp(env);
    await waitFor(() => runs(app!.output()).length > 0, "the first reminders run", 30_000);
    expect(runs(app.output())[0]).toBeGreaterThan(0);
    const before = await remindersOf(app.url);
    expect(before).toHaveLength(2);
    await app.stop();

    app = await startApp(env);
    await waitFor(() => runs(app!.output()).length >= 2, "two runs after the restart", 30_000);
    expect(runs(app.output()).every((n) => n === 0)).toBe(true);
    expect(await remindersOf(app.url)).toEqual(before);
  });
});
