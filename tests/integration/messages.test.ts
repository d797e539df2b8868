// What people read when a request is refused: sentences, never the workflow's event codes
// ("REQUEST_CHANGES") or zod's own wording ("Invalid enum value. Expected 'ref' | ..."). Through
// the API routes and the case list's page, as a person or a client meets them.
import { beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { reasonRequiredMessage, SORT_MESSAGE as SORT_KEY } from "~/domain/case-input.ts";
import { taskReasonRequiredMessage } from "~/domain/task-input.ts";
import { translatorFor } from "~/i18n/i18n.server.ts";
import * as listRoute from "~/routes/api.cases._index.ts";
import * as caseEventsRoute from "~/routes/api.cases.$id.events.ts";
import * as taskEventsRoute from "~/routes/api.tasks.$id.events.ts";
import * as casesPage from "~/routes/cases._index.tsx";
import { call, DEMO_ACCOUNTS, signInAs } from "~tests/helpers/http.ts";
import { CASE_EVENT_TYPES } from "~workflows/recommendation-labels.ts";
import { TASK_EVENT_TYPES } from "~workflows/task-labels.ts";

type Who = keyof typeof DEMO_ACCOUNTS;
/** The schemas' messages are translation keys: these tests read them in English. */
const english = translatorFor("en");
const SORT_MESSAGE = english(SORT_KEY);
const as = {} as Record<Who, string>;
let draftedCase: { id: string; version: number };
let openTask: { id: string; version: number };

beforeAll(async () => {
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS) as [Who, string][])
    as[who] = await signInAs(email);
  draftedCase = await prisma().case.findFirstOrThrow({
    where: { countryCode: "TJK", state: "drafted" },
    select: { id: true, version: true },
  });
  openTask = await prisma().task.findFirstOrThrow({
    where: { state: "open", assigneeOrg: { shortName: "INTERPOL" }, case: { countryCode: "TJK" } },
    select: { id: true, version: true },
  });
});

/** zod's wording, a field's bare "Required", or a refusal naming an event by its code. */
const TECHNICAL = /Invalid enum|Expected '|Required$|is required for [A-Z_]+/;
/** An event code as the workflow writes it: two or more capitals, maybe with underscores. */
const EVENT_CODE = new RegExp(`\\b(${[...CASE_EVENT_TYPES, ...TASK_EVENT_TYPES].join("|")})\\b`);

interface Refusal {
  status: number;
  error: string;
  fields?: Record<string, string>;
}
const refusal = async (res: Response): Promise<Refusal> => ({ status: res.status, ...(await res.json()) });
const listCases = async (query: string) =>
  refusal(await call(listRoute, `/api/cases${query}`, { cookie: as.expert }));
const caseEvent = async (who: Who, body: unknown) =>
  refusal(
    await call(caseEventsRoute, `/api/cases/${draftedCase.id}/events`, {
      cookie: as[who],
      params: { id: draftedCase.id },
      body,
    }),
  );
const taskEvent = async (who: Who, body: unknown) =>
  refusal(
    await call(taskEventsRoute, `/api/tasks/${openTask.id}/events`, {
      cookie: as[who],
      params: { id: openTask.id },
      body,
    }),
  );

/** Every message a refusal carries: its error and each field's. */
const messagesOf = (r: Refusal) => [r.error, ...Object.values(r.fields ?? {})];

