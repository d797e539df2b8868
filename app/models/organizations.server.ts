// Organisations: CTED, governments and their ministries, partners. Read here for deciding who
// acts for whom (notifications.server.ts orgsActingFor, the reminders job).
import { prisma } from "~/db/client.server.ts";
import type { OrganizationKind } from "~/generated/prisma/client.ts";

export interface OrganizationLink {
  id: string;
  kind: OrganizationKind;
  /** For a ministry: its government. */
  governmentId: string | null;
}

/** The organisation's kind and government, or null when there is none with this id. */
export async function organizationLink(id: string): Promise<OrganizationLink | null> {
  return prisma().organization.findUnique({
    where: { id },
    select: { id: true, kind: true, governmentId: true },
  });
}

/** Every organisation's kind and government. */
export async function allOrganizationLinks(): Promise<OrganizationLink[]> {
  return prisma().organization.findMany({ select: { id: true, kind: true, governmentId: true } });
}
