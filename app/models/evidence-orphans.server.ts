// Evidence files whose storing never finished (Evidence rows of kind FILE with storedAt null): read
// and deleted for the orphan clean-up (app/jobs/orphan-uploads.server.ts), which decides which and
// when. Rows of other kinds are never touched here.
import { prisma } from "~/db/client.server.ts";

/** The file rows still without storedAt that were added before `before`, with their storage keys. */
export async function unstoredFilesAddedBefore(
  before: Date,
): Promise<{ id: string; storageKey: string | null }[]> {
  return prisma().evidence.findMany({
    where: { kind: "FILE", storedAt: null, addedAt: { lt: before } },
    select: { id: true, storageKey: true },
  });
}

/** Deletes the row if it is still without storedAt: false when it was stored (or deleted) meanwhile. */
export async function deleteIfUnstored(id: string): Promise<boolean> {
  const { count } = await prisma().evidence.deleteMany({ where: { id, kind: "FILE", storedAt: null } });
  return count === 1;
}
