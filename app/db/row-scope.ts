// What the database's row-level security needs to know of the person asking (migration
// 20261206400000_row_level_security): which cases they see, as the access module decides
// (app/access/scopes.server.ts rowScope). Set per transaction by app/db/row-security.server.ts.
export interface RowScope {
  /** all: every case; country: a State's; organization: those a partner holds a visible task on; none. */
  scope: "all" | "country" | "organization" | "none";
  country: string;
  organization: string;
  /** The task states in which a partner sees its organisation's tasks. */
  taskStates: string[];
}
