// Evidence rules that need no database: who sees an item (visibility.ts maySeeEvidence, the twin
// of scopes.server.ts evidenceScope), a file's type from its bytes, the name it is kept under and
// how a download names it.
import { describe, expect, it } from "vitest";

import type { Person } from "~/access/capabilities.ts";
import { type CaseAudience, maySeeEvidence } from "~/access/visibility.ts";
import {
  contentDisposition,
  detectContentType,
  isPreviewable,
  sanitizeFileName,
} from "~/domain/evidence-files.server.ts";

const TJK_CASE: CaseAudience = {
  countryCode: "TJK",
  tasks: [
    { id: "task-unodc", assigneeOrgId: "org-unodc", state: "open" },
    { id: "task-osce", assigneeOrgId: "org-osce", state: "in_progress" },
    { id: "task-icao", assigneeOrgId: "org-icao", state: "proposed" },
  ],
};
const person = (role: Person["role"], orgId: string, countryCode: string | null = null): Person => ({
  role,
  organization: { id: orgId, countryCode },
});

describe("who sees an evidence item", () => {
  const items = { case: null, unodc: "task-unodc", osce: "task-osce", icao: "task-icao" } as const;
  const table: [string, Person, Record<keyof typeof items, boolean>][] = [
    ["CTED", person("CTED_EXPERT", "org-cted"), { case: true, unodc: true, osce: true, icao: true }],
    ["observer", person("OBSERVER", "org-ctc"), { case: true, unodc: true, osce: true, icao: true }],
    [
      "the case's State",
      person("GOVERNMENT_FOCAL_POINT", "org-tjk", "TJK"),
      { case: true, unodc: true, osce: true, icao: true },
    ],
    [
      "another State",
      person("GOVERNMENT_FOCAL_POINT", "org-kaz", "KAZ"),
      { case: false, unodc: false, osce: false, icao: false },
    ],
    [
      "a partner with a task",
      person("PARTNER_OFFICER", "org-unodc"),
      { case: false, unodc: true, osce: false, icao: false },
    ],
    [
      "a partner whose task is only proposed",
      person("PARTNER_OFFICER", "org-icao"),
      { case: false, unodc: false, osce: false, icao: false },
    ],
    [
      "a partner without a task",
      person("PARTNER_OFFICER", "org-interpol"),
      { case: false, unodc: false, osce: false, icao: false },
    ],
  ];
  for (const [who, p, expected] of table) {
    it(who, () => {
      for (const [item, taskId] of Object.entries(items) as [keyof typeof items, string | null][])
        expect(maySeeEvidence(p, TJK_CASE, { taskId }), item).toBe(expected[item]);
    });
  }
});

describe("a file's type, from its bytes", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  const CFB = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]);

  it("accepts documents and images whatever they are called, and refuses programs whatever they are called", async () => {
    expect(await detectContentType(bytes("%PDF-1.7\n%âãÏÓ\n"), "scan.jpg")).toBe("application/pdf");
    expect(
      await detectContentType(
        Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(60).fill(0)]),
        "report.pdf",
      ),
    ).toBeNull();
    expect(await detectContentType(bytes("MZ\u0090\u0000\u0003\u0000\u0000\u0000"), "report.pdf")).toBeNull();
    expect(
      await detectContentType(bytes("<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"), "logo.svg"),
    ).toBeNull();
  });

  it("accepts a Compound File only as a .doc or .xls, as that type", async () => {
    expect(await detectContentType(CFB, "minutes.doc")).toBe("application/msword");
    expect(await detectContentType(CFB, "budget.XLS")).toBe("application/vnd.ms-excel");
    expect(await detectContentType(CFB, "setup.msi")).toBeNull();
  });

  it("accepts text only under a text name, as UTF-8 without NUL", async () => {
    expect(await detectContentType(bytes("Приказ № 45\n"), "order.txt")).toBe("text/plain; charset=utf-8");
    expect(await detectContentType(bytes("a,b\n1,2\n"), "table.csv")).toBe("text/csv; charset=utf-8");
    expect(await detectContentType(bytes("# Report\n"), "report.md")).toBe("text/markdown; charset=utf-8");
    expect(await detectContentType(bytes("a,b\n"), "table.html")).toBeNull();
    expect(await detectContentType(bytes("a\u0000b"), "order.txt")).toBeNull();
    expect(await detectContentType(Uint8Array.from([0x61, 0xff, 0xfe, 0x62]), "order.txt")).toBeNull();
    // Markup named as text is kept as text: served as text/plain, never shown in place.
    expect(await detectContentType(bytes("<svg><script>alert(1)</script></svg>"), "logo.txt")).toBe(
      "text/plain; charset=utf-8",
    );
    // The sample may end inside a character: still text.
    expect(await detectContentType(bytes("Приказ").subarray(0, 3), "order.txt")).toBe(
      "text/plain; charset=utf-8",
    );
  });

  it("previews only PDFs and images", () => {
    expect(isPreviewable("application/pdf")).toBe(true);
    expect(isPreviewable("image/webp")).toBe(true);
    expect(isPreviewable("text/plain; charset=utf-8")).toBe(false);
    expect(isPreviewable("application/msword")).toBe(false);
    expect(isPreviewable(null)).toBe(false);
  });
});

describe("the name a file is kept under", () => {
  it("is its last path segment, without control or bidirectional characters", () => {
    expect(sanitizeFileName("C:\\fakepath\\decree.pdf")).toBe("decree.pdf");
    expect(sanitizeFileName("/etc/../decree.pdf")).toBe("decree.pdf");
    expect(sanitizeFileName("a\u0000b\u001fc\u007f\u0085.pdf")).toBe("abc.pdf");
    expect(sanitizeFileName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitizeFileName("half\uD800.pdf")).toBe("half.pdf");
    expect(sanitizeFileName("  ")).toBe("file");
    expect(sanitizeFileName("..")).toBe("file");
    expect(sanitizeFileName("dir/")).toBe("file");
  });

  it("is at most 200 characters, keeping its extension", () => {
    expect(sanitizeFileName(`${"й".repeat(250)}.docx`)).toBe(`${"й".repeat(195)}.docx`);
    expect(Array.from(sanitizeFileName("😀".repeat(300)))).toHaveLength(200);
    expect(sanitizeFileName(`a.${"x".repeat(300)}`)).toHaveLength(200);
  });

  it("is sent as UTF-8 with an ASCII stand-in", () => {
    expect(contentDisposition("attachment", 'Отчёт "final"; v2.pdf')).toBe(
      `attachment; filename="_____ _final__ v2.pdf"; filename*=UTF-8''${encodeURIComponent('Отчёт "final"; v2.pdf')}`,
    );
    expect(contentDisposition("inline", "it's (1).png")).toBe(
      `inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`,
    );
  });
});
