// `npm run audit:verify`: checks the hash chains of the case history and of the audit log on the
// configured database (DATA_DIR or DATABASE_URL, as the app; an embedded database only while the
// app is stopped). Prints the entries checked and each chain's last hash (keep them elsewhere: a
// chain rewritten from the start by someone with the database's keys ends on another hash), or
// names the first entry that breaks a chain and exits 1.
import { closeDatabase } from "~/db/client.server.ts";
import { type ChainCheck, verifyAuditChain, verifyHistoryChain } from "~/domain/hash-chains.server.ts";

const entries = (n: number) => (n === 1 ? "1 entry" : `${n} entries`);

function report(what: string, result: ChainCheck): boolean {
  if (result.ok) {
    console.log(
      `The ${what} is intact: ${entries(result.entries)} checked; last hash ${result.lastHash ?? "(none)"}.`,
    );
  } else {
    console.log(
      `The ${what} was altered: ${result.reason}. ${result.entries === 0 ? "It is the first entry." : `${entries(result.entries)} before it ${result.entries === 1 ? "is" : "are"} intact.`}`,
    );
  }
  return result.ok;
}

const history = await verifyHistoryChain();
const auditLog = await verifyAuditChain();
await closeDatabase();
const ok = [report("case history", history), report("audit log", auditLog)].every(Boolean);
if (!ok) process.exitCode = 1;
