// Who may do what: the one table of capabilities by role, and the few rules that also depend on
// the person's relation to a case (their own State's or another's). Pure and browser-safe: the
// server decides with it, the workflows' guards ask it, and pages only show what it allows.
// Who may SEE what (cases, tasks, history, live rooms) is its twin, in visibility.ts.
import { type Role, ROLES } from "./roles.ts";

/** Whom a decision needs: their role and organisation (a stored user, or the session's). */
export interface Person {
  role: Role;
  organization: { id: string; countryCode: string | null };
}

const CTED: readonly Role[] = ["CTED_ADMIN", "CTED_EXPERT"];

/**
 * Each capability and the roles that hold it. Capabilities on a case (see CASE_RULES) are granted
 * here by role and then narrowed by the person's relation to the case.
 */
const GRANTED = {
  /** Draft recommendations (one by one, or imported from a visit report) and edit their fields. */
  editCases: CTED,
  /** Be a case's owner: the CTED expert who follows it up. */
  ownCases: CTED,
  /**
   * Act for CTED in the workflows: assign tasks (they start open) and decide on proposed ones;
   * record evidence received officially; verify, return and reopen cases.
   */
  actForCted: CTED,
  /** Propose a task on one of their own State's cases, for CTED to accept. */
  proposeTasks: ["GOVERNMENT_FOCAL_POINT"],
  /** Act for a State: agree to and implement its cases, work its ministries' tasks. */
  actForState: ["GOVERNMENT_FOCAL_POINT"],
  /** Comment on the tasks they see. Observers only read. */
  commentOnTasks: ["CTED_ADMIN", "CTED_EXPERT", "GOVERNMENT_FOCAL_POINT", "PARTNER_OFFICER"],
  /** Open a case's response document and its comments: between the State and CTED, observers read. */
  readDocuments: ["CTED_ADMIN", "CTED_EXPERT", "GOVERNMENT_FOCAL_POINT", "OBSERVER"],
  /** Write the response and comment in it (on their own State's case, for a government). */
  writeDocuments: ["CTED_ADMIN", "CTED_EXPERT", "GOVERNMENT_FOCAL_POINT"],
  /** Resolve anyone's comment in a response document (others resolve their own). */
  resolveAnyComment: CTED,
  /** Administer the deployment: accounts (invite, change, disable), organisations and visits. */
  administer: ["CTED_ADMIN"],
  /**
   * Add evidence to a case being implemented, for the case as a whole or for any of its tasks (on
   * their own State's case, for a government): CTED records what it received officially.
   */
  addEvidence: ["CTED_ADMIN", "CTED_EXPERT", "GOVERNMENT_FOCAL_POINT"],
  /** Add evidence only for a task of their own organisation that they see (partners work their tasks). */
  addEvidenceToOwnTasks: ["PARTNER_OFFICER"],
  /** Delete anyone's evidence not yet submitted (others delete what they added themselves). */
  deleteAnyEvidence: CTED,
} satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof GRANTED;
export const CAPABILITIES = Object.keys(GRANTED) as Capability[];

/** The State a person acts for: a government focal point's own; nobody else's. */
export const stateActedFor = (person: Person): string | null =>
  (GRANTED.actForState as readonly Role[]).includes(person.role) ? person.organization.countryCode : null;

/**
 * The capabilities that a government holds only on its own State's cases. CTED's hold on every
 * case; a capability not listed here does not depend on the case.
 */
const OWN_STATE_ONLY = new Set<Capability>(["proposeTasks", "actForState", "writeDocuments", "addEvidence"]);

/**
 * May this person do this (on this case)? A capability about a case needs the case; whether the
 * person may see the case at all is decided first, by visibility.ts (maySee), and a case they
 * may not see is not found rather than forbidden.
 */
export function may(person: Person, capability: Capability, onCase?: { countryCode: string }): boolean {
  if (!(GRANTED[capability] as readonly Role[]).includes(person.role)) return false;
  if (!OWN_STATE_ONLY.has(capability) || mayCted(person)) return true;
  return onCase !== undefined && stateActedFor(person) === onCase.countryCode;
}

const mayCted = (person: Person) => CTED.includes(person.role);

/** The roles holding a capability: for database filters on users ("every possible owner"). */
export const rolesWith = (capability: Capability): Role[] =>
  ROLES.filter((role) => (GRANTED[capability] as readonly Role[]).includes(role));
