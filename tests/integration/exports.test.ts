// GET /api/cases/export.csv and export.xlsx through the whole HTTP stack (startInProcessApp) on
// this file's own database: each account's export holds exactly what GET /api/cases lists for it
// with the same filters, across pages of the export; cells that a spreadsheet would run as a
// formula are neutralised in both formats; bad filters and anonymous requests are refused as the
// list refuses them.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { env } from "~/config/env.server.ts";
import { prisma } from "~/db/client.server.ts";
import { EXPORT_PAGE_SIZE } from "~/reports/case-export.server.ts";
import {
  dayFromToday,
  makeCase,
  makeCtedExpert,
  makePartner,
  makeState,
  makeTask,
  moveCase,
  sessionOf,
  type State,
} from "~tests/helpers/factories.ts";
import { DEMO_ACCOUNTS, signInAs, startInProcessApp } from "~tests/helpers/http.ts";
import { copiesOfCase, csvRows, zippedText } from "~tests/helpers/reports.ts";

const HEADER = [
  "Reference",
  "Country",
  "Thematic area",
  "Title",
  "State",
  "Priority",
  "Owner",
  "Due date",
  "Overdue",
  "Last updated",
  "Link",
];
const FORMULA_TITLES = ['=HYPERLINK("http://evil.example")', "+1 border post", "-2 checkpoints", "@SUM(A1)"];
const TODAY = new Date().toISOString().slice(0, 10);

let app: Awaited<ReturnType<typeof startInProcessApp>>;
const cookies = {} as Record<keyof typeof DEMO_ACCOUNTS, string>;
let state: State;
let stateCookie: string;
let partnerCookie: string;
let formulaRefs: string[];

beforeAll(async () => {
  app = await startInProcessApp();
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS)) {
    cookies[who as keyof typeof DEMO_ACCOUNTS] = await signInAs(email);
  }
  // A State of its own: cases in several states and areas, one with a partner's task, and the
  // titles that look like formulas; then enough copies to fill more than two export pages.
  const by = await sessionOf(await makeCtedExpert());
  state = await makeState();
  const focal = await sessionOf(state.focal);
  const agreed = async (area: "border-control" | "law-enforcement") => {
    // Overdue: a past due date, given (the visit's default is past, so a case gets none by itself).
    const made = await makeCase(by, state, { area, dueAt: dayFromToday(-10) });
    await moveCase(made.id, [{ type: "AGREE", by: focal }]);
    return made;
  };
  await agreed("border-control");
  await agreed("border-control");
  await agreed("law-enforcement");
  const withTask = await makeCase(by, state, { area: "law-enforcement" });
  const partner = await makePartner();
  await makeTask(by, withTask.id, { assigneeOrgId: partner.organizationId, dueAt: dayFromToday(30) });
  formulaRefs = [];
  for (const title of FORMULA_TITLES) formulaRefs.push((await makeCase(by, state, { title })).ref);
  await copiesOfCase(withTask.id, 2 * EXPORT_PAGE_SIZE + 7, `${state.countryCode}-COPY`);
  stateCookie = await signInAs(state.focal.email);
  partnerCookie = await signInAs(partner.officer.email);
});
afterAll(() => app?.close());

const get = (cookie: string | undefined, path: string) =>
  fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {} });

