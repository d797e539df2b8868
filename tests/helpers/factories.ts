// Test data made by the test that needs it, on whatever database the process has open: a test
// asserts on what it made, not on how many of something the demo data happens to hold.
// Organisations, people and assessments have no domain function to create them (the demo seed
// and an administrator's SQL do), so they go through Prisma; cases and tasks go through the
// app's domain functions, with their history entries, notifications and live events.
import type { SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { hashPassword, signIn } from "~/domain/auth.server.ts";
import type { CaseEventInput, CaseFields } from "~/domain/case-input.ts";
import { applyCaseEvent, createCase } from "~/domain/cases.server.ts";
import type { TaskInput } from "~/domain/task-input.ts";
import { createTask } from "~/domain/tasks.server.ts";

import { DEMO_PASSWORD } from "./http.ts";

type Role = "CTED_ADMIN" | "CTED_EXPERT" | "GOVERNMENT_FOCAL_POINT" | "PARTNER_OFFICER" | "OBSERVER";

export interface Person {
  id: string;
  email: string;
  name: string;
  organizationId: string;
}

// Each test file has a database of its own: unique within the process is unique enough.
let serial = 0;
const unique = () => (++serial).toString(36);
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
let states = 0;
/** A three-letter code in the X range, which no real State has: XAA, XAB, ... */
function countryCode(): string {
  const n = states++;
  return `X${LETTERS[Math.floor(n / 26) % 26]}${LETTERS[n % 26]}`;
}

const DAY = 24 * 60 * 60 * 1000;
/** Midnight UTC, `days` from today: a due date as the forms give it to the domain. */
export const dayFromToday = (days: number) => new Date(Math.floor(Date.now() / DAY + days) * DAY);

let passwordHash: Promise<string> | undefined;
/** Everyone made here signs in with the demo password, like the demo accounts. */
const demoPasswordHash = () => (passwordHash ??= hashPassword(DEMO_PASSWORD));

export async function makePerson(role: Role, organizationId: string, name?: string): Promise<Person> {
  const id = unique();
  return prisma().user.create({
    data: {
      email: `${role.toLowerCase().replace(/_/g, "-")}-${id}@factory.example`,
      name: name ?? `Test ${role.toLowerCase().replace(/_/g, " ")} ${id}`,
      role,
      passwordHash: await demoPasswordHash(),
      organizationId,
    },
    select: { id: true, email: true, name: true, organizationId: true },
  });
}

/** A CTED expert (or admin), in CTED's organisation. */
export async function makeCtedExpert(role: "CTED_EXPERT" | "CTED_ADMIN" = "CTED_EXPERT"): Promise<Person> {
  const cted =
    (await prisma().organization.findFirst({ where: { kind: "CTED" }, select: { id: true } })) ??
    (await prisma().organization.create({
      data: { name: "Counter-Terrorism Committee Executive Directorate", shortName: "CTED", kind: "CTED" },
      select: { id: true },
    }));
  return makePerson(role, cted.id);
}

export interface State {
  countryCode: string;
  governmentId: string;
  /** The visit whose recommendations become this State's cases. */
  assessmentId: string;
  focal: Person;
}

/** A visited State: its government, a focal point, and an assessment visit with its report adopted. */
export async function makeState(): Promise<State> {
  const code = countryCode();
  const government = await prisma().organization.create({
    data: {
      name: `Government of ${code}`,
      shortName: `Government of ${code}`,
      kind: "GOVERNMENT",
      countryCode: code,
    },
    select: { id: true },
  });
  const assessment = await prisma().assessment.create({
    data: {
      countryCode: code,
      countryName: `State ${code}`,
      title: `Assessment visit to State ${code}`,
      visitStart: new Date("2024-03-04"),
      visitEnd: new Date("2024-03-08"),
      resolutions: ["1373 (2001)"],
      reportSentAt: new Date("2024-05-01"),
      reportAdoptedAt: new Date("2024-06-03"),
    },
    select: { id: true },
  });
  return {
    countryCode: code,
    governmentId: government.id,
    assessmentId: assessment.id,
    focal: await makePerson("GOVERNMENT_FOCAL_POINT", government.id),
  };
}

/** A partner organisation (INTERPOL, say) with one officer. */
export async function makePartner(): Promise<{ organizationId: string; officer: Person }> {
  const id = unique();
  const org = await prisma().organization.create({
    data: { name: `Partner organisation ${id}`, shortName: `PARTNER-${id}`, kind: "PARTNER" },
    select: { id: true },
  });
  return { organizationId: org.id, officer: await makePerson("PARTNER_OFFICER", org.id) };
}

let ip = 0;
/** The person as the domain sees them once signed in (the sign-in goes through the throttle, from an address of its own). */
export async function sessionOf(person: { email: string }): Promise<SessionUser> {
  return (await signIn(person.email, DEMO_PASSWORD, `10.66.${Math.floor(++ip / 250) % 250}.${ip % 250}`))
    .user;
}

/** A case drafted by `by` (CTED) on the State's assessment, owned by `by` unless said otherwise. */
export async function makeCase(
  by: SessionUser,
  state: { assessmentId: string },
  fields: Partial<CaseFields> = {},
) {
  return createCase(by, {
    assessmentId: state.assessmentId,
    area: "border-control",
    title: `Recommendation ${unique()}`,
    text: "Strengthen the controls at the border posts.",
    priority: "MEDIUM",
    ownerId: by.id,
    ...fields,
  });
}

/** Moves a case on through the workflow, one event after the other, each sent by its `by`. */
export async function moveCase(
  caseId: string,
  steps: { type: CaseEventInput["type"]; by: SessionUser; reason?: string }[],
): Promise<void> {
  for (const { by, ...event } of steps) {
    const { version } = await prisma().case.findUniqueOrThrow({
      where: { id: caseId },
      select: { version: true },
    });
    await applyCaseEvent(by, caseId, { ...event, version });
  }
}

/** A task on a case, assigned by `by` (CTED: it starts open) to an organisation or a person. */
export async function makeTask(
  by: SessionUser,
  caseId: string,
  input: Partial<TaskInput> & Pick<TaskInput, "dueAt">,
) {
  return createTask(by, caseId, { title: `Task ${unique()}`, ...input });
}
