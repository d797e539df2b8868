// What is verified is what was submitted (issue 11): once the focal point submits, the response
// they have open becomes read-only for them (doc:access read, each write refused with doc:error
// read_only and not stored) until CTED returns the case, when it is theirs to write again. Real
// Socket.IO server and clients, real Yjs, real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";

import type { SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { applyCaseEvent } from "~/domain/cases.server.ts";
import { caseDocName, fragmentText, loadDocument } from "~/domain/documents.server.ts";
import { addLinkOrReference } from "~/domain/evidence.server.ts";
import { currentUser } from "~/http/session.server.ts";
import { DEMO_ACCOUNTS } from "~tests/helpers/http.ts";
import {
  connectPeer,
  cookieFor,
  type Peer,
  responseText,
  saved,
  startRealtimeServer,
  synced,
  waitFor,
} from "~tests/helpers/realtime.ts";

let server: Awaited<ReturnType<typeof startRealtimeServer>>;
const peers: Peer[] = [];
const cookies: Record<"tjk" | "expert", string> = { tjk: "", expert: "" };
const users = {} as Record<"tjk" | "expert", SessionUser>;

beforeAll(async () => {
  server = await startRealtimeServer();
  for (const who of ["tjk", "expert"] as const) {
    cookies[who] = await cookieFor(DEMO_ACCOUNTS[who]);
    users[who] = (await currentUser(new Request("http://x", { headers: { cookie: cookies[who] } })))!;
  }
});
afterAll(async () => {
  for (const p of peers) p.close();
  await server.close();
});

const join = async (who: "tjk" | "expert", docId: string) => {
  const peer = connectPeer(server.url, cookies[who], docId);
  peers.push(peer);
  await synced(peer);
  return peer;
};

/** The response as stored, once everything received is written. */
async function storedText(docId: string) {
  await server.realtime.collab.flush();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadDocument(docId))!.update);
  return fragmentText(doc.getXmlFragment("response"));
}

async function send(who: "tjk" | "expert", caseId: string, type: string, reason?: string) {
  const { version } = await prisma().case.findUniqueOrThrow({ where: { id: caseId } });
  await applyCaseEvent(users[who], caseId, { type, version, reason } as never);
}

describe("the response under review", () => {
  it("refuses the focal point's writes with read_only while under review, and takes them again after RETURN", async () => {
    const c = await prisma().case.findUniqueOrThrow({ where: { ref: "TJK-2017-BC-01" } });
    expect(c.stateValue).toBe("in_progress.implementing");
    const docId = caseDocName(c.id);
    const focal = await join("tjk", docId);
    expect(focal.provider.access).toBe("write");
    responseText(focal.doc).insert(0, "Scanners installed at Dushanbe airport.");
    await saved(focal);

    await addLinkOrReference(users.tjk, c.id, {
      kind: "reference",
      title: "Installation act",
      text: "Act No. 9 of the Customs Service",
    });
    await send("tjk", c.id, "SUBMIT_EVIDENCE");
    await waitFor(() => focal.provider.access === "read", "doc:access read once submitted");

    const updatesBefore = await prisma().caseDocumentUpdate.count({ where: { docName: docId } });
    responseText(focal.doc).insert(0, "Changed after submitting. ");
    await waitFor(() => focal.provider.lastError?.error === "read_only", "doc:error read_only");
    expect(await prisma().caseDocumentUpdate.count({ where: { docName: docId } })).toBe(updatesBefore);
    expect(await storedText(docId)).toBe("Scanners installed at Dushanbe airport.");
    // Whoever opens it now reads what was submitted.
    const expert = await join("expert", docId);
    expect(expert.provider.access).toBe("read");
    expect(responseText(expert.doc).toString()).toBe("Scanners installed at Dushanbe airport.");

    await send("expert", c.id, "RETURN", "Please add the training records.");
    await waitFor(() => focal.provider.access === "write", "doc:access write once returned");
    // The refused change stays in that page only: the focal point opens the case afresh.
    focal.close();
    const reopened = await join("tjk", docId);
    responseText(reopened.doc).insert(responseText(reopened.doc).length, " 40 officers trained.");
    await saved(reopened);
    expect(await storedText(docId)).toBe("Scanners installed at Dushanbe airport. 40 officers trained.");
  });
});
