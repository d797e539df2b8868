// The demo submissions (demo-data.ts DEMO_SUBMISSIONS): for the demo cases that were submitted,
// the evidence they carried (files stored through the storage driver, as an upload would be),
// packaged into their last SUBMIT_EVIDENCE entry and marked as submitted in it; the response when
// the State agreed and as submitted, in the history entries from then on; and the response
// document holding the submitted text. Deterministic: fixed storage keys and Yjs client id, dates
// counted from the history's.
import { Readable } from "node:stream";

import * as Y from "yjs";

import { appendUpdates, caseDocName } from "~/domain/documents.server.ts";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { storage } from "~/storage/index.server.ts";

import { DEMO_SUBMISSIONS, type DemoEvidence } from "./demo-data.ts";
import { onePagePdf } from "./demo-pdf.ts";

const DAY = 24 * 60 * 60 * 1000;
/** The Yjs client id of the seeded documents: the same bytes on every run. */
const SEED_CLIENT_ID = 1;

/** A response document with one paragraph of text, as the editor writes it. */
function responseDocument(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = SEED_CLIENT_ID;
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("response").insert(0, [paragraph]);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

async function storePdf(key: string, pdf: NonNullable<DemoEvidence["pdf"]>) {
  const bytes = onePagePdf(pdf.heading, pdf.lines);
  const stored = await storage().put(key, Readable.from([bytes]), {
    maxBytes: bytes.length,
    contentType: "application/pdf",
  });
  return { fileName: pdf.fileName, storageKey: key, contentType: "application/pdf", ...stored };
}

export async function seedSubmissions(prisma: PrismaClient): Promise<void> {
  for (const [n, demo] of DEMO_SUBMISSIONS.entries()) {
    const c = await prisma.case.findFirstOrThrow({
      where: { title: demo.caseTitle },
      select: { id: true, ref: true, countryCode: true },
    });
    const entries = await prisma.caseEvent.findMany({
      where: { caseId: c.id, taskId: null },
      orderBy: { id: "asc" },
      select: { id: true, type: true, at: true, actorId: true },
    });
    const submit = entries.findLast((e) => e.type === "SUBMIT_EVIDENCE");
    if (!submit) throw new Error(`Demo submission for ${c.ref}: the case was never submitted`);
    const items = [];
    for (const [i, e] of demo.evidence.entries()) {
      const addedAt = new Date(submit.at.getTime() - e.daysBefore * DAY);
      const partner = e.partner
        ? {
            addedById: (await prisma.user.findUniqueOrThrow({ where: { email: e.partner.user } })).id,
            taskId: (await prisma.task.findFirstOrThrow({ where: { caseId: c.id, title: e.partner.task } }))
              .id,
          }
        : { addedById: submit.actorId, taskId: null };
      const file = e.pdf ? await storePdf(`demo-evidence-${n}-${i}`, e.pdf) : {};
      items.push(
        await prisma.evidence.create({
          data: {
            caseId: c.id,
            ...partner,
            kind: e.kind === "file" ? "FILE" : e.kind === "link" ? "LINK" : "REFERENCE",
            title: e.title,
            description: e.description ?? null,
            url: e.url ?? null,
            reference: e.reference ?? null,
            ...file,
            addedAt,
            storedAt: addedAt,
            submittedInEventId: submit.id,
          },
        }),
      );
    }
    // The package as the submission's own write records it (app/models/versioned-writes.server.ts).
    const pkg = items.map((i) => ({
      id: i.id,
      kind: i.kind.toLowerCase(),
      title: i.title,
      fileName: i.fileName,
      size: i.size,
      contentType: i.contentType,
      sha256: i.sha256,
      url: i.url,
      reference: i.reference,
    }));
    await prisma.caseEvent.update({ where: { id: submit.id }, data: { package: pkg } });
    if (!demo.response) continue;
    // Every entry records the response at its moment: the agreed text from the agreement on, the
    // submitted one from the submission on.
    const agreedAt = entries.findIndex((e) => e.type === "AGREE");
    for (const [i, e] of entries.entries()) {
      if (i < agreedAt) continue;
      const text = e.id >= submit.id ? demo.response.submitted : demo.response.agreed;
      await prisma.caseEvent.update({ where: { id: e.id }, data: { responseText: text } });
    }
    await appendUpdates([{ docName: caseDocName(c.id), update: responseDocument(demo.response.submitted) }]);
  }
}
