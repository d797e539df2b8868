// Checking that the case history was not altered: each entry's hash must be the SHA-256 of the
// previous entry's hash and its own canonical form, and the ids must follow each other without a
// gap (they are handed out gapless, in commit order). The first entry that breaks either is named.
// Run by `npm run audit:verify` (server/audit-verify.ts).
import { createHash } from "node:crypto";

import { historyChainPage } from "~/models/history.server.ts";

const PAGE = 5000;

export type ChainCheck =
  | { ok: true; entries: number; lastHash: string | null }
  | { ok: false; entries: number; firstBroken: bigint; reason: string };

export async function verifyHistoryChain(): Promise<ChainCheck> {
  let previousHash = "";
  let expectedId = 1n;
  let entries = 0;
  for (;;) {
    const page = await historyChainPage(expectedId - 1n, PAGE);
    for (const row of page) {
      if (row.id !== expectedId) {
        return {
          ok: false,
          entries,
          firstBroken: expectedId,
          reason: `entry ${expectedId} is missing: the history goes on at entry ${row.id}`,
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
          reason: `entry ${row.id} was changed after it was written (or an entry before it was)`,
        };
      }
      previousHash = hash;
      expectedId++;
      entries++;
    }
    if (page.length < PAGE) return { ok: true, entries, lastHash: previousHash || null };
  }
}
