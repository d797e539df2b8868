// Checking that the case history and the audit log were not altered: in each, every entry's hash
// must be the SHA-256 of the previous entry's hash and its own canonical form, and the ids must
// follow each other without a gap (they are handed out gapless, in commit order). The first entry
// that breaks either is named. Run by `npm run audit:verify` (server/audit-verify.ts) and by the
// audit page's "verify now".
import { createHash } from "node:crypto";

import { auditChainPage } from "~/models/audit.server.ts";
import { historyChainPage } from "~/models/history.server.ts";

const PAGE = 5000;

export type ChainCheck =
  | { ok: true; entries: number; lastHash: string | null }
  | { ok: false; entries: number; firstBroken: bigint; reason: string };

type ChainPage = (
  afterId: bigint,
  limit: number,
) => Promise<{ id: bigint; hash: string | null; canonical: string }[]>;

async function verifyChain(readPage: ChainPage, noun: string, chain: string): Promise<ChainCheck> {
  let previousHash = "";
  let expectedId = 1n;
  let entries = 0;
  for (;;) {
    const page = await readPage(expectedId - 1n, PAGE);
    for (const row of page) {
      if (row.id !== expectedId) {
        return {
          ok: false,
          entries,
          firstBroken: expectedId,
          reason: `${noun} ${expectedId} is missing: the ${chain} goes on at ${noun} ${row.id}`,
        };
      }
      const hash = createHash("sha256")
        .update(previousHash + row.canonical, "utf8")
        .digest("hex");
      if (row.hash !== hash) {
        return {
          ok: false,
          entries,
          firstBroken: row.id,
          reason: `${noun} ${row.id} was changed after it was written (or an ${noun} before it was)`,
        };
      }
      previousHash = hash;
      expectedId++;
      entries++;
    }
    if (page.length < PAGE) return { ok: true, entries, lastHash: previousHash || null };
  }
}

export const verifyHistoryChain = () => verifyChain(historyChainPage, "entry", "history");
export const verifyAuditChain = () => verifyChain(auditChainPage, "audit entry", "audit log");