/** Every reference GET /api/cases lists with this query, page after page. */
async function listedRefs(cookie: string, query = ""): Promise<string[]> {
  const refs: string[] = [];
  for (let page = 1; ; page++) {
    const res = await get(cookie, `/api/cases?${query}&pageSize=100&page=${page}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { ref: string }[]; total: number };
    refs.push(...body.items.map((c) => c.ref));
    if (refs.length >= body.total || body.items.length === 0) return refs;
  }
}

/** The export's rows (header first) and the response. */
async function csv(cookie: string, query = "") {
  const res = await get(cookie, `/api/cases/export.csv?${query}`);
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, rows: csvRows(Buffer.from(bytes).toString("utf8")) };
}

async function xlsx(cookie: string, query = "") {
  const res = await get(cookie, `/api/cases/export.xlsx?${query}`);
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  return { res, bytes, sheet: workbook.getWorksheet("Cases")! };
}

describe("CSV: the file", () => {
  it("is UTF-8 with a byte order mark, CRLF lines, the columns' names first, as an attachment not to be kept", async () => {
    const { res, bytes, rows } = await csv(cookies.expert, "q=Recommendation 1");
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = Buffer.from(bytes).toString("utf8");
    expect(text.split("\r\n").length).toBe(rows.length + 1);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/\n/);
    expect(rows[0]).toEqual(HEADER);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="cases-${TODAY}.csv"; filename*=UTF-8''cases-${TODAY}.csv`,
    );
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("writes each case's fields as people read them", async () => {
    const c = await prisma().case.findFirstOrThrow({
      where: { countryCode: state.countryCode, state: "agreed" },
      include: { owner: true },
      orderBy: { ref: "asc" },
    });
    const { rows } = await csv(cookies.expert, `q=${c.ref}`);
    expect(rows.slice(1)).toEqual([
      [
        c.ref,
        state.countryCode,
        "Border control",
        c.title,
        "Agreed",
        "Medium",
        c.owner.name,
        c.dueAt!.toISOString().slice(0, 10),
        c.dueAt!.toISOString().slice(0, 10) < TODAY ? "Yes" : "No",
        `${c.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
        new URL(`/cases/${c.id}`, env().APP_URL).href,
      ],
    ]);
  });
});

describe("CSV: exactly the actor's scope and the filters", () => {
  it("CTED's holds every case matching the filters, as the list gives them, over several pages", async () => {
    const all = await csv(cookies.expert, `country=${state.countryCode}`);
    const refs = all.rows.slice(1).map((r) => r[0]);
    expect(refs.length).toBeGreaterThan(2 * EXPORT_PAGE_SIZE);
    expect(refs).toEqual(await listedRefs(cookies.expert, `country=${state.countryCode}`));
    const filtered = await csv(cookies.expert, "state=agreed&area=border-control");
    const expected = await listedRefs(cookies.expert, "state=agreed&area=border-control");
    expect(expected.filter((ref) => ref.startsWith(state.countryCode))).toHaveLength(2);
    expect(filtered.rows.slice(1).map((r) => r[0])).toEqual(expected);
    // Sorted as asked, too.
    const sorted = await csv(cookies.expert, "sort=-ref&state=agreed");
    expect(sorted.rows.slice(1).map((r) => r[0])).toEqual(
      await listedRefs(cookies.expert, "sort=-ref&state=agreed"),
    );
  });

  it("a government's holds its own State's cases only, even when it asks for another's", async () => {
    const { rows } = await csv(stateCookie);
    expect(rows.slice(1).map((r) => r[0])).toEqual(await listedRefs(stateCookie));
    expect(new Set(rows.slice(1).map((r) => r[1]))).toEqual(new Set([state.countryCode]));
    const tjk = await csv(cookies.tjk);
    expect(tjk.rows.length).toBeGreaterThan(1);
    expect(new Set(tjk.rows.slice(1).map((r) => r[1]))).toEqual(new Set(["TJK"]));
    expect((await csv(cookies.tjk, `country=${state.countryCode}`)).rows).toEqual([HEADER]);
  });

  it("a partner's holds only the cases on which its organisation holds a task", async () => {
    const holding = await prisma().case.findMany({
      where: {
        tasks: {
          some: { assigneeOrg: { shortName: "INTERPOL" }, state: { in: ["open", "in_progress", "done"] } },
        },
      },
      select: { ref: true },
      orderBy: { ref: "asc" },
    });
    expect(holding.length).toBeGreaterThan(1);
    expect((await csv(cookies.partner)).rows.slice(1).map((r) => r[0])).toEqual(holding.map((c) => c.ref));
    // The factory partner holds a task on one case; its copies carry no task.
    const own = await csv(partnerCookie);
    expect(own.rows.slice(1).map((r) => r[1])).toEqual([state.countryCode]);
  });

  it("ignores the list's page and page size: the export is every matching case", async () => {
    const { rows } = await csv(stateCookie, "page=3&pageSize=5");
    expect(rows.length - 1).toBe((await listedRefs(stateCookie)).length);
  });
});

describe("formula cells", () => {
  it("CSV: a title that starts like a formula gets a leading apostrophe, quoted as RFC 4180 asks", async () => {
    const { bytes, rows } = await csv(cookies.expert, `country=${state.countryCode}`);
    expect(Buffer.from(bytes).toString("utf8")).toContain(`,"'=HYPERLINK(""http://evil.example"")",`);
    for (const [i, ref] of formulaRefs.entries()) {
      expect(rows.find((r) => r[0] === ref)![3]).toBe(`'${FORMULA_TITLES[i]}`);
    }
  });

  it("XLSX: the same titles are strings with the apostrophe, and the sheet holds no formula", async () => {
    const { bytes, sheet, res } = await xlsx(cookies.expert, `country=${state.countryCode}`);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers.get("content-disposition")).toContain(`filename="cases-${TODAY}.xlsx"`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row) => rows.set(String(row.getCell(1).value), row));
    for (const [i, ref] of formulaRefs.entries()) {
      const cell = rows.get(ref)!.getCell(4);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(`'${FORMULA_TITLES[i]}`);
      expect(cell.formula).toBeUndefined();
    }
    expect(zippedText(bytes, "xl/worksheets/sheet1.xml")).not.toMatch(/<f[ >]/);
  });
});

