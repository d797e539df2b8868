// Who may do what, as one table: every capability for every role in every relation to a case.
// The table is the specification; a change of rule must change it. The HTTP, page and socket
// surfaces are checked against the same rules by tests/integration/permission-matrix.test.ts.
import { CAPABILITIES, type Capability, may, type Person, rolesWith } from "~/access/capabilities.ts";
import { ROLES } from "~/access/roles.ts";
import { type CaseAudience, maySee } from "~/access/visibility.ts";

// A case of Tajikistan with one open task for UNODC.
const TJK_CASE: CaseAudience = {
  countryCode: "TJK",
  tasks: [{ id: "task-1", assigneeOrgId: "org-unodc", state: "open" }],
};

const person = (role: Person["role"], orgId: string, countryCode: string | null = null): Person => ({
  role,
  organization: { id: orgId, countryCode },
});

const RELATIONS = {
  "CTED admin": person("CTED_ADMIN", "org-cted"),
  "CTED expert": person("CTED_EXPERT", "org-cted"),
  "focal point of the case's State": person("GOVERNMENT_FOCAL_POINT", "org-tjk", "TJK"),
  "focal point of another State": person("GOVERNMENT_FOCAL_POINT", "org-kaz", "KAZ"),
  "partner with a task on the case": person("PARTNER_OFFICER", "org-unodc"),
  "partner without a task on it": person("PARTNER_OFFICER", "org-interpol"),
  observer: person("OBSERVER", "org-observers"),
} satisfies Record<string, Person>;
type Relation = keyof typeof RELATIONS;

type Row = Record<"see" | Capability, 0 | 1>;
// prettier-ignore
const TABLE: Record<Relation, Row> = {
  //                                   see editCases ownCases actForCted proposeTasks actForState commentOnTasks readDocuments writeDocuments resolveAnyComment administer addEvidence addEvidenceToOwnTasks deleteAnyEvidence
  "CTED admin":                      { see: 1, editCases: 1, ownCases: 1, actForCted: 1, proposeTasks: 0, actForState: 0, commentOnTasks: 1, readDocuments: 1, writeDocuments: 1, resolveAnyComment: 1, administer: 1, addEvidence: 1, addEvidenceToOwnTasks: 0, deleteAnyEvidence: 1 },
  "CTED expert":                     { see: 1, editCases: 1, ownCases: 1, actForCted: 1, proposeTasks: 0, actForState: 0, commentOnTasks: 1, readDocuments: 1, writeDocuments: 1, resolveAnyComment: 1, administer: 0, addEvidence: 1, addEvidenceToOwnTasks: 0, deleteAnyEvidence: 1 },
  "focal point of the case's State": { see: 1, editCases: 0, ownCases: 0, actForCted: 0, proposeTasks: 1, actForState: 1, commentOnTasks: 1, readDocuments: 1, writeDocuments: 1, resolveAnyComment: 0, administer: 0, addEvidence: 1, addEvidenceToOwnTasks: 0, deleteAnyEvidence: 0 },
  "focal point of another State":    { see: 0, editCases: 0, ownCases: 0, actForCted: 0, proposeTasks: 0, actForState: 0, commentOnTasks: 0, readDocuments: 0, writeDocuments: 0, resolveAnyComment: 0, administer: 0, addEvidence: 0, addEvidenceToOwnTasks: 0, deleteAnyEvidence: 0 },
  "partner with a task on the case": { see: 1, editCases: 0, ownCases: 0, actForCted: 0, proposeTasks: 0, actForState: 0, commentOnTasks: 1, readDocuments: 0, writeDocuments: 0, resolveAnyComment: 0, administer: 0, addEvidence: 0, addEvidenceToOwnTasks: 1, deleteAnyEvidence: 0 },
  "partner without a task on it":    { see: 0, editCases: 0, ownCases: 0, actForCted: 0, proposeTasks: 0, actForState: 0, commentOnTasks: 0, readDocuments: 0, writeDocuments: 0, resolveAnyComment: 0, administer: 0, addEvidence: 0, addEvidenceToOwnTasks: 0, deleteAnyEvidence: 0 },
  observer:                          { see: 1, editCases: 0, ownCases: 0, actForCted: 0, proposeTasks: 0, actForState: 0, commentOnTasks: 0, readDocuments: 1, writeDocuments: 0, resolveAnyComment: 0, administer: 0, addEvidence: 0, addEvidenceToOwnTasks: 0, deleteAnyEvidence: 0 },
};

/** What a person may do on a case: nothing on one they may not see (it is not found to them). */
const allowed = (p: Person, capability: Capability) => maySee(p, TJK_CASE) && may(p, capability, TJK_CASE);

describe("capabilities: role x relation to a case", () => {
  it("the table covers every role and every capability", () => {
    expect(new Set(Object.values(RELATIONS).map((p) => p.role))).toEqual(new Set(ROLES));
    for (const row of Object.values(TABLE))
      expect(Object.keys(row).sort()).toEqual(["see", ...CAPABILITIES].sort());
  });

  for (const [relation, row] of Object.entries(TABLE) as [Relation, Row][]) {
    const p = RELATIONS[relation];
    it(`${relation}: sees the case ${row.see ? "yes" : "no"}`, () => {
      expect(maySee(p, TJK_CASE)).toBe(row.see === 1);
    });
    for (const capability of CAPABILITIES) {
      it(`${relation}: ${capability} ${row[capability] ? "yes" : "no"}`, () => {
        expect(allowed(p, capability)).toBe(row[capability] === 1);
      });
    }
  }

  it("rolesWith lists the roles that hold a capability on some case", () => {
    for (const capability of CAPABILITIES) {
      const holders = (Object.keys(TABLE) as Relation[])
        .filter((relation) => TABLE[relation][capability] === 1)
        .map((relation) => RELATIONS[relation].role);
      expect(new Set(rolesWith(capability))).toEqual(new Set(holders));
    }
  });

  it("a government account without a State acts for none", () => {
    const stateless = person("GOVERNMENT_FOCAL_POINT", "org-x", null);
    expect(may(stateless, "proposeTasks", TJK_CASE)).toBe(false);
    expect(may(stateless, "writeDocuments", { countryCode: "" })).toBe(false);
  });
});
