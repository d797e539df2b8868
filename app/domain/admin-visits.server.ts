// Assessment visits, as CTED's administrators keep them from the browser and the API: listed
// latest first, created and edited. A visit is to a State that has a government organisation
// (its ISO code and, unless given, its country name come from it); its partners are partner
// organisations. A visit with cases keeps its State: the cases' references (TJK-2017-...) and who
// sees them (the State's focal points) follow from it. What administrators create is never demo
// data (isDemo stays false). Visits are not deleted: cases and imports refer to them.
import type { SessionUser } from "~/access/visibility.ts";
import { t } from "~/i18n/i18n.server.ts";
import { ID_PATTERN } from "~/lib/input-text.ts";
import { log } from "~/lib/log.server.ts";
import { organizationsOfKind } from "~/models/admin-organizations.server.ts";
import {
  governmentOf,
  insertVisit,
  partnerIdsAmong,
  updateVisitRow,
  type VisitData,
  type VisitRow,
  visitRow,
  visitRows,
} from "~/models/admin-visits.server.ts";
import { inTransaction } from "~/models/transaction.server.ts";

import { countryNameFrom, type VisitInput } from "./admin-input.ts";
import { requireAdministrator } from "./admin-organizations.server.ts";
import { audit } from "./audit.server.ts";
import { InvalidInputError, NotFoundError } from "./errors.server.ts";

/** A calendar day as the API and the forms write it: YYYY-MM-DD. */
const day = (value: Date) => value.toISOString().slice(0, 10);
const dayOrNull = (value: Date | null) => (value ? day(value) : null);

function visitItem(row: VisitRow) {
  return {
    id: row.id,
    title: row.title,
    countryCode: row.countryCode,
    countryName: row.countryName,
    visitStart: day(row.visitStart),
    visitEnd: day(row.visitEnd),
    resolutions: row.resolutions,
    reportSentAt: dayOrNull(row.reportSentAt),
    reportAdoptedAt: dayOrNull(row.reportAdoptedAt),
    isDemo: row.isDemo,
    partners: row.partners.map((p) => p.organization),
    cases: row._count.cases,
  };
}
export type VisitItem = ReturnType<typeof visitItem>;

/** Every visit, latest first, with its partners and number of cases. */
export async function listAdminVisits(admin: SessionUser): Promise<VisitItem[]> {
  requireAdministrator(admin);
  return (await visitRows()).map(visitItem);
}

async function existingVisit(id: string) {
  const row = ID_PATTERN.test(id) ? await visitRow(id) : null;
  if (!row) throw new NotFoundError("Visit");
  return row;
}

export async function getAdminVisit(admin: SessionUser, id: string): Promise<VisitItem> {
  requireAdministrator(admin);
  return visitItem(await existingVisit(id));
}

/**
 * The choices the visit form needs: the States (governments with their ISO code, and the country
 * name a visit takes by default) and the partner organisations.
 */
export async function visitFormOptions(admin: SessionUser) {
  requireAdministrator(admin);
  const [governments, partners] = await Promise.all([
    organizationsOfKind("GOVERNMENT"),
    organizationsOfKind("PARTNER"),
  ]);
  return {
    states: governments
      .filter((g): g is typeof g & { countryCode: string } => g.countryCode !== null)
      .map((g) => ({ countryCode: g.countryCode, name: g.name, countryName: countryNameFrom(g) })),
    // By short name, as the form shows them first.
    partners: partners
      .map(({ id, name, shortName }) => ({ id, name, shortName }))
      .sort((a, b) => a.shortName.localeCompare(b.shortName)),
  };
}

/**
 * The visit's row from its input: the State's government (required when the State is new to the
 * visit), the country name (given, else the government's, else the one it had) and its partners,
 * each a partner organisation. Every problem at once, as field messages.
 */
async function visitData(input: VisitInput, current?: VisitRow) {
  const fields: Record<string, string> = {};
  const government = await governmentOf(input.countryCode);
  const sameState = current?.countryCode === input.countryCode;
  if (current && !sameState && current._count.cases > 0) {
    fields.countryCode = t("admin:visits.errors.stateHeld", {
      count: current._count.cases,
      code: current.countryCode,
    });
  } else if (!government && !sameState) {
    fields.countryCode = t("admin:visits.errors.noGovernment", { code: input.countryCode });
  }
  const partnerIds = [...new Set(input.partnerIds)];
  const partners = await partnerIdsAmong(partnerIds);
  if (partners.length < partnerIds.length) fields.partnerIds = "admin:visits.errors.notPartners";
  if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);
  const countryName =
    input.countryName ??
    (government ? countryNameFrom(government) : (current?.countryName ?? input.countryCode));
  const data: VisitData = {
    countryCode: input.countryCode,
    countryName,
    title: input.title,
    visitStart: input.visitStart,
    visitEnd: input.visitEnd,
    resolutions: input.resolutions,
    reportSentAt: input.reportSentAt ?? null,
    reportAdoptedAt: input.reportAdoptedAt ?? null,
  };
  return { data, partnerIds };
}

/** A visit's facts as the audit log keeps them: its dates as days. */
function visitFacts(v: Pick<VisitData, keyof VisitData>) {
  const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;
  return {
    countryCode: v.countryCode,
    title: v.title,
    visitStart: day(v.visitStart),
    visitEnd: day(v.visitEnd),
    resolutions: v.resolutions,
    reportSentAt: day(v.reportSentAt),
    reportAdoptedAt: day(v.reportAdoptedAt),
  };
}

export async function createVisit(admin: SessionUser, input: VisitInput): Promise<VisitItem> {
  requireAdministrator(admin);
  const { data, partnerIds } = await visitData(input);
  const row = await inTransaction(async (tx) => {
    const row = await insertVisit(data, partnerIds, tx);
    const details = { ...visitFacts(data), partnerIds };
    await audit(
      { actor: admin, action: "admin.visit.created", subject: { type: "assessment", id: row.id }, details },
      tx,
    );
    return row;
  });
  log.info("visit created", { assessmentId: row.id, countryCode: row.countryCode, by: admin.id });
  return visitItem(row);
}

export async function updateVisit(admin: SessionUser, id: string, input: VisitInput): Promise<VisitItem> {
  requireAdministrator(admin);
  const current = await existingVisit(id);
  const { data, partnerIds } = await visitData(input, current);
  const row = await inTransaction(async (tx) => {
    const row = await updateVisitRow(id, data, partnerIds, tx);
    const details = {
      before: { ...visitFacts(current), partnerIds: current.partners.map((p) => p.organization.id) },
      after: { ...visitFacts(data), partnerIds },
    };
    await audit(
      { actor: admin, action: "admin.visit.changed", subject: { type: "assessment", id }, details },
      tx,
    );
    return row;
  });
  log.info("visit changed", { assessmentId: id, by: admin.id });
  return visitItem(row);
}
