// The case list's search (q) matches `%`, `_` and `\` as the characters themselves, not as LIKE's
// wildcards and escape: through GET /api/cases, the /cases page and the CSV export, which share
// the filter. Cases made here, on this file's own database (beside the demo data).
import { beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import * as listRoute from "~/routes/api.cases._index.ts";
import * as csvRoute from "~/routes/api.cases.export[.]csv.ts";
import * as pageRoute from "~/routes/cases._index.tsx";
import { makeCase, makeCtedExpert, makeState, sessionOf, type State } from "~tests/helpers/factories.ts";
import { call, DEMO_ACCOUNTS, signInAs } from "~tests/helpers/http.ts";
import { csvRows } from "~tests/helpers/reports.ts";

let state: State;
let cookie: string;
const refs = {} as Record<"rate" | "fiveHundred" | "percent" | "underscore" | "backslash" | "plain", string>;

beforeAll(async () => {
  const by = await sessionOf(await makeCtedExpert());
  state = await makeState();
  const make = async (title: string, text?: string) =>
    (await makeCase(by, state, text ? { title, text } : { title })).ref;
  refs.rate = await make("Raise the 50%_rate of vehicles inspected");
  // What "50%_" as a pattern would match: "50", anything, one character.
  refs.fiveHundred = await make("Inspect 500 vehicles a day", "At 50 posts, 5000 a month.");
  refs.percent = await make("Screening coverage", "Screen 100% of passengers against the lists.");
  refs.underscore = await make("Watch-list field names", "Use the field passenger_name in the API feed.");
  refs.backslash = await make("Shared folder", "Keep the lists under C:\\lists\\watch on the server.");
  refs.plain = await make("Train the border guards", "Twice a year, at every post.");
  cookie = await signInAs(DEMO_ACCOUNTS.admin);
});

/** The references GET /api/cases lists for this search, within this file's State or everywhere. */
async function search(q: string, everywhere = false): Promise<string[]> {
  const query = new URLSearchParams({ q, pageSize: "100" });
  if (!everywhere) query.set("country", state.countryCode);
  const res = await call(listRoute, `/api/cases?${query}`, { cookie });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: { ref: string }[]; total: number };
  expect(body.items.length).toBe(body.total);
  return body.items.map((c) => c.ref).sort();
}

/** Every case in the database whose reference, title or text holds `needle`, ignoring case. */
async function holding(needle: string): Promise<string[]> {
  const all = await prisma().case.findMany({ select: { ref: true, title: true, text: true } });
  const lower = needle.toLowerCase();
  return all
    .filter((c) => [c.ref, c.title, c.text].some((s) => s.toLowerCase().includes(lower)))
    .map((c) => c.ref)
    .sort();
}

describe("searching cases for %, _ and \\", () => {
  it('finds "50%_rate" by "50%_" (ignoring case), and not what the wildcards would match', async () => {
    expect(await search("50%_")).toEqual([refs.rate]);
    expect(await search("50%_RATE")).toEqual([refs.rate]);
    expect(await search("50")).toEqual([refs.rate, refs.fiveHundred].sort());
  });

  it("q=% and q=_ find only the cases holding those characters, across every case", async () => {
    expect(await search("%")).toEqual([refs.rate, refs.percent].sort());
    expect(await search("_")).toEqual([refs.rate, refs.underscore].sort());
    for (const needle of ["%", "_", "%%", "__", "%_%"]) {
      expect(await search(needle, true), needle).toEqual(await holding(needle));
    }
    expect((await search("%", true)).length).toBeLessThan((await prisma().case.count()) / 2);
  });

  it("a backslash is a character too, not an escape", async () => {
    expect(await search("\\")).toEqual([refs.backslash]);
    expect(await search("C:\\lists\\watch")).toEqual([refs.backslash]);
    expect(await search("\\%")).toEqual([]);
    expect(await search("\\", true)).toEqual(await holding("\\"));
  });

  it("the /cases page and the CSV export search alike", async () => {
    const query = new URLSearchParams({ q: "50%_", country: state.countryCode });
    const page = await call(pageRoute, `/cases?${query}`, { cookie });
    expect(page.status).toBe(200);
    const { result } = (await page.json()) as { result: { items: { ref: string }[]; total: number } };
    expect(result.items.map((c) => c.ref)).toEqual([refs.rate]);
    expect(result.total).toBe(1);

    const percent = new URLSearchParams({ q: "%", country: state.countryCode });
    const csv = await call(csvRoute, `/api/cases/export.csv?${percent}`, { cookie });
    expect(csv.status).toBe(200);
    const rows = csvRows(await csv.text());
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([refs.rate, refs.percent].sort());
  });
});
