// Checking that the case history and the audit log were not altered: in each, every entry's hash
// must be the SHA-256 of the previous entry's hash and its own canonical form, and the ids must
// follow each other without a gap (they are handed out gapless, in commit order). The first entry
// that breaks either is named. Run by `npm run audit:verify` (server/audit-verify.ts) and by the
// audit page's "verify now".
import { createHash } from "node:crypto";

import { t } from "~/i18n/i18n.server.ts";
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

/** `chain`: which one, for the sentences (admin:chains.<chain>). */
async function verifyChain(readPage: ChainPage, chain: "history" | "auditLog"): Promise<ChainCheck> {
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
          reason: t(`admin:chains.${chain}.missing`, { entry: String(expectedId), next: String(row.id) }),
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
          reason: t(`admin:chains.${chain}.changed`, { entry: String(row.id) }),
        };
      }
      previousHash = hash;
      expectedId++;
      entries++;
    }
    if (page.length < PAGE) return { ok: true, entries, lastHash: previousHash || null };
  }
}

export const verifyHistoryChain = () => verifyChain(historyChainPage, "history");
export const verifyAuditChain = () => verifyChain(auditChainPage, "auditLog");
