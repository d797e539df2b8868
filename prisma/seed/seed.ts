// Seeds the demo data (prisma/seed/demo-data.ts) into an empty database. Cases reach their
// states through the real workflow, so each snapshot and history entry is one the app could
// have written.
import type { Prisma, PrismaClient } from "../../app/generated/prisma/client.ts";
import { hashPassword } from "../../app/domain/auth.server.ts";
import { areaCode } from "../../app/lib/areas.ts";
import { defaultDueDate } from "../../app/lib/deadlines.ts";
import type { Actor } from "../../workflows/actor.ts";
import { decide, initialCaseState } from "../../workflows/decide.ts";
import { DEMO_PASSWORD, KAZAKHSTAN, PARTNERS, TAJIKISTAN, USERS, type DemoCase } from "./demo-data.ts";

const DAY = 24 * 60 * 60 * 1000;

export async function seedDemoData(prisma: PrismaClient): Promise<void> {
  const orgIds = new Map<string, string>();
  const addOrg = async (key: string, data: Prisma.OrganizationCreateInput) => {
    orgIds.set(key, (await prisma.organization.create({ data, select: { id: true } })).id);
  };
  await addOrg("CTED", { name: "Counter-Terrorism Committee Executive Directorate", shortName: "CTED", kind: "CTED" });
  await addOrg("CTC", { name: "Counter-Terrorism Committee", shortName: "CTC", kind: "COMMITTEE" });
  for (const visit of [TAJIKISTAN, KAZAKHSTAN]) {
    await addOrg(visit.countryCode, {
      name: visit.governmentName,
      shortName: `Government of ${visit.countryName}`,
      kind: "GOVERNMENT",
      countryCode: visit.countryCode,
    });
  }
  for (const p of PARTNERS) await addOrg(p.shortName, { name: p.name, shortName: p.shortName, kind: "PARTNER" });

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = new Map<string, Actor & { name: string }>();
  for (const u of USERS) {
    const created = await prisma.user.create({
      data: { email: u.email, name: u.name, role: u.role, passwordHash, organizationId: orgIds.get(u.org)! },
    });
    users.set(u.email, { id: created.id, name: u.name, role: u.role, country: u.role === "GOVERNMENT_FOCAL_POINT" ? u.org : null });
  }
  const cted = (who: string) => users.get(`${who}@cted.example`)!;

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
      const ref = `${visit.countryCode}-${visit.visitStart.slice(0, 4)}-${areaCode(demo.area)}-${String(n).padStart(2, "0")}`;
      const owner = cted("expert");
      let state = initialCaseState(visit.countryCode);
      const events: Prisma.CaseEventCreateManyCaseInput[] = [{ actorId: owner.id, type: "CREATED", toState: state.stateValue, at: adopted }];
      demo.path.forEach((step, i) => {
        const actor = step.by === "focal" ? focal : cted(step.by);
        const decision = decide(state.persisted, { type: step.type, actor, reason: step.reason });
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
          dueAt: demo.dueInDays === undefined ? defaultDueDate(adopted) : new Date(Date.now() + demo.dueInDays * DAY),
          state: state.state,
          stateValue: state.stateValue,
          snapshot: state.persisted as unknown as Prisma.InputJsonValue,
          workflowVersion: state.workflowVersion,
          version: events.length,
          events: { createMany: { data: events } },
        },
      });
    }
  }
}
