// The world the permission matrix (tests/helpers/matrix-table.ts) is checked in: the accounts that
// play each kind, and the situations, built through the real domain functions on the demo data.
import * as Y from "yjs";

import { type SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import { hashPassword, signIn } from "~/domain/auth.server.ts";
import { applyCaseEvent, createCase, getCase } from "~/domain/cases.server.ts";
import { appendUpdates, caseDocName } from "~/domain/documents.server.ts";
import { addLinkOrReference } from "~/domain/evidence.server.ts";
import { applyTaskEvent, createTask } from "~/domain/tasks.server.ts";

import { DEMO_PASSWORD } from "./http.ts";
import {
  ACCOUNTS,
  EXTRA_PARTNER_OFFICERS,
  type Kind,
  KINDS,
  type SituationName,
  SITUATIONS,
} from "./matrix-table.ts";

export type Actor = Exclude<Kind, "anonymous">;
export const ACTORS = KINDS.filter((k): k is Actor => k !== "anonymous");

/** The two partner officers the demo data lacks (OSCE and ICAO have no accounts there). */
export async function addPartnerOfficers(): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const officer of EXTRA_PARTNER_OFFICERS) {
    const org = await prisma().organization.findUniqueOrThrow({
      where: { shortName: officer.org },
      select: { id: true },
    });
    await prisma().user.create({
      data: {
        email: officer.email,
        name: officer.name,
        role: "PARTNER_OFFICER",
        passwordHash,
        organizationId: org.id,
      },
    });
  }
}

let ip = 0;
/** Signs every account in through the domain: the user (for building) and the session token. */
export async function signInAll(): Promise<{
  users: Record<Actor, SessionUser>;
  tokens: Record<Actor, string>;
}> {
  const users = {} as Record<Actor, SessionUser>;
  const tokens = {} as Record<Actor, string>;
  for (const kind of ACTORS) {
    const { user, token } = await signIn(
      ACCOUNTS[kind]!,
      DEMO_PASSWORD,
      `10.91.${Math.floor(++ip / 250)}.${ip % 250}`,
    );
    users[kind] = user;
    tokens[kind] = token;
  }
  return { users, tokens };
}

/** One situation as built: its case and the four labelled tasks (see matrix-table.ts). */
export interface Built {
  name: SituationName;
  caseId: string;
  ref: string;
  /** Appears in the case's text and nowhere else: GET /api/cases?q= finds this case alone. */
  token: string;
  tasks: { tI: string; tU: string; tIP: string; tOP: string };
}

const orgId = async (shortName: string) =>
  (await prisma().organization.findUniqueOrThrow({ where: { shortName }, select: { id: true } })).id;
let serial = 0;

/**
 * Builds a situation on a new Tajik case owned by the CTED expert, exactly as SITUATIONS says:
 * the case is drafted; CTED assigns tI to INTERPOL and tU to UN Women; the Tajik focal point
 * proposes tIP (for INTERPOL) and tOP (for OSCE), all due within a week; the response document gets
 * some text; `afterTasks` runs; then tI's, tOP's and the case's paths are walked, in that order, by
 * the people the workflows allow.
 */