describe("a workflow event without the reason it needs", () => {
  it("a case event: 400 with a sentence naming the action in words, the field beside it", async () => {
    const r = await caseEvent("tjk", { type: "REQUEST_CHANGES", version: draftedCase.version });
    expect(r.status).toBe(400);
    expect(r.fields).toEqual({ reason: "Give a reason to request changes." });
    expect(r.error).toContain("Give a reason to request changes.");
    for (const message of messagesOf(r)) {
      expect(message).not.toMatch(EVENT_CODE);
      expect(message).not.toContain("is required for");
    }
    const after = await prisma().case.findUniqueOrThrow({ where: { id: draftedCase.id } });
    expect(after.version).toBe(draftedCase.version);
  });

  it("a task event: 400 with a sentence naming the action in words, the field beside it", async () => {
    const r = await taskEvent("expert", { type: "CANCEL", version: openTask.version });
    expect(r.status).toBe(400);
    expect(r.fields).toEqual({ reason: "Give a reason to cancel this task." });
    for (const message of messagesOf(r)) {
      expect(message).not.toMatch(EVENT_CODE);
      expect(message).not.toContain("is required for");
    }
    const after = await prisma().task.findUniqueOrThrow({ where: { id: openTask.id } });
    expect(after.version).toBe(openTask.version);
  });

  it("an unknown step is refused naming each step in words, with the value a client sends beside it", async () => {
    const r = await caseEvent("expert", { type: "FINISH", version: draftedCase.version });
    expect(r.status).toBe(400);
    expect(r.fields?.type).toMatch(/^is not a step of a case's workflow; the steps are: “Agree” \(AGREE\), /);
    expect(r.fields?.type).toContain("“Verify implementation” (VERIFY)");
    const t = await taskEvent("partner", { type: "FINISH", version: openTask.version });
    expect(t.status).toBe(400);
    expect(t.fields?.type).toContain("“Mark done” (COMPLETE)");
  });

  it("every event's refusal is a sentence without its code", () => {
    const messages = [
      ...CASE_EVENT_TYPES.map((type) => english(reasonRequiredMessage(type))),
      ...TASK_EVENT_TYPES.map((type) => english(taskReasonRequiredMessage(type))),
    ];
    for (const message of messages) {
      expect(message).toMatch(/^Give a reason to [a-z].*\.$/);
      expect(message).not.toMatch(EVENT_CODE);
      expect(message).not.toMatch(TECHNICAL);
    }
  });
});

describe("the case list's filters", () => {
  it("GET /api/cases?sort=bogus: 400 with the accepted sort orders in a sentence", async () => {
    const r = await listCases("?sort=bogus");
    expect(r.status).toBe(400);
    expect(r.fields).toEqual({ sort: SORT_MESSAGE });
    expect(r.error).toContain(SORT_MESSAGE);
    expect(r.error).toMatch(/reference.*due date.*last change.*priority.*state/);
    expect(r.error).not.toContain("Invalid enum value");
    expect(r.error).not.toMatch(TECHNICAL);
  });

  it("/cases?sort=bogus: the page lists the cases and says, in a sentence, what it ignored", async () => {
    const res = await call(casesPage, "/cases?sort=bogus&state=nowhere", { cookie: as.expert });
    expect(res.status).toBe(200);
    const { problems, query, result } = await res.json();
    expect(query.sort).toBe("ref");
    expect(result.total).toBeGreaterThan(0);
    expect(problems.sort).toBe(SORT_MESSAGE);
    expect(problems.state).toMatch(/drafted, agreed, in progress \(in_progress\) or verified\.$/);
    for (const message of Object.values(problems as Record<string, string>)) {
      expect(message).not.toMatch(TECHNICAL);
    }
  });
});

describe("no refusal speaks zod or the workflow's codes", () => {
  it("bad list queries and bad event bodies", async () => {
    const refusals = [
      ...(await Promise.all(
        [
          "?sort=bogus",
          "?sort=REF",
          "?state=bogus",
          "?state=in%20progress",
          "?overdue=maybe",
          "?dueSoon=1",
          "?page=x",
          "?pageSize=0",
          "?country=T",
        ].map(listCases),
      )),
      await caseEvent("tjk", { type: "REQUEST_CHANGES", version: draftedCase.version, reason: "   " }),
      await caseEvent("tjk", { type: "BOGUS", version: draftedCase.version }),
      await caseEvent("tjk", { type: "AGREE" }),
      await caseEvent("tjk", {}),
      await taskEvent("expert", { type: "CANCEL", version: openTask.version, reason: " " }),
      await taskEvent("expert", { type: "REOPEN_NOW", version: openTask.version }),
      await taskEvent("expert", { version: "one" }),
    ];
    for (const r of refusals) {
      expect(r.status, r.error).toBe(400);
      for (const message of messagesOf(r)) expect(message).not.toMatch(TECHNICAL);
    }
  });
});
