// Organisations, as CTED's administrators keep them from the browser and the API: listed by kind
// with their accounts, created and edited. None is ever deleted (the history, tasks and visits
// refer to them), and what depends on an organisation pins what it is: an organisation with
// accounts, tasks, ministries or visits keeps its kind (each role belongs to one kind of
// organisation; a government's State holds its ministries, tasks and visits); a government with
// any of those keeps its ISO code (its focal points see its State's cases by it); a ministry with
// tasks keeps its government (the tasks are on that State's cases).
import { may } from "~/access/capabilities.ts";
import type { SessionUser } from "~/access/visibility.ts";
import { ID_PATTERN } from "~/lib/input-text.ts";
import { log } from "~/lib/log.server.ts";
import {
  insertOrganization,
  type OrganizationData,
  organizationRow,
  organizationRows,
  organizationsHolding,
  organizationsOfKind,
  updateOrganizationRow,
  visitCountForCountry,
} from "~/models/admin-organizations.server.ts";
import { inTransaction, isUniqueViolation } from "~/models/transaction.server.ts";

import type { OrganizationInput, OrganizationKind } from "./admin-input.ts";
import { audit, pick } from "./audit.server.ts";
import { ForbiddenError, InvalidInputError, NotFoundError } from "./errors.server.ts";

/** Refuses (403) whoever is not a CTED administrator: the API's answer; pages answer 404 before. */
export function requireAdministrator(user: SessionUser): void {
  if (!may(user, "administer"))
    throw new ForbiddenError("Only CTED administrators manage organisations and visits");
}

/** What a sentence calls an organisation of each kind. */
const A_KIND: Record<OrganizationKind, string> = {
  CTED: "CTED",
  GOVERNMENT: "a government",
  MINISTRY: "a ministry",
  PARTNER: "a partner organisation",
  COMMITTEE: "a committee",
};

/** The order of the list's sections. */
const KIND_ORDER: OrganizationKind[] = ["CTED", "COMMITTEE", "GOVERNMENT", "MINISTRY", "PARTNER"];

const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
const and = (parts: string[]) =>
  parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;

interface Row {
  id: string;
  name: string;
  shortName: string;
  kind: OrganizationKind;
  countryCode: string | null;
  governmentId: string | null;
  _count: { users: number; tasks: number; ministries: number; assessments: number };
}

/** What depends on the organisation, in words ("2 accounts and 5 tasks"); [] for nothing. */
function dependents(row: Row, visitsToState: number): string[] {
  const visits = row.kind === "GOVERNMENT" ? visitsToState : row._count.assessments;
  return [
    row._count.users > 0 ? count(row._count.users, "account", "accounts") : "",
    row._count.tasks > 0 ? count(row._count.tasks, "task", "tasks") : "",
    row._count.ministries > 0 ? count(row._count.ministries, "ministry", "ministries") : "",
    visits > 0 ? count(visits, "visit", "visits") : "",
  ].filter(Boolean);
}

/** Why a field cannot change (a sentence for the form's hints), or nothing when it can. */
function pinned(row: Row, visitsToState: number) {
  const held = dependents(row, visitsToState);
  const what = and(held);
  return {
    kind: held.length > 0 ? `Its kind cannot change while it has ${what}.` : null,
    countryCode:
      row.kind === "GOVERNMENT" && held.length > 0 ? `Its code cannot change while it has ${what}.` : null,
    governmentId:
      row.kind === "MINISTRY" && row._count.tasks > 0
        ? `Its government cannot change while it has ${count(row._count.tasks, "task", "tasks")}.`
        : null,
  };
}

function item(row: Row, shortNames: Map<string, string>) {
  return {
    id: row.id,
    name: row.name,
    shortName: row.shortName,
    kind: row.kind,
    countryCode: row.countryCode,
    governmentId: row.governmentId,
    government: row.governmentId
      ? { id: row.governmentId, shortName: shortNames.get(row.governmentId) ?? "" }
      : null,
    users: row._count.users,
    tasks: row._count.tasks,
    ministries: row._count.ministries,
  };
}
export type OrganizationItem = ReturnType<typeof item>;

/** Every organisation, by kind (CTED, committees, governments, ministries, partners), then by name. */
export async function listOrganizations(admin: SessionUser): Promise<OrganizationItem[]> {
  requireAdministrator(admin);
  const rows = await organizationRows();
  const shortNames = new Map(rows.map((r) => [r.id, r.shortName]));
  return rows
    .map((r) => item(r, shortNames))
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name));
}

async function existingRow(id: string) {
  const row = ID_PATTERN.test(id) ? await organizationRow(id) : null;
  if (!row) throw new NotFoundError("Organisation");
  return row;
}