describe("XLSX: the workbook", () => {
  it("holds the same rows as the CSV, its dates as dates", async () => {
    const query = "state=agreed&area=border-control";
    const { sheet } = await xlsx(cookies.expert, query);
    const refs: string[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) expect(row.values).toEqual([undefined, ...HEADER]);
      else refs.push(String(row.getCell(1).value));
    });
    expect(refs).toEqual((await csv(cookies.expert, query)).rows.slice(1).map((r) => r[0]));
    const second = sheet.getRow(2);
    expect(second.getCell(8).value).toBeInstanceOf(Date);
    expect(second.getCell(10).value).toBeInstanceOf(Date);
  });

  it("holds a government's own State's cases only", async () => {
    const { sheet } = await xlsx(cookies.kaz);
    const countries = new Set<string>();
    sheet.eachRow((row, n) => n > 1 && countries.add(String(row.getCell(2).value)));
    expect(countries).toEqual(new Set(["KAZ"]));
  });
});

describe("refusals", () => {
  const HOSTILE = [
    "state=exploded",
    "area=%00",
    `q=${"x".repeat(201)}`,
    "country=../../etc",
    "overdue=1%27%20OR%201%3D1",
    "sort=ref;DROP TABLE",
    "owner=%F0%9F%92%A5".repeat(40),
  ];

  for (const format of ["csv", "xlsx"]) {
    it(`${format}: a filter the list refuses is the list's 400, in JSON`, async () => {
      for (const query of HOSTILE) {
        const [exported, listed] = await Promise.all([
          get(cookies.expert, `/api/cases/export.${format}?${query}`),
          get(cookies.expert, `/api/cases?${query}`),
        ]);
        expect(exported.status, query).toBe(400);
        expect(exported.headers.get("content-type")).toMatch(/^application\/json/);
        expect(await exported.json()).toEqual(await listed.json());
      }
    });

    it(`${format}: without a session, 401`, async () => {
      const res = await get(undefined, `/api/cases/export.${format}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "Sign in first", code: "unauthenticated" });
    });
  }
});
