// Evidence on cases (issue 11): uploads streamed and checked by their bytes, links and references,
// downloads byte for byte, who adds, sees and deletes what, and what a submission freezes
// (SUBMIT_EVIDENCE needs evidence and packages it; VERIFY with open tasks needs a reason). The
// routes are called with real Requests on this file's own database (the default storage: the
// database); the HTTP stack (body limits, headers) through startInProcessApp.
import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { createTask } from "~/domain/tasks.server.ts";
import { currentUser } from "~/http/session.server.ts";
import * as caseRoute from "~/routes/api.cases.$id._index.ts";
import * as eventsRoute from "~/routes/api.cases.$id.events.ts";
import * as evidenceRoute from "~/routes/api.cases.$id.evidence.ts";
import * as contentRoute from "~/routes/api.evidence.$id.content.ts";
import * as itemRoute from "~/routes/api.evidence.$id.ts";
import * as pageRoute from "~/routes/cases.$id.evidence.tsx";
import { evidenceMaxBytes } from "~/storage/index.server.ts";
import { call, DEMO_ACCOUNTS, signInAs, startInProcessApp } from "~tests/helpers/http.ts";

type Who = keyof typeof DEMO_ACCOUNTS;
const cookies = {} as Record<Who, string>;
const users = {} as Record<Who, SessionUser>;

beforeAll(async () => {
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS) as [Who, string][]) {
    cookies[who] = await signInAs(email);
    users[who] = (await currentUser(new Request("http://x", { headers: { cookie: cookies[who] } })))!;
  }
});

// ---- bodies ----------------------------------------------------------------------------------

type Part =
  { name: string; value: string } | { name: string; filename: string; data: Uint8Array; type?: string };

const BOUNDARY = "----evidence-test-boundary-7f3a";
const CRLF = "\r\n";

/** A multipart/form-data body, part by part, as a browser sends it (`end: false` leaves it unfinished). */
function multipart(parts: Part[], { end = true } = {}): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${BOUNDARY}${CRLF}`));
    if ("value" in part) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"${CRLF}${CRLF}`));
      chunks.push(Buffer.from(part.value));
    } else {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.name}"; ${fileNameParam(part.filename)}${CRLF}` +
            `Content-Type: ${part.type ?? "application/octet-stream"}${CRLF}${CRLF}`,
        ),
      );
      chunks.push(Buffer.from(part.data));
    }
    chunks.push(Buffer.from(CRLF));
  }
  if (end) chunks.push(Buffer.from(`--${BOUNDARY}--${CRLF}`));
  return Buffer.concat(chunks);
}
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** As browsers send a name; one with control characters in RFC 5987's encoded form (filename*). */
const fileNameParam = (name: string) =>
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f]/.test(name) ? `filename*=UTF-8''${encodeURIComponent(name)}` : `filename="${name}"`;

const pdf = (text = "Decree No. 12") =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${text}\n${"%".repeat(2000)}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
  );
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201e2216bc40000000049454e44ae426082",
  "hex",
);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4000, 0x90)]);
const MZ = Buffer.concat([
  Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "latin1"),
  Buffer.alloc(4000, 1),
]);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

// ---- calls -----------------------------------------------------------------------------------