/** One organisation, with why some of its fields cannot change (`pinned`: sentences, or null). */
export async function getOrganization(admin: SessionUser, id: string) {
  requireAdministrator(admin);
  const row = await existingRow(id);
  const government = row.governmentId ? await organizationRow(row.governmentId) : null;
  const visits = row.countryCode ? await visitCountForCountry(row.countryCode) : 0;
  const shortNames = new Map(government ? [[government.id, government.shortName]] : []);
  return { organization: item(row, shortNames), pinned: pinned(row, visits) };
}

/** The choices the organisation form needs: the governments a ministry may belong to. */
export async function organizationFormOptions(admin: SessionUser) {
  requireAdministrator(admin);
  return { governments: await organizationsOfKind("GOVERNMENT") };
}

/** Names and codes already held by another organisation, and a ministry's government that is not one. */
async function checkAgainstOthers(input: OrganizationInput, exceptId?: string) {
  const fields: Record<string, string> = {};
  const held = await organizationsHolding(input, exceptId);
  if (held.byName) fields.name = `is already used by ${held.byName.shortName}`;
  if (held.byShortName) fields.shortName = `is already used by ${held.byShortName.name}`;
  if (held.byCountryCode)
    fields.countryCode = `${input.countryCode} is already the code of ${held.byCountryCode.name}`;
  if (input.governmentId) {
    const government = ID_PATTERN.test(input.governmentId) ? await organizationRow(input.governmentId) : null;
    if (input.governmentId === exceptId) fields.governmentId = "cannot be the organisation itself";
    else if (!government) fields.governmentId = "is not an organisation in Follow-up";
    else if (government.kind !== "GOVERNMENT")
      fields.governmentId = `must be a government; ${government.shortName} is ${A_KIND[government.kind]}`;
  }
  if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);
}

const dataOf = (input: OrganizationInput): OrganizationData => ({
  kind: input.kind,
  name: input.name,
  shortName: input.shortName,
  countryCode: input.countryCode ?? null,
  governmentId: input.governmentId ?? null,
});

/**
 * Writes, and should another request have taken a name or code meanwhile (the database's unique
 * constraints), says which as checkAgainstOthers would.
 */
async function writing<T>(input: OrganizationInput, exceptId: string | undefined, write: () => Promise<T>) {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) await checkAgainstOthers(input, exceptId);
    throw error;
  }
}

export async function createOrganization(admin: SessionUser, input: OrganizationInput) {
  requireAdministrator(admin);
  await checkAgainstOthers(input);
  const data = dataOf(input);
  const row = await writing(input, undefined, () =>
    inTransaction(async (tx) => {
      const row = await insertOrganization(data, tx);
      await audit(
        {
          actor: admin,
          action: "admin.organization.created",
          subject: { type: "organization", id: row.id },
          details: { ...data },
        },
        tx,
      );
      return row;
    }),
  );
  log.info("organisation created", { organizationId: row.id, kind: row.kind, by: admin.id });
  return (await getOrganization(admin, row.id)).organization;
}

export async function updateOrganization(admin: SessionUser, id: string, input: OrganizationInput) {
  requireAdministrator(admin);
  const row = await existingRow(id);
  const visits = row.countryCode ? await visitCountForCountry(row.countryCode) : 0;
  const held = and(dependents(row, visits));
  const fields: Record<string, string> = {};
  if (input.kind !== row.kind && held)
    fields.kind = `cannot change while ${row.shortName} has ${held}, which depend on it being ${A_KIND[row.kind]}`;
  else if (row.kind === "GOVERNMENT" && input.countryCode !== row.countryCode && held)
    fields.countryCode = `cannot change while ${row.shortName} has ${held}, which belong to its State (${row.countryCode})`;
  else if (row.kind === "MINISTRY" && input.governmentId !== row.governmentId && row._count.tasks > 0)
    fields.governmentId = `cannot change while ${row.shortName} has ${count(row._count.tasks, "task", "tasks")} on its present government's cases`;
  if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);
  await checkAgainstOthers(input, id);
  const data = dataOf(input);
  await writing(input, id, () =>
    inTransaction(async (tx) => {
      await updateOrganizationRow(id, data, tx);
      const details = { before: pick(row, Object.keys(data)), after: { ...data } };
      await audit(
        {
          actor: admin,
          action: "admin.organization.changed",
          subject: { type: "organization", id },
          details,
        },
        tx,
      );
    }),
  );
  log.info("organisation changed", { organizationId: id, by: admin.id });
  return (await getOrganization(admin, id)).organization;
}
