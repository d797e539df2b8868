// Organisations as administrators keep them: read with what depends on them (accounts, tasks,
// ministries, visits), and written. The rules (who may, what may change) are the caller's:
// app/domain/admin-organizations.server.ts.
import { prisma } from "~/db/client.server.ts";
import type { OrganizationKind } from "~/generated/prisma/client.ts";

import type { Db } from "./transaction.server.ts";

const ORGANIZATION_ROW = {
  id: true,
  name: true,
  shortName: true,
  kind: true,
  countryCode: true,
  governmentId: true,
  _count: { select: { users: true, tasks: true, ministries: true, assessments: true } },
} as const;

export interface OrganizationRow {
  id: string;
  name: string;
  shortName: string;
  kind: OrganizationKind;
  countryCode: string | null;
  governmentId: string | null;
  /** Accounts, tasks assigned to it, its ministries (a government), visits it took part in (a partner). */
  _count: { users: number; tasks: number; ministries: number; assessments: number };
}

/** Every organisation with its counts, by name. */
export async function organizationRows(): Promise<OrganizationRow[]> {
  return prisma().organization.findMany({ select: ORGANIZATION_ROW, orderBy: { name: "asc" } });
}

/** The organisation with this id and its counts, or null. */
export async function organizationRow(id: string, db: Db = prisma()): Promise<OrganizationRow | null> {
  return db.organization.findUnique({ where: { id }, select: ORGANIZATION_ROW });
}

/** How many visits were made to this State (by its ISO code). */
export async function visitCountForCountry(countryCode: string, db: Db = prisma()): Promise<number> {
  return db.assessment.count({ where: { countryCode } });
}

/**
 * Another organisation (not `exceptId`) already holding this name, short name or ISO code,
 * compared without regard to case for the names: "interpol" is INTERPOL.
 */
export async function organizationsHolding(
  values: { name: string; shortName: string; countryCode?: string },
  exceptId: string | undefined,
  db: Db = prisma(),
) {
  const others = exceptId ? { id: { not: exceptId } } : {};
  const select = { id: true, name: true, shortName: true, countryCode: true } as const;
  const [byName, byShortName, byCountryCode] = await Promise.all([
    db.organization.findFirst({
      where: { ...others, name: { equals: values.name, mode: "insensitive" } },
      select,
    }),
    db.organization.findFirst({
      where: { ...others, shortName: { equals: values.shortName, mode: "insensitive" } },
      select,
    }),
    values.countryCode
      ? db.organization.findFirst({ where: { ...others, countryCode: values.countryCode }, select })
      : null,
  ]);
  return { byName, byShortName, byCountryCode };
}

export interface OrganizationData {
  kind: OrganizationKind;
  name: string;
  shortName: string;
  countryCode: string | null;
  governmentId: string | null;
}

/** Inserts an organisation; a name, short name or code already taken fails with a unique violation. */
export async function insertOrganization(data: OrganizationData, db: Db = prisma()) {
  return db.organization.create({ data, select: ORGANIZATION_ROW });
}

/** Replaces an organisation's fields; a name, short name or code already taken fails with a unique violation. */
export async function updateOrganizationRow(id: string, data: OrganizationData, db: Db = prisma()) {
  return db.organization.update({ where: { id }, data, select: ORGANIZATION_ROW });
}

/** The organisations of one kind (governments for a ministry's form, partners for a visit's), by name. */
export async function organizationsOfKind(kind: OrganizationKind, db: Db = prisma()) {
  return db.organization.findMany({
    where: { kind },
    select: { id: true, name: true, shortName: true, countryCode: true },
    orderBy: { name: "asc" },
  });
}
