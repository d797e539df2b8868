// Organisations, as CTED's administrators keep them from the browser and the API: listed by kind
// with their accounts, created and edited. None is ever deleted (the history, tasks and visits
// refer to them), and what depends on an organisation pins what it is: an organisation with
// accounts, tasks, ministries or visits keeps its kind (each role belongs to one kind of
// organisation; a government's State holds its ministries, tasks and visits); a government with
// any of those keeps its ISO code (its focal points see its State's cases by it); a ministry with
// tasks keeps its government (the tasks are on that State's cases).
import { may } from "~/access/capabilities.ts";
import type { SessionUser } from "~/access/visibility.ts";
import { requestLanguage } from "~/i18n/detect.server.ts";
import { intlLocale } from "~/i18n/format.ts";
import { t } from "~/i18n/i18n.server.ts";
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
  if (!may(user, "administer")) throw new ForbiddenError("admin:organizations.errors.forbidden");
}

/** What a sentence calls an organisation of each kind ("a government"), in the request's language. */
const aKind = (kind: OrganizationKind) => t(`admin:organizations.aKind.${kind}`);

/** The order of the list's sections. */
const KIND_ORDER: OrganizationKind[] = ["CTED", "COMMITTEE", "GOVERNMENT", "MINISTRY", "PARTNER"];

/** "1 account", "5 tasks": admin:organizations.dependents.<what>, in the request's language. */
const count = (n: number, what: "accounts" | "tasks" | "ministries" | "visits") =>
  t(`admin:organizations.dependents.${what}`, { count: n });
/** "2 accounts, 5 tasks and 1 visit", as the request's language joins a list (English as the UN writes it). */
const and = (parts: string[]) => {
  return new Intl.ListFormat(intlLocale(requestLanguage()), { type: "conjunction" }).format(parts);
};

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
    row._count.users > 0 ? count(row._count.users, "accounts") : "",
    row._count.tasks > 0 ? count(row._count.tasks, "tasks") : "",
    row._count.ministries > 0 ? count(row._count.ministries, "ministries") : "",
    visits > 0 ? count(visits, "visits") : "",
  ].filter(Boolean);
}

/** Why a field cannot change (a sentence for the form's hints), or nothing when it can. */
function pinned(row: Row, visitsToState: number) {
  const held = dependents(row, visitsToState);
  const what = and(held);
  return {
    kind: held.length > 0 ? t("admin:organizations.pinned.kind", { what }) : null,
    countryCode:
      row.kind === "GOVERNMENT" && held.length > 0
        ? t("admin:organizations.pinned.countryCode", { what })
        : null,
    governmentId:
      row.kind === "MINISTRY" && row._count.tasks > 0
        ? t("admin:organizations.pinned.governmentId", { what: count(row._count.tasks, "tasks") })
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
  if (held.byName) fields.name = t("admin:organizations.errors.usedBy", { name: held.byName.shortName });
  if (held.byShortName)
    fields.shortName = t("admin:organizations.errors.usedBy", { name: held.byShortName.name });
  if (held.byCountryCode)
    fields.countryCode = t("admin:organizations.errors.codeTaken", {
      code: input.countryCode,
      name: held.byCountryCode.name,
    });
  if (input.governmentId) {
    const government = ID_PATTERN.test(input.governmentId) ? await organizationRow(input.governmentId) : null;
    if (input.governmentId === exceptId) fields.governmentId = "admin:organizations.errors.itself";
    else if (!government) fields.governmentId = "admin:organizations.errors.notAnOrganization";
    else if (government.kind !== "GOVERNMENT")
      fields.governmentId = t("admin:organizations.errors.notAGovernment", {
        name: government.shortName,
        kind: aKind(government.kind),
      });
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
    fields.kind = t("admin:organizations.errors.kindHeld", {
      name: row.shortName,
      held,
      kind: aKind(row.kind),
    });
  else if (row.kind === "GOVERNMENT" && input.countryCode !== row.countryCode && held)
    fields.countryCode = t("admin:organizations.errors.countryCodeHeld", {
      name: row.shortName,
      held,
      code: row.countryCode,
    });
  else if (row.kind === "MINISTRY" && input.governmentId !== row.governmentId && row._count.tasks > 0)
    fields.governmentId = t("admin:organizations.errors.governmentHeld", {
      name: row.shortName,
      tasks: count(row._count.tasks, "tasks"),
    });
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
