// `npm run audit:verify`: checks the case history's hash chain on the configured database
// (DATA_DIR or DATABASE_URL, as the app; an embedded database only while the app is stopped).
// Prints the entries checked and the last hash (keep it elsewhere: a chain rewritten from the
// start by someone with the database's keys ends on another hash), or names the first entry
// that breaks the chain and exits 1.
import { closeDatabase } from "~/db/client.server.ts";
import { verifyHistoryChain } from "~/domain/history-chain.server.ts";

const result = await verifyHistoryChain();
await closeDatabase();
if (result.ok) {
  console.log(
    `The case history is intact: ${result.entries} entries checked; last hash ${result.lastHash ?? "(none)"}.`,
  );
} else {
  console.log(
    `The case history was altered: ${result.reason}. ${result.entries} entries before it are intact.`,
  );
  process.exitCode = 1;
}
