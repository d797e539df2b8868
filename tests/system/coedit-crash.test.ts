// A kill -9 of the server while two people type: no update that was reported saved is lost, and
// clients reconnect by themselves and converge.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { connectPeer, type Peer, responseText, synced, typist, waitFor } from "~tests/helpers/realtime.ts";
import { freePort, type RunningApp, signInOver as cookieFor, startApp } from "~tests/helpers/server.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "followup-coedit-crash-"));
let app: RunningApp | undefined;
const peers: Peer[] = [];
afterAll(async () => {
  for (const p of peers) p.close();
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a kill -9 of the server during co-editing", () => {
  it("loses nothing reported saved; clients reconnect and converge", async () => {
    const port = await freePort();
    app = await startApp({ DATA_DIR: dataDir, PORT: String(port) });
    const expertCookie = await cookieFor(app.url, "expert@cted.example");
    const { items } = await (
      await fetch(`${app.url}/api/cases?q=TJK-2017-IC-01`, { headers: { cookie: expertCookie } })
    ).json();
    const docId = `case:${items[0].id}`;
    const a = connectPeer(app.url, expertCookie, docId);
    const b = connectPeer(app.url, await cookieFor(app.url, "focal@tjk.example"), docId);
    peers.push(a, b);
    await Promise.all([a, b].map(synced));
    responseText(a.doc);
    await waitFor(() => b.doc.getXmlFragment("response").length === 1, "b to get the paragraph");
    const ta = typist(a, "a");
    const tb = typist(b, "b");
    while (ta.saved.length + tb.saved.length < 150) {
      ta.type();
      tb.type();
      await new Promise((r) => setTimeout(r, 3));
    }
    app.process.kill("SIGKILL");
    await app.stop();
    // b's browser is closed in the crash: only the server can give back what b saved.
    b.socket.disconnect();
    const bSaved = [...tb.saved];
    const aSaved = [...ta.saved];
    ta.type(); // typed while the server is down

    app = await startApp({ DATA_DIR: dataDir, PORT: String(port) });
    const c = connectPeer(app.url, await cookieFor(app.url, "verifier@cted.example"), docId);
    peers.push(c);
    await synced(c);
    const textC = () => c.doc.getXmlFragment("response").toString();
    for (const marker of bSaved) expect(textC()).toContain(marker);
    // a reconnects by itself, sends what the server lacks, and everyone converges.
    await waitFor(() => a.provider.status === "saved", "a to reconnect and save", 20_000);
    await waitFor(() => textC() === a.doc.getXmlFragment("response").toString(), "convergence", 20_000);
    for (const marker of [...aSaved, ...bSaved]) expect(textC()).toContain(marker);
    expect(bSaved.length).toBeGreaterThan(10);
  });
});
