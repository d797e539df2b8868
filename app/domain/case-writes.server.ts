// The one way a case row changes: compare-and-set on its version, with the history entry
// appended in the same statement. One round trip, atomic without an explicit transaction: the
// history row exists exactly when the update matched.
import { prisma } from "~/db/client.server.ts";
import { Prisma } from "~/generated/prisma/client.ts";

import { ConflictError } from "./errors.server.ts";

// Columns a write may set, with the cast their parameter needs (snapshot comes as JSON text).
const COLUMNS = {
  state: "",
  stateValue: "",
  snapshot: "::jsonb",
  workflowVersion: "",
  title: "",
  text: "",
  area: "",
  priority: '::"Priority"',
  ownerId: "",
  dueAt: "::timestamp(3)",
} as const;
export type CaseChanges = Partial<Record<keyof typeof COLUMNS, string | number | Date | null>>;

export interface HistoryEntry {
  actorId: string;
  type: string;
  fromState: string | null;
  toState: string;
  reason?: string | null;
  responseText?: string | null;
}

export async function commitCaseChange(
  id: string,
  expectedVersion: number,
  changes: CaseChanges,
  entry: HistoryEntry,
): Promise<{ version: number; updatedAt: Date; eventId: bigint }> {
  const sets = Object.entries(changes).map(([column, value]) => {
    const cast = COLUMNS[column as keyof typeof COLUMNS];
    return Prisma.sql`${Prisma.raw(`"${column}"`)} = ${value}${Prisma.raw(cast)}`;
  });
  const rows = await prisma().$queryRaw<{ version: number; updatedAt: Date; eventId: bigint }[]>`
    WITH updated AS (
      UPDATE "Case"
      SET ${Prisma.join([...sets, Prisma.sql`version = version + 1`, Prisma.sql`"updatedAt" = now()`])}
      WHERE id = ${id} AND version = ${expectedVersion}
      RETURNING id, version, "updatedAt"
    ), entry AS (
      INSERT INTO "CaseEvent" ("caseId", "actorId", type, "fromState", "toState", reason, "responseText", "caseVersion")
      SELECT id, ${entry.actorId}, ${entry.type}, ${entry.fromState}, ${entry.toState}, ${entry.reason ?? null}, ${entry.responseText ?? null}, version
      FROM updated
      RETURNING id
    )
    SELECT updated.version, updated."updatedAt", entry.id AS "eventId" FROM updated, entry`;
  if (rows.length === 1) return rows[0]!;
  // Someone else's write committed first.
  const latest = await prisma().case.findUnique({ where: { id }, select: { version: true } });
  throw new ConflictError(latest?.version ?? expectedVersion);
}
