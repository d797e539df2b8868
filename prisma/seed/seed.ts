// Seeds the demo data (prisma/seed/demo-data.ts) into an empty database. Cases reach their
// states through the real workflow, so each snapshot and history entry is one the app could
// have written.
import { hashPassword } from "~/domain/auth.server.ts";
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import { defaultDueDate } from "~/lib/deadlines.ts";
import type { Actor } from "~workflows/actor.ts";
import { caseRuntime } from "~workflows/case-runtime.ts";
import { snapshotJson } from "~workflows/runtime.ts";
import { taskStateHas } from "~workflows/state-tags.ts";
import type { TaskEventType } from "~workflows/task-labels.ts";
import { taskRuntime } from "~workflows/task-runtime.ts";

import {
  DEMO_PASSWORD,
  DEMO_TASKS,
  type DemoCase,
  type DemoTask,
  KAZAKHSTAN,
  MINISTRIES,
  PARTNERS,
  TAJIKISTAN,
  USERS,
} from "./demo-data.ts";
import { rewritingHistory } from "./history-rewrite.ts";
import { seedSubmissions } from "./seed-evidence.ts";
import { seedLaterVisits } from "./seed-later-visits.ts";

const DAY = 24 * 60 * 60 * 1000;

/** What the worker does to bring a demo task, once started, to its state. */
const STEPS_TO: Record<DemoTask["state"], readonly TaskEventType[]> = {
  proposed: [],
  open: [],
  in_progress: ["START"],
  done: ["START", "COMPLETE"],
};