async function invoke(
  route: { loader?: unknown; action?: unknown },
  path: string,
  init: RequestInit & { duplex?: "half" },
  params: Record<string, string>,
): Promise<Response> {
  const request = new Request(`http://localhost${path}`, init);
  const handler = (init.method ?? "GET") === "GET" ? route.loader : route.action;
  try {
    return (await (handler as (args: unknown) => Promise<Response>)({
      request,
      params,
      context: {},
    })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** POST /api/cases/:id/evidence with a multipart body (or a stream of one). */
const upload = (who: Who, caseId: string, body: BodyInit | Buffer, contentType = MULTIPART) =>
  invoke(
    evidenceRoute,
    `/api/cases/${caseId}/evidence`,
    {
      method: "POST",
      headers: { cookie: cookies[who], "Content-Type": contentType },
      body: body as BodyInit,
      duplex: "half",
    },
    { id: caseId },
  );

const uploadFile = (
  who: Who,
  caseId: string,
  filename: string,
  data: Uint8Array,
  fields: Record<string, string> = {},
) =>
  upload(
    who,
    caseId,
    multipart([
      { name: "title", value: fields.title ?? `Evidence ${filename}` },
      ...Object.entries(fields)
        .filter(([name]) => name !== "title")
        .map(([name, value]) => ({ name, value })),
      { name: "file", filename, data },
    ]),
  );

const addNote = (who: Who, caseId: string, body: unknown) =>
  call(evidenceRoute, `/api/cases/${caseId}/evidence`, {
    cookie: cookies[who],
    params: { id: caseId },
    body,
  });

const list = async (who: Who, caseId: string) =>
  call(evidenceRoute, `/api/cases/${caseId}/evidence`, { cookie: cookies[who], params: { id: caseId } });

const download = (who: Who, id: string, query = "") =>
  invoke(contentRoute, `/api/evidence/${id}/content${query}`, { headers: { cookie: cookies[who] } }, { id });

const remove = (who: Who, id: string) =>
  invoke(itemRoute, `/api/evidence/${id}`, { method: "DELETE", headers: { cookie: cookies[who] } }, { id });

const getCase = (who: Who, id: string) =>
  call(caseRoute, `/api/cases/${id}`, { cookie: cookies[who], params: { id } });

async function send(who: Who, caseId: string, body: Record<string, unknown>) {
  const { version } = await prisma().case.findUniqueOrThrow({
    where: { id: caseId },
    select: { version: true },
  });
  return call(eventsRoute, `/api/cases/${caseId}/events`, {
    cookie: cookies[who],
    params: { id: caseId },
    body: { version, ...body },
  });
}

const caseByRef = (ref: string) => prisma().case.findUniqueOrThrow({ where: { ref } });
const orgId = async (shortName: string) =>
  (await prisma().organization.findUniqueOrThrow({ where: { shortName }, select: { id: true } })).id;

/** What is stored of evidence: every row (visible or not) and every chunk of bytes. */
async function storedFootprint() {
  const [rows, chunks] = await Promise.all([prisma().evidence.count(), prisma().storedChunk.count()]);
  return { rows, chunks };
}

/** The request must be refused with `status` and leave nothing behind. */
async function expectRefusedWithNothingStored(status: number, attempt: () => Promise<Response>) {
  const before = await storedFootprint();
  const res = await attempt();
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(typeof body.error).toBe("string");
  expect(await storedFootprint()).toEqual(before);
  return body;
}

// ---- files -----------------------------------------------------------------------------------

describe("files", () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = (await caseByRef("TJK-2017-BC-01")).id;
    expect((await caseByRef("TJK-2017-BC-01")).stateValue).toBe("in_progress.implementing");
  });

  it("uploads a PDF, lists it, and downloads it byte for byte with the download headers", async () => {
    const bytes = pdf("Order on API/PNR");
    const res = await uploadFile("tjk", caseId, "Order API-PNR (signed).pdf", bytes, {
      title: "Order on API and PNR",
      description: "Signed by the Minister on 3 May",
    });
    expect(res.status).toBe(201);
    const { evidence } = await res.json();
    expect(evidence).toMatchObject({
      kind: "file",
      title: "Order on API and PNR",
      description: "Signed by the Minister on 3 May",
      fileName: "Order API-PNR (signed).pdf",
      size: bytes.length,
      contentType: "application/pdf",
      sha256: sha256(bytes),
      url: null,
      reference: null,
      taskId: null,
      addedBy: { id: users.tjk.id, name: users.tjk.name },
      submitted: false,
      previewable: true,
      canDelete: true,
    });

    const listed = await (await list("expert", caseId)).json();
    const item = listed.items.find((i: { id: string }) => i.id === evidence.id);
    expect(Object.keys(item).sort()).toEqual(
      [
        "id",
        "kind",
        "title",
        "description",
        "fileName",
        "size",
        "contentType",
        "sha256",
        "url",
        "reference",
        "taskId",
        "addedBy",
        "addedAt",
        "submitted",
        "previewable",
        "canDelete",
      ].sort(),
    );
    // CTED may delete anyone's item until it is submitted; an observer nobody's.
    expect(item.canDelete).toBe(true);
    const observed = (await (await list("observer", caseId)).json()).items;
    expect(observed.find((i: { id: string }) => i.id === evidence.id).canDelete).toBe(false);

    const file = await download("observer", evidence.id);
    expect(file.status).toBe(200);
    const received = new Uint8Array(await file.arrayBuffer());
    expect(sha256(received)).toBe(evidence.sha256);
    expect(Buffer.from(received).equals(bytes)).toBe(true);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-length")).toBe(String(bytes.length));
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-disposition")).toBe(
      `attachment; filename="Order API-PNR (signed).pdf"; filename*=UTF-8''Order%20API-PNR%20%28signed%29.pdf`,
    );
    expect(file.headers.get("content-security-policy")).toBeNull();

    // The preview: shown in place, in a sandbox of its own.
    const preview = await download("tjk", evidence.id, "?inline=1");
    expect(preview.headers.get("content-disposition")).toMatch(/^inline; /);
    expect(preview.headers.get("content-security-policy")).toMatch(/^sandbox; default-src 'none'/);
    expect(sha256(new Uint8Array(await preview.arrayBuffer()))).toBe(evidence.sha256);
  });

  it("accepts the other types by their bytes, and names a download in UTF-8", async () => {
    const png = await uploadFile("expert", caseId, "Фото пункта пропуска.png", PNG);
    expect(png.status).toBe(201);
    const image = (await png.json()).evidence;
    expect(image).toMatchObject({
      contentType: "image/png",
      previewable: true,
      fileName: "Фото пункта пропуска.png",
    });
    const res = await download("tjk", image.id);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="____ ______ ________.png"; filename*=UTF-8''${encodeURIComponent("Фото пункта пропуска.png")}`,
    );

    const csv = await uploadFile(
      "tjk",
      caseId,
      "officers trained.csv",
      Buffer.from("name,date\nA. Rahimov,2024-05-03\n"),
    );
    expect(csv.status).toBe(201);
    const text = (await csv.json()).evidence;
    expect(text).toMatchObject({ contentType: "text/csv; charset=utf-8", previewable: false });
    // Not a PDF or an image: never shown in place, whatever the address asks.
    const asked = await download("tjk", text.id, "?inline=1");
    expect(asked.headers.get("content-disposition")).toMatch(/^attachment; /);
    expect(asked.headers.get("content-security-policy")).toBeNull();

    const legacy = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(2048, 7),
    ]);
    const doc = await uploadFile("tjk", caseId, "report.doc", legacy);
    expect(doc.status).toBe(201);
    expect((await doc.json()).evidence.contentType).toBe("application/msword");
  });

  it("keeps only the file's own name: no folders, control characters or separators, at most 200 characters", async () => {
    const long = `${"a".repeat(300)}.pdf`;
    const cases: [string, string][] = [
      ["C:\\Users\\rustam\\Desktop\\decree.pdf", "decree.pdf"],
      ["../../etc/passwd.pdf", "passwd.pdf"],
      ["dec\u0007ree\u202e.pdf", "decree.pdf"],
      [long, `${"a".repeat(196)}.pdf`],
    ];
    for (const [given, kept] of cases) {
      const res = await uploadFile("tjk", caseId, given, pdf(), { title: "Decree" });
      expect(res.status, given).toBe(201);
      expect((await res.json()).evidence.fileName).toBe(kept);
    }
  });

  it("refuses a renamed executable (415), an empty file (400) and a type it does not accept, keeping nothing", async () => {
    for (const [name, bytes] of [
      ["report.pdf", ELF],
      ["report.pdf", MZ],
      ["archive.zip", Buffer.from("504b0304140000000800", "hex")],
      ["notes.txt", Buffer.from("text with a \u0000 NUL")],
      [
        "installer.xls.exe",
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64)]),
      ],
    ] as const) {
      const body = await expectRefusedWithNothingStored(415, () => uploadFile("tjk", caseId, name, bytes));
      expect(body.error).toMatch(/not of a type accepted as evidence.*Accepted: PDF/);
    }
    const empty = await expectRefusedWithNothingStored(400, () =>
      uploadFile("tjk", caseId, "empty.pdf", Buffer.alloc(0)),
    );
    expect(empty.fields).toEqual({ file: "is empty" });
  });

  it("refuses a malformed or incomplete form (400), keeping nothing", async () => {
    // Cut off in the middle of the file.
    const cut = multipart(
      [
        { name: "title", value: "Cut" },
        { name: "file", filename: "a.pdf", data: pdf() },
      ],
      {
        end: false,
      },
    ).subarray(0, 600);
    await expectRefusedWithNothingStored(400, () => upload("tjk", caseId, cut));
    // The whole file, but the form never ends.
    const unfinished = multipart(
      [
        { name: "title", value: "Unfinished" },
        { name: "file", filename: "a.pdf", data: pdf() },
      ],
      {
        end: false,
      },
    );
    await expectRefusedWithNothingStored(400, () => upload("tjk", caseId, unfinished));
    // No boundary; no file; a field after the file; two files; an unknown field.
    await expectRefusedWithNothingStored(400, () =>
      upload("tjk", caseId, multipart([]), "multipart/form-data"),
    );
    await expectRefusedWithNothingStored(400, () =>
      upload("tjk", caseId, multipart([{ name: "title", value: "No file" }])),
    );
    const late = await expectRefusedWithNothingStored(400, () =>
      upload(
        "tjk",
        caseId,
        multipart([
          { name: "title", value: "Late" },
          { name: "file", filename: "a.pdf", data: pdf() },
          { name: "description", value: "after the file" },
        ]),
      ),
    );
    expect(late.fields).toEqual({ description: "must come before the file in the form" });
    await expectRefusedWithNothingStored(400, () =>
      upload(
        "tjk",
        caseId,
        multipart([
          { name: "title", value: "Two" },
          { name: "file", filename: "a.pdf", data: pdf() },
          { name: "file", filename: "b.pdf", data: pdf() },
        ]),
      ),
    );
    await expectRefusedWithNothingStored(400, () =>
      upload(
        "tjk",
        caseId,
        multipart([
          { name: "title", value: "x" },
          { name: "owner", value: "me" },
          { name: "file", filename: "a.pdf", data: pdf() },
        ]),
      ),
    );
    // No title.
    const untitled = await expectRefusedWithNothingStored(400, () =>
      upload("tjk", caseId, multipart([{ name: "file", filename: "a.pdf", data: pdf() }])),
    );
    expect(untitled.fields).toEqual({ title: "is required" });
    // Neither a form nor JSON.
    await expectRefusedWithNothingStored(415, () => upload("tjk", caseId, "plain text", "text/plain"));
  });

  it("refuses a file past EVIDENCE_MAX_MB (413) while it streams in, and keeps nothing of it", async () => {
    const max = evidenceMaxBytes();
    const head = Buffer.concat([
      Buffer.from(
        `--${BOUNDARY}${CRLF}Content-Disposition: form-data; name="title"${CRLF}${CRLF}Too large${CRLF}`,
      ),
      Buffer.from(
        `--${BOUNDARY}${CRLF}Content-Disposition: form-data; name="file"; filename="big.pdf"${CRLF}Content-Type: application/pdf${CRLF}${CRLF}`,
      ),
      pdf(),
    ]);
    const piece = Buffer.alloc(256 * 1024, 0x25);
    let sent = 0;
    // Generated as it is read: the test never holds the body either.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        if (sent > max + 512 * 1024) {
          controller.enqueue(Buffer.from(`${CRLF}--${BOUNDARY}--${CRLF}`));
          return controller.close();
        }
        controller.enqueue(piece);
        sent += piece.length;
      },
    });
    const refused = await expectRefusedWithNothingStored(413, () => upload("tjk", caseId, body));
    expect(refused.error).toMatch(/larger than 25 MB/);
  }, 120_000);
});

// ---- links and references ----------------------------------------------------------------------

describe("links and references", () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = (await caseByRef("TJK-2017-BC-02")).id;
  });

  it("adds a link and a reference; they have no content to download", async () => {
    const link = await addNote("tjk", caseId, {
      kind: "link",
      title: "Official gazette",
      url: "https://gazette.example.tj/2024/12",
      description: "Published on 12 May",
    });
    expect(link.status).toBe(201);
    const { evidence } = await link.json();
    expect(evidence).toMatchObject({
      kind: "link",
      url: "https://gazette.example.tj/2024/12",
      fileName: null,
      size: null,
    });
    const reference = await addNote("expert", caseId, {
      kind: "reference",
      title: "Ministerial order",
      text: "Order No. 45 of the Ministry of Internal Affairs",
    });
    expect(reference.status).toBe(201);
    expect((await reference.json()).evidence).toMatchObject({
      kind: "reference",
      reference: "Order No. 45 of the Ministry of Internal Affairs",
      url: null,
    });
    expect((await download("tjk", evidence.id)).status).toBe(404);
  });

  it("refuses what is not a link or a reference (400), keeping nothing", async () => {
    for (const [body, field] of [
      [{ kind: "link", title: "Script", url: "javascript:alert(1)" }, "url"],
      [{ kind: "link", title: "No address" }, "url"],
      [{ kind: "reference", title: "No text", text: "  " }, "text"],
      [{ kind: "reference", title: "", text: "Order No. 1" }, "title"],
      [{ kind: "file", title: "A file as JSON" }, "kind"],
      [{ kind: "link", title: "x", url: "https://a.example", owner: "me" }, "body"],
      [{ kind: "link", title: "x", url: "https://a.example", taskId: "not an id!" }, "taskId"],
      [{ kind: "link", title: "x\u0000", url: "https://a.example" }, "title"],
      [["link"], "body"],
    ] as const) {
      const res = await expectRefusedWithNothingStored(400, () => addNote("tjk", caseId, body));
      expect(Object.keys(res.fields)).toEqual([field]);
    }
  });

  it("may be added only while the case is being implemented (422)", async () => {
    for (const ref of ["TJK-2017-LJ-01", "TJK-2017-CF-02", "TJK-2017-GE-01"]) {
      const c = await caseByRef(ref);
      const res = await expectRefusedWithNothingStored(422, () =>
        addNote("tjk", c.id, { kind: "reference", title: "Too early or too late", text: "Order No. 2" }),
      );
      expect(res.error).toMatch(/^Adding evidence is not possible while the case is /);
    }
  });
});

// ---- who -------------------------------------------------------------------------------------

describe("who adds, sees and deletes", () => {
  let caseId: string;
  let interpolTask: string;
  let osceTask: string;
  let ctedItem: string;
  let focalItem: string;
  let partnerItem: string;
  beforeAll(async () => {
    caseId = (await caseByRef("TJK-2017-IC-01")).id;
    expect((await caseByRef("TJK-2017-IC-01")).stateValue).toBe("in_progress.implementing");
    const dueAt = new Date(Date.now() + 30 * 86_400_000);
    interpolTask = (
      await createTask(users.expert, caseId, {
        title: "INTERPOL's part",
        assigneeOrgId: await orgId("INTERPOL"),
        dueAt,
      })
    ).id;
    osceTask = (
      await createTask(users.expert, caseId, {
        title: "OSCE's part",
        assigneeOrgId: await orgId("OSCE"),
        dueAt,
      })
    ).id;
    ctedItem = (await (await uploadFile("expert", caseId, "cted.pdf", pdf("CTED"))).json()).evidence.id;
    focalItem = (
      await (await uploadFile("tjk", caseId, "focal.pdf", pdf("focal"), { taskId: osceTask })).json()
    ).evidence.id;
  });

  it("a partner adds evidence only for its own organisation's task", async () => {
    const withoutTask = await expectRefusedWithNothingStored(400, () =>
      uploadFile("partner", caseId, "p.pdf", pdf()),
    );
    expect(Object.keys(withoutTask.fields)).toEqual(["taskId"]);
    await expectRefusedWithNothingStored(400, () =>
      uploadFile("partner", caseId, "p.pdf", pdf(), { taskId: osceTask }),
    );
    const res = await uploadFile("partner", caseId, "interpol.pdf", pdf("INTERPOL"), {
      taskId: interpolTask,
    });
    expect(res.status).toBe(201);
    partnerItem = (await res.json()).evidence.id;
    const link = await addNote("partner", caseId, {
      kind: "link",
      title: "I-24/7 connection report",
      url: "https://interpol.example/report",
      taskId: interpolTask,
    });
    expect(link.status).toBe(201);
  });

  it("a partner sees only its own task's items; everyone else who sees the case sees them all", async () => {
    const ids = async (who: Who) =>
      (await (await list(who, caseId)).json()).items.map((i: { id: string }) => i.id);
    const partner = await ids("partner");
    expect(partner).toContain(partnerItem);
    expect(partner).not.toContain(ctedItem);
    expect(partner).not.toContain(focalItem);
    for (const who of ["admin", "expert", "tjk", "observer"] as const) {
      expect(await ids(who)).toEqual(expect.arrayContaining([ctedItem, focalItem, partnerItem]));
    }
    // Items and downloads it does not see are not found.
    for (const id of [ctedItem, focalItem]) {
      expect((await download("partner", id)).status).toBe(404);
      expect((await remove("partner", id)).status).toBe(404);
    }
    expect((await download("partner", partnerItem)).status).toBe(200);
  });

  it("another State, and a partner without a task, find nothing: 404 for the case, its items and downloads", async () => {
    const kazCase = await prisma().case.findFirstOrThrow({ where: { countryCode: "KAZ" } });
    expect((await list("kaz", caseId)).status).toBe(404);
    await expectRefusedWithNothingStored(404, () => uploadFile("kaz", caseId, "k.pdf", pdf()));
    await expectRefusedWithNothingStored(404, () =>
      addNote("kaz", caseId, { kind: "reference", title: "x", text: "y" }),
    );
    for (const id of [ctedItem, focalItem, partnerItem]) {
      const res = await download("kaz", id);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: "Evidence file not found", code: "not_found" });
      expect((await remove("kaz", id)).status).toBe(404);
    }
    expect((await list("tjk", kazCase.id)).status).toBe(404);
    expect((await download("tjk", "does-not-exist")).status).toBe(404);
    expect((await download("tjk", "%00")).status).toBe(404);
  });

  it("observers read only: 403 on adding and deleting", async () => {
    await expectRefusedWithNothingStored(403, () => uploadFile("observer", caseId, "o.pdf", pdf()));
    await expectRefusedWithNothingStored(403, () =>
      addNote("observer", caseId, { kind: "reference", title: "x", text: "y" }),
    );
    expect((await remove("observer", focalItem)).status).toBe(403);
  });

  it("deletes: the person who added it, or CTED; the bytes go with it", async () => {
    expect((await remove("tjk", ctedItem)).status).toBe(403);
    const keyOf = async (id: string) =>
      (await prisma().evidence.findUniqueOrThrow({ where: { id }, select: { storageKey: true } }))
        .storageKey!;
    const focalKey = await keyOf(focalItem);
    expect(await prisma().storedChunk.count({ where: { key: focalKey } })).toBeGreaterThan(0);
    expect((await remove("tjk", focalItem)).status).toBe(204);
    expect(await prisma().evidence.count({ where: { id: focalItem } })).toBe(0);
    expect(await prisma().storedChunk.count({ where: { key: focalKey } })).toBe(0);
    expect((await remove("tjk", focalItem)).status).toBe(404);
    const partnerKey = await keyOf(partnerItem);
    expect((await remove("admin", partnerItem)).status).toBe(204);
    expect(await prisma().storedChunk.count({ where: { key: partnerKey } })).toBe(0);
    expect((await remove("expert", ctedItem)).status).toBe(204);
    const wrongMethod = await invoke(
      itemRoute,
      `/api/evidence/x`,
      { method: "POST", headers: { cookie: cookies.tjk } },
      { id: "x" },
    );
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("DELETE");
  });
});

// ---- submission ------------------------------------------------------------------------------

describe("a submission freezes what is verified", () => {
  let caseId: string;
  let first: string;

  beforeAll(async () => {
    caseId = (await caseByRef("TJK-2017-CF-01")).id;
    expect((await caseByRef("TJK-2017-CF-01")).stateValue).toBe("in_progress.implementing");
    await createTask(users.expert, caseId, {
      title: "Check the freezing decree",
      assigneeOrgId: await orgId("INTERPOL"),
      dueAt: new Date(Date.now() + 10 * 86_400_000),
    });
  });

  it("SUBMIT_EVIDENCE without evidence: 422, nothing written", async () => {
    const before = await prisma().caseEvent.count({ where: { caseId } });
    const res = await send("tjk", caseId, { type: "SUBMIT_EVIDENCE" });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatch(/^Add at least one piece of evidence before submitting/);
    expect(await prisma().caseEvent.count({ where: { caseId } })).toBe(before);
    expect((await caseByRef("TJK-2017-CF-01")).stateValue).toBe("in_progress.implementing");
    expect((await (await getCase("tjk", caseId)).json()).submission).toBeNull();
  });

  it("with evidence: 200, the package in the history, the items submitted, and the case's submission", async () => {
    const bytes = pdf("Decree on targeted financial sanctions");
    first = (await (await uploadFile("tjk", caseId, "decree.pdf", bytes, { title: "Decree" })).json())
      .evidence.id;
    const link = (
      await (
        await addNote("tjk", caseId, { kind: "link", title: "Gazette", url: "https://gazette.example.tj/5" })
      ).json()
    ).evidence.id;
    const res = await send("tjk", caseId, { type: "SUBMIT_EVIDENCE" });
    expect(res.status).toBe(200);
    const { case: after } = await res.json();
    expect(after.stateValue).toBe("in_progress.under_review");
    expect(after.submission).toMatchObject({
      by: { id: users.tjk.id, name: users.tjk.name },
      evidenceIds: [first, link],
    });

    const entry = await prisma().caseEvent.findFirstOrThrow({
      where: { caseId, type: "SUBMIT_EVIDENCE" },
      orderBy: { id: "desc" },
    });
    expect(entry.package).toEqual([
      {
        id: first,
        kind: "file",
        title: "Decree",
        fileName: "decree.pdf",
        size: bytes.length,
        contentType: "application/pdf",
        sha256: sha256(bytes),
        url: null,
        reference: null,
      },
      {
        id: link,
        kind: "link",
        title: "Gazette",
        fileName: null,
        size: null,
        contentType: null,
        sha256: null,
        url: "https://gazette.example.tj/5",
        reference: null,
      },
    ]);
    expect(
      await prisma().evidence.count({ where: { id: { in: [first, link] }, submittedInEventId: entry.id } }),
    ).toBe(2);

    const seen = await (await getCase("expert", caseId)).json();
    expect(seen.submission).toEqual({
      at: entry.at.toISOString(),
      by: { id: users.tjk.id, name: users.tjk.name },
      responseText: entry.responseText,
      evidenceIds: [first, link],
    });
    const items = (await (await list("expert", caseId)).json()).items;
    expect(items.every((i: { submitted: boolean; canDelete: boolean }) => i.submitted && !i.canDelete)).toBe(
      true,
    );
  });

  it("submitted evidence can no longer be deleted (409), nor added to while under review (422)", async () => {
    for (const who of ["tjk", "expert"] as const) {
      const res = await remove(who, first);
      expect(res.status).toBe(409);
      expect((await res.json()).error).toMatch(/submitted with the case/);
    }
    expect(await prisma().evidence.count({ where: { id: first } })).toBe(1);
    await expectRefusedWithNothingStored(422, () => uploadFile("tjk", caseId, "late.pdf", pdf()));
  });

  it("a partner reads the submission without the response, and only its own items", async () => {
    const seen = await (await getCase("partner", caseId)).json();
    expect(seen.submission).toMatchObject({ responseText: null, evidenceIds: [] });
  });

  it("VERIFY with open tasks: 422 naming them; with a reason, 200 and the reason in the history", async () => {
    const refused = await send("verifier", caseId, { type: "VERIFY" });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toBe(
      'This case has open tasks: "Check the freezing decree". Give a reason to verify it anyway.',
    );
    expect((await caseByRef("TJK-2017-CF-01")).stateValue).toBe("in_progress.under_review");
    const reason = "The decree is in force; INTERPOL's check continues under another case.";
    const res = await send("verifier", caseId, { type: "VERIFY", reason });
    expect(res.status).toBe(200);
    expect((await res.json()).case.submission.evidenceIds).toEqual([first, expect.any(String)]);
    const entry = await prisma().caseEvent.findFirstOrThrow({
      where: { caseId, type: "VERIFY" },
      orderBy: { id: "desc" },
    });
    expect(entry.reason).toBe(reason);
  });

  it("after reopening, a new submission needs new evidence, and packages the old with the new", async () => {
    expect((await send("expert", caseId, { type: "REOPEN", reason: "The decree was amended" })).status).toBe(
      200,
    );
    expect((await (await getCase("tjk", caseId)).json()).submission).toBeNull();
    expect((await send("tjk", caseId, { type: "SUBMIT_EVIDENCE" })).status).toBe(422);
    const added = await addNote("tjk", caseId, {
      kind: "reference",
      title: "Amendment",
      text: "Decree No. 77 of 2025",
    });
    const amendment = (await added.json()).evidence.id;
    const res = await send("tjk", caseId, { type: "SUBMIT_EVIDENCE" });
    expect(res.status).toBe(200);
    const ids = (await res.json()).case.submission.evidenceIds;
    expect(ids).toHaveLength(3);
    expect(ids.at(-1)).toBe(amendment);
    // The first package is unchanged, and its items still point to it.
    const entries = await prisma().caseEvent.findMany({
      where: { caseId, type: "SUBMIT_EVIDENCE" },
      orderBy: { id: "asc" },
    });
    expect(entries).toHaveLength(2);
    expect((entries[0]!.package as unknown[]).length).toBe(2);
    expect((await prisma().evidence.findUniqueOrThrow({ where: { id: first } })).submittedInEventId).toBe(
      entries[0]!.id,
    );
    expect((await prisma().evidence.findUniqueOrThrow({ where: { id: amendment } })).submittedInEventId).toBe(
      entries[1]!.id,
    );
  });
});

// ---- the case page's form ------------------------------------------------------------------------

describe("the case page's form (POST /cases/:id/evidence)", () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = (await caseByRef("TJK-2017-BC-02")).id;
  });
  const post = (body: BodyInit | Buffer, contentType: string, query = "") =>
    invoke(
      pageRoute,
      `/cases/${caseId}/evidence${query}`,
      {
        method: "POST",
        headers: { cookie: cookies.tjk, "Content-Type": contentType },
        body: body as BodyInit,
        duplex: "half",
      },
      { id: caseId },
    );

  it("adds a file and goes back to the case page", async () => {
    const res = await post(
      multipart([
        { name: "title", value: "Training records" },
        { name: "description", value: "" },
        { name: "taskId", value: "" },
        { name: "file", filename: "records.pdf", data: pdf("records") },
      ]),
      MULTIPART,
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/cases/${caseId}?done=EVIDENCE_ADDED#evidence`);
  });

  it("adds a link from a plain form, and deletes an item", async () => {
    const added = await post(
      new URLSearchParams({ kind: "link", title: "Photos", url: "https://photos.example.tj/1" }).toString(),
      "application/x-www-form-urlencoded",
    );
    expect(added.headers.get("location")).toBe(`/cases/${caseId}?done=EVIDENCE_ADDED#evidence`);
    const item = await prisma().evidence.findFirstOrThrow({ where: { caseId, title: "Photos" } });
    const deleted = await post(
      new URLSearchParams({ intent: "delete", evidenceId: item.id }).toString(),
      "application/x-www-form-urlencoded",
    );
    expect(deleted.headers.get("location")).toBe(`/cases/${caseId}?done=EVIDENCE_DELETED#evidence`);
    expect(await prisma().evidence.count({ where: { id: item.id } })).toBe(0);
  });

  it("another method: 405, as on every page; a GET goes to the case page", async () => {
    const put = await invoke(
      pageRoute,
      `/cases/${caseId}/evidence`,
      {
        method: "PUT",
        headers: { cookie: cookies.tjk, "Content-Type": "application/x-www-form-urlencoded" },
        body: "kind=link",
      },
      { id: caseId },
    );
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("POST");
    const get = await invoke(
      pageRoute,
      `/cases/${caseId}/evidence`,
      { headers: { cookie: cookies.tjk } },
      { id: caseId },
    );
    expect(get.headers.get("location")).toBe(`/cases/${caseId}#evidence`);
  });

  it("a refusal: back to the page with the sentence, or the field and its sentence", async () => {
    const before = await storedFootprint();
    const file = multipart([
      { name: "title", value: "Program" },
      { name: "file", filename: "a.pdf", data: ELF },
    ]);
    const plain = await post(file, MULTIPART);
    expect(plain.status).toBe(302);
    const location = new URL(plain.headers.get("location")!, "http://x");
    expect(location.pathname).toBe(`/cases/${caseId}`);
    expect(location.searchParams.get("evidenceError")).toMatch(/not of a type accepted as evidence/);
    // Remix strips ?_data before actions, so scripts get the same redirect; a field's refusal names
    // the field, for the page to word ("Title must not be empty.").
    const untitled = multipart([
      { name: "title", value: "" },
      { name: "file", filename: "a.pdf", data: pdf() },
    ]);
    const refused = new URL((await post(untitled, MULTIPART)).headers.get("location")!, "http://x");
    expect(refused.searchParams.get("evidenceError")).toMatch(/^title: /);
    expect(await storedFootprint()).toEqual(before);
  });
});

