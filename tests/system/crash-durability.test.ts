// Nothing acknowledged as saved is lost when the server is killed with SIGKILL mid-write: every
// transition the API answered 200 to is in the history after a restart on the same data folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { type RunningApp, startApp } from "~tests/helpers/server.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "followup-crash-"));
let app: RunningApp | undefined;
afterAll(async () => {
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(url: string) {
  const res = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "focal@tjk.example", password: "followup-demo" }),
  });
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

describe("a crash of the server", () => {
  it("loses no transition that was acknowledged", async () => {
    app = await startApp({ DATA_DIR: dataDir });
    const cookie = await signIn(app.url);
    const list = await (
      await fetch(`${app.url}/api/cases?state=drafted&country=TJK`, { headers: { cookie } })
    ).json();
    const target = list.items[0];
    let version: number = target.version;
    let acknowledged = 0;
    // REQUEST_CHANGES keeps the case drafted, so it can be sent again and again.
    const writer = (async () => {
      for (;;) {
        const res = await fetch(`${app!.url}/api/cases/${target.id}/events`, {
          method: "POST",
          headers: { "Content-Type": "application/json", cookie },
          body: JSON.stringify({ type: "REQUEST_CHANGES", version, reason: `change ${acknowledged + 1}` }),
        }).catch(() => null);
        if (!res) return;
        if (res.status !== 200) throw new Error(`unexpected ${res.status}`);
        version = (await res.json()).case.version;
        acknowledged++;
      }
    })();
    while (acknowledged < 40) await new Promise((r) => setTimeout(r, 5));
    app.process.kill("SIGKILL");
    await writer;
    await app.stop();

    app = await startApp({ DATA_DIR: dataDir });
    const history = await (
      await fetch(`${app.url}/api/cases/${target.id}/history`, { headers: { cookie: await signIn(app.url) } })
    ).json();
    const saved = history.items.filter((h: { type: string }) => h.type === "REQUEST_CHANGES").length;
    expect(saved).toBeGreaterThanOrEqual(acknowledged);
    // At most the one request in flight at the kill may have committed without its answer.
    expect(saved).toBeLessThanOrEqual(acknowledged + 1);
    // The reasons are exactly the acknowledged ones, in order.
    const reasons = history.items
      .filter((h: { type: string }) => h.type === "REQUEST_CHANGES")
      .map((h: { reason: string }) => h.reason);
    expect(reasons.slice(0, acknowledged)).toEqual(
      Array.from({ length: acknowledged }, (_, i) => `change ${i + 1}`),
    );
  });
});