export async function seedDemoData(prisma: PrismaClient): Promise<void> {
  const orgIds = new Map<string, string>();
  const addOrg = async (key: string, data: Prisma.OrganizationCreateInput) => {
    orgIds.set(key, (await prisma.organization.create({ data, select: { id: true } })).id);
  };
  await addOrg("CTED", {
    name: "Counter-Terrorism Committee Executive Directorate",
    shortName: "CTED",
    kind: "CTED",
  });
  await addOrg("CTC", { name: "Counter-Terrorism Committee", shortName: "CTC", kind: "COMMITTEE" });
  for (const visit of [TAJIKISTAN, KAZAKHSTAN]) {
    await addOrg(visit.countryCode, {
      name: visit.governmentName,
      shortName: `Government of ${visit.countryName}`,
      kind: "GOVERNMENT",
      countryCode: visit.countryCode,
    });
  }
  for (const p of PARTNERS)
    await addOrg(p.shortName, { name: p.name, shortName: p.shortName, kind: "PARTNER" });
  for (const m of MINISTRIES) {
    await addOrg(m.shortName, {
      name: m.name,
      shortName: m.shortName,
      kind: "MINISTRY",
      government: { connect: { id: orgIds.get(m.government)! } },
    });
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = new Map<string, Actor & { name: string }>();
  for (const u of USERS) {
    const created = await prisma.user.create({
      data: { email: u.email, name: u.name, role: u.role, passwordHash, organizationId: orgIds.get(u.org)! },
    });
    users.set(u.email, {
      id: created.id,
      name: u.name,
      role: u.role,
      country: u.role === "GOVERNMENT_FOCAL_POINT" ? u.org : null,
      organizationId: created.organizationId,
    });
  }
  const cted = (who: string) => users.get(`${who}@cted.example`)!;
  // The areas' codes as the database holds them (the migration made the demo's nine).
  const areaCodes = new Map(
    (await prisma.thematicArea.findMany({ select: { slug: true, code: true } })).map((a) => [a.slug, a.code]),
  );

  for (const visit of [TAJIKISTAN, KAZAKHSTAN]) {
    const adopted = new Date(visit.reportAdoptedAt);
    const assessment = await prisma.assessment.create({
      data: {
        countryCode: visit.countryCode,
        countryName: visit.countryName,
        title: visit.title,
        visitStart: new Date(visit.visitStart),
        visitEnd: new Date(visit.visitEnd),
        resolutions: visit.resolutions,
        reportSentAt: new Date(visit.reportSentAt),
        reportAdoptedAt: adopted,
        isDemo: true,
        partners: { create: visit.partners.map((p) => ({ organizationId: orgIds.get(p)! })) },
      },
    });
    const focal = users.get(`focal@${visit.countryCode.toLowerCase()}.example`)!;
    const perArea = new Map<string, number>();
    for (const demo of visit.cases as DemoCase[]) {
      const n = (perArea.get(demo.area) ?? 0) + 1;
      perArea.set(demo.area, n);
      const ref = `${visit.countryCode}-${visit.visitStart.slice(0, 4)}-${areaCodes.get(demo.area)}-${String(n).padStart(2, "0")}`;
      const owner = cted("expert");
      let state = caseRuntime.initial({ country: visit.countryCode });
      const events: Prisma.CaseEventCreateManyCaseInput[] = [
        { actorId: owner.id, type: "CREATED", toState: state.stateValue, at: adopted },
      ];
      demo.path.forEach((step, i) => {
        const actor = step.by === "focal" ? focal : cted(step.by);
        const decision = caseRuntime.decide(state.persisted, { type: step.type, actor, reason: step.reason });
        if (!decision.ok) throw new Error(`Demo case ${ref}: ${step.type} refused (${decision.refusal})`);
        state = decision.next;
        events.push({
          actorId: actor.id,
          type: step.type,
          fromState: decision.from,
          toState: decision.to,
          reason: step.reason,
          at: new Date(adopted.getTime() + (i + 1) * 21 * DAY),
        });
      });
      await prisma.case.create({
        data: {
          ref,
          assessmentId: assessment.id,
          countryCode: visit.countryCode,
          area: demo.area,
          title: demo.title,
          text: demo.text,
          priority: demo.priority,
          ownerId: owner.id,
          dueAt:
            demo.dueInDays === undefined
              ? defaultDueDate(adopted)
              : new Date(Date.now() + demo.dueInDays * DAY),
          state: state.state,
          stateValue: state.stateValue,
          snapshot: snapshotJson(state.persisted),
          workflowVersion: state.workflowVersion,
          version: events.length,
          events: { createMany: { data: events } },
        },
      });
    }
  }
  await seedTasks(prisma, orgIds, users);
  await rewritingHistory(prisma, () => seedSubmissions(prisma));
  await seedLaterVisits(prisma, "expert@cted.example");
}

/** The demo tasks, through the task workflow: some for partners, some for ministries, some overdue. */
async function seedTasks(
  prisma: PrismaClient,
  orgIds: Map<string, string>,
  users: Map<string, Actor & { name: string }>,
) {
  const expert = users.get("expert@cted.example")!;
  for (const t of DEMO_TASKS) {
    const c = await prisma.case.findFirstOrThrow({
      where: { title: t.caseTitle },
      select: { id: true, countryCode: true, stateValue: true, version: true },
    });
    const person = "user" in t.assignee ? users.get(t.assignee.user)! : null;
    const assigneeOrgId = person ? person.organizationId! : orgIds.get((t.assignee as { org: string }).org)!;
    const org = await prisma.organization.findUniqueOrThrow({
      where: { id: assigneeOrgId },
      select: { kind: true },
    });
    const proposer = users.get(`focal@${c.countryCode.toLowerCase()}.example`)!;
    const context = {
      country: c.countryCode,
      assigneeUserId: person?.id ?? null,
      assigneeOrgId,
      assigneeIsGovernment: org.kind !== "PARTNER",
    };
    // The State proposes the demo's proposals; CTED assigns the rest. The machine decides where each starts.
    const creator = t.state === "proposed" ? proposer : expert;
    let task = taskRuntime.initial({ ...context, createdBy: creator });
    // Whoever works the task: the person, a member of the organisation, or the State's focal point for a ministry.
    const worker = person ?? [...users.values()].find((u) => u.organizationId === assigneeOrgId) ?? proposer;
    const steps = STEPS_TO[t.state];
    const history: { type: string; actorId: string }[] = [
      {
        type: taskStateHas(task.state, "awaitingAcceptance") ? "TASK_PROPOSED" : "TASK_CREATED",
        actorId: creator.id,
      },
    ];
    for (const type of steps) {
      const decision = taskRuntime.decide(task.persisted, { type, actor: worker });
      if (!decision.ok) throw new Error(`Demo task "${t.title}": ${type} refused (${decision.refusal})`);
      task = decision.next;
      history.push({ type: `TASK_${type}`, actorId: worker.id });
    }
    if (task.state !== t.state) throw new Error(`Demo task "${t.title}" ended ${task.state}, not ${t.state}`);
    const created = await prisma.task.create({
      data: {
        caseId: c.id,
        title: t.title,
        description: t.description ?? null,
        assigneeUserId: person?.id ?? null,
        assigneeOrgId,
        dueAt: new Date(Math.floor((Date.now() + t.dueInDays * DAY) / DAY) * DAY),
        state: task.state,
        snapshot: snapshotJson(task.persisted),
        workflowVersion: task.workflowVersion,
        createdById: history[0]!.actorId,
      },
    });
    await prisma.caseEvent.createMany({
      data: history.map((h) => ({
        caseId: c.id,
        actorId: h.actorId,
        type: h.type,
        fromState: c.stateValue,
        toState: c.stateValue,
        caseVersion: c.version,
        taskId: created.id,
        reason: t.title,
      })),
    });
  }
}