// ---- a race ----------------------------------------------------------------------------------

describe("a deletion racing a submission", () => {
  it("either deletes the item before it is packaged, or is refused because it was (never half of each)", async () => {
    const caseId = (await caseByRef("TJK-2017-BC-02")).id;
    const note = async (title: string) =>
      (await (await addNote("tjk", caseId, { kind: "reference", title, text: "Order No. 5" })).json())
        .evidence.id as string;
    const kept = await note("Kept");
    const racing = await note("Deleted while submitting");
    const [submitted, deleted] = await Promise.all([
      send("tjk", caseId, { type: "SUBMIT_EVIDENCE" }),
      remove("tjk", racing),
    ]);
    expect(submitted.status).toBe(200);
    const entry = await prisma().caseEvent.findFirstOrThrow({
      where: { caseId, type: "SUBMIT_EVIDENCE" },
      orderBy: { id: "desc" },
    });
    const packaged = (entry.package as { id: string }[]).map((i) => i.id);
    expect(packaged).toContain(kept);
    const left = await prisma().evidence.count({ where: { id: racing } });
    if (deleted.status === 204) {
      expect(packaged).not.toContain(racing);
      expect(left).toBe(0);
    } else {
      expect(deleted.status).toBe(409);
      expect(packaged).toContain(racing);
      expect(left).toBe(1);
    }
  });
});