export async function buildSituation(
  name: SituationName,
  users: Record<Actor, SessionUser>,
  hooks: { afterTasks?: () => Promise<unknown> } = {},
): Promise<Built> {
  const plan = SITUATIONS[name];
  const token = `matrixprobe${name.toLowerCase()}${++serial}x`;
  const assessment = await prisma().assessment.findFirstOrThrow({
    where: { countryCode: "TJK" },
    select: { id: true },
  });
  const created = await createCase(users.ctedExpert, {
    assessmentId: assessment.id,
    area: "legislation-and-judicial-practice",
    title: `Matrix case (${name})`,
    text: `Permission matrix situation ${name}: ${token}`,
    priority: "MEDIUM",
    ownerId: users.ctedExpert.id,
    dueAt: new Date("2027-06-30"),
  });
  const caseId = created.id;
  // Due within a week: the reminder job has something to say about each task.
  const today = new Date();
  const dueAt = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 7));
  const tI = await createTask(users.ctedExpert, caseId, {
    title: `INTERPOL's accepted task (${name})`,
    assigneeOrgId: await orgId("INTERPOL"),
    dueAt,
  });
  const tU = await createTask(users.ctedExpert, caseId, {
    title: `UN Women's accepted task (${name})`,
    assigneeOrgId: await orgId("UN Women"),
    dueAt,
  });
  const tIP = await createTask(users.focalOfState, caseId, {
    title: `INTERPOL's proposed task (${name})`,
    assigneeOrgId: await orgId("INTERPOL"),
    dueAt,
  });
  const tOP = await createTask(users.focalOfState, caseId, {
    title: `OSCE's proposed task (${name})`,
    assigneeOrgId: await orgId("OSCE"),
    dueAt,
  });
  const moveTask = async (id: string, by: Actor, type: string, reason?: string) => {
    const version = (await prisma().task.findUniqueOrThrow({ where: { id }, select: { version: true } }))
      .version;
    await applyTaskEvent(users[by], id, { type, version, reason } as never);
  };
  await appendUpdates([
    { docName: caseDocName(caseId), update: responseUpdate(`The State's response (${name})`) },
  ]);
  await hooks.afterTasks?.();
  for (const step of plan.build.tI) await moveTask(tI.id, step.by, step.type, step.reason);
  for (const step of plan.build.tOP) await moveTask(tOP.id, step.by, step.type, step.reason);
  for (const step of plan.build.case) {
    const { version } = await getCase(users[step.by], caseId);
    await applyCaseEvent(users[step.by], caseId, { type: step.type, version, reason: step.reason } as never);
    // A submission brings evidence (issue 11): the State adds one item once implementation starts.
    if (step.type === "START") {
      await addLinkOrReference(users.focalOfState, caseId, {
        kind: "reference",
        title: `Matrix evidence (${name})`,
        text: "Order No. 1 (permission matrix probe)",
      });
    }
  }
  const c = await prisma().case.findUniqueOrThrow({
    where: { id: caseId },
    select: { ref: true, stateValue: true },
  });
  const states = await prisma().task.findMany({
    where: { id: { in: [tI.id, tU.id, tIP.id, tOP.id] } },
    select: { id: true, state: true },
  });
  const stateOf = (id: string) => states.find((t) => t.id === id)!.state;
  // The situation is what the table says it is, or every cell would be checked against the wrong thing.
  if (
    c.stateValue !== plan.caseState ||
    stateOf(tI.id) !== plan.tI ||
    stateOf(tU.id) !== plan.tU ||
    stateOf(tIP.id) !== plan.tIP ||
    stateOf(tOP.id) !== plan.tOP
  ) {
    throw new Error(
      `situation ${name} built wrong: ${c.stateValue}, tI ${stateOf(tI.id)}, tU ${stateOf(tU.id)}, tIP ${stateOf(tIP.id)}, tOP ${stateOf(tOP.id)}`,
    );
  }
  return { name, caseId, ref: c.ref, token, tasks: { tI: tI.id, tU: tU.id, tIP: tIP.id, tOP: tOP.id } };
}

/** A Yjs update that writes one paragraph into a case document's response. */
function responseUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("response").insert(0, [paragraph]);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** What a refused write must leave untouched: the case, its history, its tasks and their comments. */
export async function footprint(caseId: string): Promise<string> {
  const c = await prisma().case.findUniqueOrThrow({
    where: { id: caseId },
    select: { version: true, stateValue: true },
  });
  const [events, tasks, comments] = await Promise.all([
    prisma().caseEvent.count({ where: { caseId } }),
    prisma().task.findMany({
      where: { caseId },
      orderBy: { id: "asc" },
      select: { id: true, version: true, state: true },
    }),
    prisma().taskComment.count({ where: { task: { caseId } } }),
  ]);
  return JSON.stringify({ c, events, tasks, comments });
}
