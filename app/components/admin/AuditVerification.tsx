// What "Verify now" found, in sentences: for the case history and for the audit log, intact (how
// many entries were checked, and the last hash to keep elsewhere) or altered (the first entry that
// breaks the chain, and why).
import { Trans, useTranslation } from "react-i18next";

import type { ChainReport } from "~/domain/audit.server.ts";
import { useFormat } from "~/i18n/format.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/** `chain`: which one, admin:audit.verification.<chain>. */
function Chain({ chain, check }: { chain: "history" | "auditLog"; check: ChainReport }) {
  const { t } = useTranslation("admin");
  const format = useFormat();
  const key = `audit.verification.${chain}`;
  if (check.ok) {
    return (
      <p className="notice success">
        <Trans
          {...TRANS_WITH_DATA}
          t={t}
          i18nKey={`${key}.intact`}
          count={check.entries}
          values={{ entries: format.count(check.entries) }}
          components={{ strong: <strong /> }}
        />{" "}
        {check.lastHash ? (
          <Trans
            {...TRANS_WITH_DATA}
            t={t}
            i18nKey="audit.verification.lastHash"
            values={{ hash: check.lastHash }}
            components={{ hash: <code className="audit-hash" translate="no" /> }}
          />
        ) : (
          t("audit.verification.noEntries")
        )}
      </p>
    );
  }
  return (
    <p className="notice error">
      <strong>{t(`${key}.altered`, { entry: check.firstBroken })}</strong> {sentence(check.reason)}{" "}
      {check.entries === 0
        ? t("audit.verification.firstEntry")
        : t("audit.verification.intactBefore", {
            count: check.entries,
            entries: format.count(check.entries),
          })}
    </p>
  );
}

export interface Verification {
  history: ChainReport;
  auditLog: ChainReport;
  checkedAt: string;
}

export function AuditVerification({ result }: { result: Verification }) {
  const { t } = useTranslation("admin");
  const format = useFormat();
  const intact = result.history.ok && result.auditLog.ok;
  return (
    <div className="audit-verification" role="status">
      <Chain chain="history" check={result.history} />
      <Chain chain="auditLog" check={result.auditLog} />
      <p className="audit-checked">
        {t("audit.verification.checked", { time: format.time(result.checkedAt) })}{" "}
        {intact ? t("audit.verification.keepHashes") : t("audit.verification.inDatabase")}
      </p>
    </div>
  );
}