// ---- the HTTP stack --------------------------------------------------------------------------

describe("through the HTTP stack", () => {
  let app: Awaited<ReturnType<typeof startInProcessApp>>;
  let caseId: string;
  beforeAll(async () => {
    app = await startInProcessApp();
    caseId = (await caseByRef("TJK-2017-BC-01")).id;
  });
  afterAll(() => app?.close());

  it("takes a file larger than the forms' 1 MiB limit", async () => {
    const bytes = Buffer.concat([pdf(), Buffer.alloc(3 * 1024 * 1024, 0x25)]);
    const res = await fetch(`${app.url}/api/cases/${caseId}/evidence`, {
      method: "POST",
      headers: { cookie: cookies.tjk, "Content-Type": MULTIPART },
      body: multipart([
        { name: "title", value: "Large scan" },
        { name: "file", filename: "scan.pdf", data: bytes },
      ]) as BodyInit,
    });
    expect(res.status).toBe(201);
    const { evidence } = await res.json();
    expect(evidence.sha256).toBe(sha256(bytes));
    const file = await fetch(`${app.url}/api/evidence/${evidence.id}/content`, {
      headers: { cookie: cookies.tjk },
    });
    expect(file.headers.get("content-length")).toBe(String(bytes.length));
    expect(sha256(new Uint8Array(await file.arrayBuffer()))).toBe(evidence.sha256);
    // The preview carries its sandbox together with the app's own policy.
    const preview = await fetch(`${app.url}/api/evidence/${evidence.id}/content?inline=1`, {
      headers: { cookie: cookies.tjk },
    });
    const policy = preview.headers.get("content-security-policy")!;
    expect(policy).toContain("sandbox; default-src 'none'");
    expect(policy).toMatch(/script-src 'self' 'nonce-/);
    await preview.arrayBuffer();
  });

  it("refuses at once a body whose Content-Length is past the limit (413), reading none of it", async () => {
    const before = await storedFootprint();
    const declared = evidenceMaxBytes() + 2 * 1024 * 1024;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${app.url}/api/cases/${caseId}/evidence`, {
        method: "POST",
        headers: { cookie: cookies.tjk, "Content-Type": MULTIPART, "Content-Length": String(declared) },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on("error", reject);
      req.write(Buffer.alloc(1024));
    });
    expect(status).toBe(413);
    expect(await storedFootprint()).toEqual(before);
  });
});
