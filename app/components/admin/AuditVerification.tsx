// What "Verify now" found, in sentences: for the case history and for the audit log, intact (how
// many entries were checked, and the last hash to keep elsewhere) or altered (the first entry that
// breaks the chain, and why).
import type { ChainReport } from "~/domain/audit.server.ts";

import { formatUtc } from "./AuditTable.tsx";

const count = (n: number) => (n === 1 ? "1 entry" : `${n.toLocaleString("en-GB")} entries`);
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

function Chain({ name, check }: { name: string; check: ChainReport }) {
  if (check.ok) {
    return (
      <p className="notice success">
        <strong>The {name} is intact:</strong> {count(check.entries)} checked.{" "}
        {check.lastHash ? (
          <>
            Its last hash is <code className="audit-hash">{check.lastHash}</code>.
          </>
        ) : (
          "It has no entries yet."
        )}
      </p>
    );
  }
  return (
    <p className="notice error">
      <strong>
        The {name} was altered, first at entry {check.firstBroken}:
      </strong>{" "}
      {sentence(check.reason)}{" "}
      {check.entries === 0
        ? "It is the first entry."
        : `The ${count(check.entries)} before it ${check.entries === 1 ? "is" : "are"} intact.`}
    </p>
  );
}

export interface Verification {
  history: ChainReport;
  auditLog: ChainReport;
  checkedAt: string;
}

export function AuditVerification({ result }: { result: Verification }) {
  const intact = result.history.ok && result.auditLog.ok;
  return (
    <div className="audit-verification" role="status">
      <Chain name="case history" check={result.history} />
      <Chain name="audit log" check={result.auditLog} />
      <p className="audit-checked">
        Checked {formatUtc(result.checkedAt)}.{" "}
        {intact
          ? "Keep the last hashes somewhere else: a chain rewritten from its start would end on another hash."
          : "The app never changes or deletes an entry: this was done in the database itself."}
      </p>
    </div>
  );
}
