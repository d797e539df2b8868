// Moved to app/models/versioned-writes.server.ts (the data layer, issue 10). This re-export keeps
// cases.server.ts's import working until phase 2 imports from the model and deletes this file.
export {
  type CaseChanges,
  commitCaseChange,
  type CaseChangeEntry as HistoryEntry,
} from "~/models/versioned-writes.server.ts";
