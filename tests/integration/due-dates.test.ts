// Due dates as a new user meets them: no default due date in the past (a new recommendation on the
// 2017 visit is not overdue the moment it is drafted), past dates chosen on purpose accepted (late
// work is recorded as late), and no visit chosen for the user on the new recommendation form.
import { beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { createCase } from "~/domain/cases.server.ts";
import { listTasks } from "~/domain/tasks.server.ts";
import { addMonths, utcDay } from "~/lib/deadlines.ts";
import * as casePage from "~/routes/cases.$id._index.tsx";
import * as editPage from "~/routes/cases.$id.edit.tsx";
import * as newPage from "~/routes/cases.new.tsx";
import { dayFromToday, makeCtedExpert, makeState, sessionOf } from "~tests/helpers/factories.ts";
import { call, signInAs } from "~tests/helpers/http.ts";

const VISIT_2017 = "Assessment visit to Tajikistan, 19-24 February 2017";
const VISIT_REQUIRED = "is required: choose the visit whose report makes this recommendation";
const day = (date: Date | null) => date?.toISOString().slice(0, 10) ?? null;
const form = (fields: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));

let cted = "";
let visit2017 = "";
/** A visit whose report was adopted a month ago: its default due date is five months ahead. */
let recentVisit = "";
beforeAll(async () => {
  cted = await signInAs("expert@cted.example");
  visit2017 = (await prisma().assessment.findFirstOrThrow({ where: { title: VISIT_2017 } })).id;
  const state = await makeState();
  await prisma().assessment.update({
    where: { id: state.assessmentId },
    data: { reportAdoptedAt: dayFromToday(-30) },
  });
  recentVisit = state.assessmentId;
});

const fields = async (overrides: Record<string, string> = {}) => {
  const owner = await prisma().user.findUniqueOrThrow({ where: { email: "expert@cted.example" } });
  return {
    assessmentId: visit2017,
    area: "border-control",
    title: "Check travel documents against INTERPOL's database",
    text: "Demo: check them at every crossing point.",
    priority: "MEDIUM",
    ownerId: owner.id,
    dueAt: "",
    ...overrides,
  };
};
/** Posts the new recommendation form; the case it made (302), or the failure's status and body. */
const draft = async (overrides: Record<string, string> = {}) => {
  const res = await call(newPage, "/cases/new", { cookie: cted, body: form(await fields(overrides)) });
  if (res.status !== 302) return { status: res.status, body: await res.json(), created: null };
  const id = res.headers.get("Location")!.split("/").pop()!;
  return {
    status: res.status,
    body: null,
    created: await prisma().case.findUniqueOrThrow({ where: { id } }),
  };
};

describe("the default due date, only while it is ahead", () => {
  it("the domain gives a case on the 2017 visit no due date, rather than one six months after its 2017 report", async () => {
    const expert = await sessionOf(await makeCtedExpert());
    const made = await createCase(expert, {
      assessmentId: visit2017,
      area: "border-control",
      title: "Screen passengers against watch lists",
      text: "Demo.",
      priority: "LOW",
      ownerId: expert.id,
    });
    expect(made.dueAt).toBeNull();
    expect(made.overdue).toBe(false);
    expect(made.due).toBeNull();
  });

  it("the domain keeps the default when it is still ahead: six months after the report's adoption", async () => {
    const expert = await sessionOf(await makeCtedExpert());
    const made = await createCase(expert, {
      assessmentId: recentVisit,
      area: "border-control",
      title: "Screen passengers against watch lists",
      text: "Demo.",
      priority: "LOW",
      ownerId: expert.id,
    });
    expect(day(made.dueAt)).toBe(day(addMonths(utcDay(dayFromToday(-30)), 6)));
    expect(made.overdue).toBe(false);
  });

  it("the form's empty due date on the 2017 visit: the case is created without one, not overdue", async () => {
    const { status, created } = await draft();
    expect(status).toBe(302);
    expect(created!.dueAt).toBeNull();
  });

  it("the form's empty due date on a recent visit: the default, five months ahead", async () => {
    const { created } = await draft({ assessmentId: recentVisit });
    expect(day(created!.dueAt)).toBe(day(addMonths(utcDay(dayFromToday(-30)), 6)));
  });

  it("the new recommendation page gives the form each visit's report adoption, for the due date's hint", async () => {
    const page = await (await call(newPage, "/cases/new", { cookie: cted })).json();
    expect(page.reportAdoptions[visit2017]).toBe("2017-06-15T00:00:00.000Z");
    expect(page.reportAdoptions[recentVisit]).toBe(dayFromToday(-30).toISOString());
    expect(Object.keys(page.reportAdoptions).sort()).toEqual(
      page.options.assessments.map((a: { id: string }) => a.id).sort(),
    );
  });
});

describe("past dates chosen on purpose are accepted", () => {
  it("a new recommendation due before today is created with that date (and is overdue)", async () => {
    const { status, created } = await draft({ dueAt: "2020-01-15" });
    expect(status).toBe(302);
    expect(day(created!.dueAt)).toBe("2020-01-15");
  });

  it("an edit to a date before today is saved", async () => {
    const { created } = await draft({ assessmentId: recentVisit });
    const c = created!;
    const res = await call(editPage, `/cases/${c.id}/edit`, {
      cookie: cted,
      params: { id: c.id },
      body: form({
        area: c.area,
        title: c.title,
        text: c.text,
        priority: c.priority,
        ownerId: c.ownerId,
        dueAt: "2021-06-30",
        version: c.version,
      }),
    });
    expect(res.status).toBe(302);
    expect(day((await prisma().case.findUniqueOrThrow({ where: { id: c.id } })).dueAt)).toBe("2021-06-30");
  });

  it("a task due before today is assigned from the case page, and shows as overdue", async () => {
    const c = await prisma().case.findUniqueOrThrow({ where: { ref: "TJK-2017-BC-01" } });
    const icao = await prisma().organization.findUniqueOrThrow({ where: { shortName: "ICAO" } });
    const res = await call(casePage, `/cases/${c.id}`, {
      cookie: cted,
      params: { id: c.id },
      body: form({
        intent: "task-create",
        title: "Report on the 2019 airport audit",
        assignee: `org:${icao.id}`,
        dueAt: "2019-11-30",
      }),
    });
    expect(res.status).toBe(302);
    const expert = await sessionOf({ email: "expert@cted.example" });
    const task = (await listTasks(expert, c.id)).find((t) => t.title === "Report on the 2019 airport audit");
    expect(day(task!.dueAt)).toBe("2019-11-30");
    expect(task!.due).toBe("overdue");
  });
});

describe("the visit, chosen by the user", () => {
  it("a new recommendation without a visit is refused with a sentence for the visit's field, creating nothing", async () => {
    const before = await prisma().case.count();
    const { assessmentId: _chosen, ...withoutVisit } = await fields();
    // The form's empty choice is disabled: a browser sends no visit at all; a script may send "".
    for (const body of [form(withoutVisit), form({ ...withoutVisit, assessmentId: "" })]) {
      const res = await call(newPage, "/cases/new", { cookie: cted, body });
      expect(res.status, body.toString()).toBe(400);
      expect((await res.json()).fields).toEqual({ assessmentId: VISIT_REQUIRED });
    }
    expect(await prisma().case.count()).toBe(before);
  });
});
