// `npm run advisories` (CI): no known high or critical advisory against what the app runs with
// (`npm audit --omit=dev --audit-level=high`). npm audit exits 1 both for advisories found and for
// an advisory service it cannot reach; the two are told apart here: advisories fail the run, an
// unreachable service is reported and does not (a network without the service, as on a closed
// CI, must not pass for "clean" silently, nor block every change).
import { execFileSync } from "node:child_process";

interface AuditReport {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity: string }>;
  statusCode?: number;
  message?: string;
  error?: unknown;
}

export type Verdict = { ok: true; said: string } | { ok: false; said: string };

/** What npm audit's JSON says about high and critical advisories. */
export function verdictOf(json: string): Verdict {
  let report: AuditReport;
  try {
    report = JSON.parse(json) as AuditReport;
  } catch {
    return { ok: false, said: "npm audit gave no report (its output was not JSON)" };
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts) {
    const why = report.message ?? "no report";
    return {
      ok: true,
      said: `The advisory service could not be asked (${why}): dependencies NOT checked for advisories.`,
    };
  }
  const serious = (counts.high ?? 0) + (counts.critical ?? 0);
  if (serious === 0)
    return { ok: true, said: `No high or critical advisory (${counts.total ?? 0} of any severity).` };
  const names = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => v.severity === "high" || v.severity === "critical")
    .map(([name, v]) => `${name} (${v.severity})`);
  return {
    ok: false,
    said: `${serious} high or critical advisories: ${names.join(", ")}. Run npm audit for the details.`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let output: string;
  try {
    output = execFileSync("npm", ["audit", "--omit=dev", "--audit-level=high", "--json"], {
      encoding: "utf8",
    });
  } catch (error) {
    output = String((error as { stdout?: unknown }).stdout ?? "");
  }
  const verdict = verdictOf(output);
  console.log(verdict.said);
  if (!verdict.ok) process.exitCode = 1;
}
