// The demo seed writes the submissions' packages and the responses into history entries after
// the fact (seed-evidence.ts: an entry's package names evidence whose row names the entry). The
// history is append-only and hash-chained (migration 20261204100000_history_chain), so the seed,
// alone and on a database being seeded before anyone uses it, opens it for that and then
// re-seals the whole chain, as the migration sealed the entries it found.
import type { PrismaClient } from "~/generated/prisma/client.ts";

const RESEAL = `DO $$
DECLARE
  r "CaseEvent";
  previous TEXT := '';
BEGIN
  FOR r IN SELECT * FROM "CaseEvent" ORDER BY "id" LOOP
    previous := encode(sha256(convert_to(previous || "CaseEvent_canonical"(r), 'UTF8')), 'hex');
    UPDATE "CaseEvent" SET "hash" = previous WHERE "id" = r."id";
  END LOOP;
END $$`;

export async function rewritingHistory(prisma: PrismaClient, fn: () => Promise<void>): Promise<void> {
  await prisma.$executeRawUnsafe(`ALTER TABLE "CaseEvent" DISABLE TRIGGER "CaseEvent_append_only"`);
  try {
    await fn();
    await prisma.$executeRawUnsafe(RESEAL);
  } finally {
    await prisma.$executeRawUnsafe(`ALTER TABLE "CaseEvent" ENABLE TRIGGER "CaseEvent_append_only"`);
  }
}
