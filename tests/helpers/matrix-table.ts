// The permission matrix (issue 9): ONE table of what every kind of account may see and do, on every
// channel, in each case/task situation. Rows: account kinds. Columns: channels. One grid per
// situation. tests/integration/permission-matrix.test.ts checks the HTTP columns (API, pages),
// tests/realtime/permission-matrix-live.test.ts the live ones (sockets, live feed, catch-up,
// notifications, e-mail digest). Both build the situations with tests/helpers/matrix-world.ts.
//
// THE SITUATION. Each grid is about one Tajik case S, drafted and owned by the CTED expert, with
// four labelled tasks:
//   tI   CTED assigns it to INTERPOL (open), then it moves as the situation says;
//   tU   CTED assigns it to UN Women (open): another organisation's accepted task;
//   tIP  the Tajik focal point proposes it for INTERPOL; it stays proposed;
//   tOP  the Tajik focal point proposes it for OSCE; proposed (declined in "cancelled").
// The State's response document holds some text before the case's path is walked, so that the
// history's transitions carry a response text (which partners must not read), as they carry reasons.
// So, on S: partnerAccepted (INTERPOL's officer) holds an accepted task and a proposal;
// partnerProposed (OSCE's officer) holds only a proposal; partnerNone (ICAO's officer) holds nothing.
//
// THE COLUMNS (what is done, as whom; "S" is the situation's case):
//   list       GET /api/cases?pageSize=100 lists S                              yes | no | 401
//   search     GET /api/cases?q=<a word only S's text has>: S, total 1           yes | no (total 0) | 401
//   get        GET /api/cases/:id                                               status
//   allowed    its allowedEvents (when 200)                                     A+B | -
//   edit       its canEdit / canEditText: text, other fields, nothing           text | fields | no | -
//   history    GET /api/cases/:id/history: every entry as stored (all), or the
//              case's own entries without reason or response text plus tI's
//              entries (own), never another task's                             all | own | status
//   tasks      GET /api/cases/:id/tasks: every task of S, or tI alone (not tU) all | tI | status
//   readTI     GET /api/tasks/:tI/comments                                     status
//   readTOP    GET /api/tasks/:tOP/comments                                    status
//   page       GET /cases/:id (the page's loader): 200 with the response
//              document (doc) or without it (nodoc), 404, or to /login         doc | nodoc | 404 | login
//   work       GET /api/me/work: which labelled tasks it lists                 tI+tU+... | - | 401
//   event      POST /api/cases/:id/events, the situation's `event` below       status
//   commentTI  POST /api/tasks/:tI/comments                                    status
//   commentTOP POST /api/tasks/:tOP/comments (a comment on OSCE's proposal)    status
//   newTask    POST /api/cases/:id/tasks, for the TJK Ministry of Justice      status
//   moveTI     POST /api/tasks/:tI/events, the situation's `moveTI` below      status
//   acceptTOP  POST /api/tasks/:tOP/events ACCEPT                              status
//     (a refused write must change nothing; a successful one is made on a fresh copy of the
//     situation when it would change a state)
//   doc        socket doc:subscribe {docId: "case:<S>"}                        write | read | not_found | refused (no connection)
//   catchUp    socket live:since from before S was built: S's events          all | own (as history) | none | refused
//   notified   notification:new pushed about S, and the same rows stored      kinds: a*2+b | -
//   listed     GET /api/me/notifications about S, now (and the unread count)  kinds | - | 401
//   digest     lines about S in the user's e-mail digest (sent at the end)     count | -
//   live       case:updated about S received while S was built and probed     all | none | refused | T1+T2+... (in order)
//
// WHAT HAPPENS ON S (the live file; the HTTP file makes only the build): the build (below), during
// which (0) the reminder job runs once the tasks exist (every task is due within a week, so
// INTERPOL's officer is reminded of tI: in the first situation, "cancelled", together with a due
// demo task of his, in one summary naming both; in the others, alone); then (1) a doc:subscribe by each account,
// (2) when `mention`, the CTED expert writes a comment in S's response document mentioning every
// account by name, (3) the Tajik focal point comments on tI, then tIP, then tOP, (4) the
// situation's `transition`. A notification is "about S" when it names S: its caseId, or S's
// reference in its text (a summary of several reminders has no caseId).
export const KINDS = [
  "ctedAdmin",
  "ctedExpert",
  "observer",
  "focalOfState",
  "focalOtherState",
  "partnerAccepted",
  "partnerProposed",
  "partnerNone",
  "anonymous",
] as const;
export type Kind = (typeof KINDS)[number];
type Actor = Exclude<Kind, "anonymous">;

/** Who plays each kind (the CTED expert owns S). */
export const ACCOUNTS: Record<Kind, string | null> = {
  ctedAdmin: "admin@cted.example",
  ctedExpert: "expert@cted.example",
  observer: "observer@ctc.example",
  focalOfState: "focal@tjk.example",
  focalOtherState: "focal@kaz.example",
  partnerAccepted: "officer@interpol.example",
  partnerProposed: "officer@osce.example",
  partnerNone: "officer@icao.example",
  anonymous: null,
};

/** The demo data has no OSCE or ICAO account: matrix-world.ts adds these. */
export const EXTRA_PARTNER_OFFICERS: { email: string; name: string; org: string }[] = [
  { email: "officer@osce.example", name: "Ingrid Lindqvist", org: "OSCE" },
  { email: "officer@icao.example", name: "Kwame Mensah", org: "ICAO" },
];

interface Step {
  type: string;
  by: Actor;
  reason?: string;
}
const R = "Permission matrix probe";

export interface Situation {
  /** The case and its tasks once built. */
  caseState: string;
  tI: string;
  tU: string;
  tIP: string;
  tOP: string;
  /** How they get there, after the four tasks are created: tI's steps, tOP's, then the case's. */
  build: { tI: Step[]; tOP: Step[]; case: Step[] };
  /** The `event` column's workflow event (always with a reason, so that 400 never hides a rule). */
  event: string;
  /** The `moveTI` column's task event (with a reason too). */
  moveTI: string;
  /** The live file's last step on S. */
  transition: Step;
  /** Whether the live file's CTED expert can write a comment in S's document (not under review or verified). */
  mention: boolean;
}

// Every step gives a reason (optional for most): a partner must read none of them.
const agree: Step = { type: "AGREE", by: "focalOfState", reason: R };
const start: Step = { type: "START", by: "focalOfState", reason: R };
const evidenceByCted: Step = { type: "SUBMIT_EVIDENCE", by: "ctedExpert", reason: R };
const verify: Step = { type: "VERIFY", by: "ctedAdmin", reason: R };
const taskDone: Step[] = [
  { type: "START", by: "partnerAccepted", reason: R },
  { type: "COMPLETE", by: "partnerAccepted", reason: R },
];

export const SITUATIONS = {
  // INTERPOL's accepted task is cancelled and OSCE's proposal declined: INTERPOL now holds only a proposal.
  cancelled: {
    caseState: "agreed",
    tI: "cancelled",
    tU: "open",
    tIP: "proposed",
    tOP: "cancelled",
    build: {
      tI: [{ type: "CANCEL", by: "ctedExpert", reason: R }],
      tOP: [{ type: "DECLINE", by: "ctedExpert", reason: R }],
      case: [agree],
    },
    event: "START",
    moveTI: "REOPEN",
    transition: start,
    mention: true,
  },
  drafted: {
    caseState: "drafted",
    tI: "open",
    tU: "open",
    tIP: "proposed",
    tOP: "proposed",
    build: { tI: [], tOP: [], case: [] },
    event: "AGREE",
    moveTI: "START",
    transition: agree,
    mention: true,
  },
  implementing: {
    caseState: "in_progress.implementing",
    tI: "in_progress",
    tU: "open",
    tIP: "proposed",
    tOP: "proposed",
    build: { tI: [taskDone[0]!], tOP: [], case: [agree, start] },
    event: "SUBMIT_EVIDENCE",
    moveTI: "COMPLETE",
    transition: { type: "SUBMIT_EVIDENCE", by: "focalOfState", reason: R },
    mention: true,
  },
  // The evidence was recorded by the CTED expert: the four-eyes rule keeps them from verifying it.
  underReview: {
    caseState: "in_progress.under_review",
    tI: "done",
    tU: "open",
    tIP: "proposed",
    tOP: "proposed",
    build: { tI: taskDone, tOP: [], case: [agree, start, evidenceByCted] },
    event: "VERIFY",
    moveTI: "REOPEN",
    transition: verify,
    // Under review the response is read-only: what is checked is what was submitted (issue 11).
    mention: false,
  },
  verified: {
    caseState: "verified",
    tI: "done",
    tU: "open",
    tIP: "proposed",
    tOP: "proposed",
    build: { tI: taskDone, tOP: [], case: [agree, start, evidenceByCted, verify] },
    event: "REOPEN",
    moveTI: "REOPEN",
    transition: { type: "REOPEN", by: "ctedExpert", reason: R },
    mention: false,
  },
  // INTERPOL's task is stopped while in progress: INTERPOL loses S, as in "cancelled", but here its
  // reminder of tI was a notification of its own (not part of a summary).
  taskStopped: {
    caseState: "in_progress.implementing",
    tI: "cancelled",
    tU: "open",
    tIP: "proposed",
    tOP: "proposed",
    build: {
      tI: [taskDone[0]!, { type: "CANCEL", by: "ctedExpert", reason: R }],
      tOP: [],
      case: [agree, start],
    },
    event: "SUBMIT_EVIDENCE",
    moveTI: "REOPEN",
    transition: { type: "SUBMIT_EVIDENCE", by: "focalOfState", reason: R },
    mention: true,
  },
} satisfies Record<string, Situation>;
export type SituationName = keyof typeof SITUATIONS;
export const SITUATION_NAMES = Object.keys(SITUATIONS) as SituationName[];
export const PROBE_REASON = R;

// Those who never see S answer the same in every situation: they cannot tell it exists.
const HIDDEN =
  "no  no  404 -  -  404 404 404 404 404 - | 404 404 404 404 404 404 | not_found none - - 0 | none";
const ANONYMOUS =
  "401 401 401 - - 401 401 401 401 login 401 | 401 401 401 401 401 401 | refused refused - 401 - | refused";

// prettier-ignore
const GRIDS: Record<SituationName, string> = {
  cancelled: `
kind            list search get allowed edit   history tasks readTI readTOP page work | event commentTI commentTOP newTask moveTI acceptTOP | doc       catchUp notified               listed          digest | live
ctedAdmin       yes  yes    200 -       fields all     all   200    200     doc  -    | 403   201       201        201     422    422       | write     all     mention                mention         1      | all
ctedExpert      yes  yes    200 -       fields all     all   200    200     doc  tIP  | 403   201       201        201     422    422       | write     all     action_needed*2        action_needed*2 2      | all
observer        yes  yes    200 -       no     all     all   200    200     doc  -    | 403   403       403        403     422    422       | read      all     mention                mention         1      | all
focalOfState    yes  yes    200 START   no     all     all   200    200     doc  -    | 200   201       201        201     422    422       | write     all     mention                mention         1      | all
focalOtherState ${HIDDEN}
partnerAccepted no   no     404 -       -      404     404   404    404     404  -    | 404   404       404        404     404    404       | not_found none    task_assigned+due_soon -               0      | TASK_CREATED
partnerProposed ${HIDDEN}
partnerNone     ${HIDDEN}
anonymous       ${ANONYMOUS}
`,
  drafted: `
kind            list search get allowed               edit history tasks readTI readTOP page  work    | event commentTI commentTOP newTask moveTI acceptTOP | doc       catchUp notified                       listed                         digest | live
ctedAdmin       yes  yes    200 -                     text all     all   200    200     doc   -       | 403   201       201        201     403    200       | write     all     mention                        mention                        1      | all
ctedExpert      yes  yes    200 -                     text all     all   200    200     doc   tIP+tOP | 403   201       201        201     403    200       | write     all     action_needed*2                action_needed*2                2      | all
observer        yes  yes    200 -                     no   all     all   200    200     doc   -       | 403   403       403        403     403    403       | read      all     mention                        mention                        1      | all
focalOfState    yes  yes    200 AGREE+REQUEST_CHANGES no   all     all   200    200     doc   -       | 200   201       201        201     403    403       | write     all     mention                        mention                        1      | all
focalOtherState ${HIDDEN}
partnerAccepted yes  yes    200 -                     no   own     tI    200    404     nodoc tI      | 403   201       404        403     200    404       | not_found own     task_assigned+due_soon+comment task_assigned+due_soon+comment 3      | TASK_CREATED+TASK_COMMENTED+AGREE
partnerProposed ${HIDDEN}
partnerNone     ${HIDDEN}
anonymous       ${ANONYMOUS}
`,
  implementing: `
kind            list search get allowed         edit   history tasks readTI readTOP page  work    | event commentTI commentTOP newTask moveTI acceptTOP | doc       catchUp notified                       listed                         digest | live
ctedAdmin       yes  yes    200 SUBMIT_EVIDENCE fields all     all   200    200     doc   -       | 200   201       201        201     403    200       | write     all     action_needed+mention          action_needed+mention          2      | all
ctedExpert      yes  yes    200 SUBMIT_EVIDENCE fields all     all   200    200     doc   tIP+tOP | 200   201       201        201     403    200       | write     all     action_needed*3                action_needed*3                3      | all
observer        yes  yes    200 -               no     all     all   200    200     doc   -       | 403   403       403        403     403    403       | read      all     mention                        mention                        1      | all
focalOfState    yes  yes    200 SUBMIT_EVIDENCE no     all     all   200    200     doc   -       | 200   201       201        201     403    403       | write     all     mention                        mention                        1      | all
focalOtherState ${HIDDEN}
partnerAccepted yes  yes    200 -               no     own     tI    200    404     nodoc tI      | 403   201       404        403     200    404       | not_found own     task_assigned+due_soon+comment task_assigned+due_soon+comment 3      | TASK_CREATED+TASK_START+AGREE+START+TASK_COMMENTED+SUBMIT_EVIDENCE
partnerProposed ${HIDDEN}
partnerNone     ${HIDDEN}
anonymous       ${ANONYMOUS}
`,
  underReview: `
kind            list search get allowed       edit   history tasks readTI readTOP page  work    | event commentTI commentTOP newTask moveTI acceptTOP | doc       catchUp notified                       listed                         digest | live
ctedAdmin       yes  yes    200 RETURN+VERIFY fields all     all   200    200     doc   -       | 200   201       201        201     200    200       | read      all     action_needed                  action_needed                  1      | all
ctedExpert      yes  yes    200 RETURN        fields all     all   200    200     doc   tIP+tOP | 403   201       201        201     200    200       | read      all     action_needed*2+task_done      action_needed*2+task_done      3      | all
observer        yes  yes    200 -             no     all     all   200    200     doc   -       | 403   403       403        403     403    403       | read      all     -                              -                              0      | all
focalOfState    yes  yes    200 -             no     all     all   200    200     doc   -       | 403   201       201        201     403    403       | read      all     -                              -                              0      | all
focalOtherState ${HIDDEN}
partnerAccepted yes  yes    200 -             no     own     tI    200    404     nodoc -       | 403   201       404        403     403    404       | not_found own     task_assigned+due_soon+comment task_assigned+due_soon+comment 3      | TASK_CREATED+TASK_START+TASK_COMPLETE+AGREE+START+SUBMIT_EVIDENCE+TASK_COMMENTED+VERIFY
partnerProposed ${HIDDEN}
partnerNone     ${HIDDEN}
anonymous       ${ANONYMOUS}
`,
  verified: `
kind            list search get allowed edit history tasks readTI readTOP page  work    | event commentTI commentTOP newTask moveTI acceptTOP | doc       catchUp notified                       listed                         digest | live
ctedAdmin       yes  yes    200 REOPEN  no   all     all   200    200     doc   -       | 200   201       201        422     200    200       | read      all     action_needed                  action_needed                  1      | all
ctedExpert      yes  yes    200 REOPEN  no   all     all   200    200     doc   tIP+tOP | 200   201       201        422     200    200       | read      all     action_needed*2+task_done      action_needed*2+task_done      3      | all
observer        yes  yes    200 -       no   all     all   200    200     doc   -       | 403   403       403        403     403    403       | read      all     -                              -                              0      | all
focalOfState    yes  yes    200 -       no   all     all   200    200     doc   -       | 403   201       201        422     403    403       | read      all     action_needed                  action_needed                  1      | all
focalOtherState ${HIDDEN}
partnerAccepted yes  yes    200 -       no   own     tI    200    404     nodoc -       | 403   201       404        403     403    404       | not_found own     task_assigned+due_soon+comment task_assigned+due_soon+comment 3      | TASK_CREATED+TASK_START+TASK_COMPLETE+AGREE+START+SUBMIT_EVIDENCE+VERIFY+TASK_COMMENTED+REOPEN
partnerProposed ${HIDDEN}
partnerNone     ${HIDDEN}
anonymous       ${ANONYMOUS}
`,
  taskStopped: `
kind            list search get allowed         edit   history tasks readTI readTOP page work    | event commentTI commentTOP newTask moveTI acceptTOP | doc       catchUp notified               listed          digest | live
ctedAdmin       yes  yes    200 SUBMIT_EVIDENCE fields all     all   200    200     doc  -       | 200   201       201        201     422    200       | write     all     action_needed+mention  action_needed+mention 2      | all
ctedExpert      yes  yes    200 SUBMIT_EVIDENCE fields all     all   200    200     doc  tIP+tOP | 200   201       201        201     422    200       | write     all     action_needed*3        action_needed*3 3      | all
observer        yes  yes    200 -               no     all     all   200    200     doc  -       | 403   403       403        403     422    403       | read      all     mention                mention         1      | all
focalOfState    yes  yes    200 SUBMIT_EVIDENCE no     all     all   200    200     doc  -       | 200   201       201        201     422    403       | write     all     mention                mention         1      | all
focalOtherState ${HIDDEN}
partnerAccepted no   no     404 -               -      404     404   404    404     404  -       | 404   404       404        404     404    404       | not_found none    task_assigned+due_soon -               0      | TASK_CREATED+TASK_START
partnerProposed ${HIDDEN}
partnerNone     ${HIDDEN}
anonymous       ${ANONYMOUS}
`,
};

// ---- Reading the grids -------------------------------------------------------------------------

type Status = number;
export interface Cells {
  list: boolean | 401;
  search: boolean | 401;
  get: Status;
  allowed: string[];
  edit: "text" | "fields" | "no" | "-";
  history: "all" | "own" | Status;
  tasks: "all" | "tI" | Status;
  readTI: Status;
  readTOP: Status;
  page: "doc" | "nodoc" | "login" | Status;
  work: string[] | 401;
  event: Status;
  commentTI: Status;
  commentTOP: Status;
  newTask: Status;
  moveTI: Status;
  acceptTOP: Status;
  doc: "write" | "read" | "not_found" | "refused";
  catchUp: "all" | "own" | "none" | "refused";
  /** Sorted kinds, one per notification. */
  notified: string[];
  listed: string[] | 401;
  digest: number | "-";
  live: "all" | "none" | "refused" | string[];
}
export type Column = keyof Cells;

const one =
  <T extends string | number>(...tokens: T[]) =>
  (s: string): T => {
    const hit = tokens.find((t) => String(t) === s);
    if (hit === undefined) throw new Error(`"${s}" is not one of ${tokens.join(", ")}`);
    return hit;
  };
const STATUSES = [200, 201, 401, 403, 404, 422];
const status = (s: string) => one(...STATUSES)(s);
const yesNo = (s: string): boolean | 401 => (s === "401" ? 401 : one("yes", "no")(s) === "yes");
const list = (s: string) => (s === "-" ? [] : s.split("+"));
/** "a*2+b" → ["a", "a", "b"] */
const kinds = (s: string) =>
  list(s)
    .flatMap((k) => {
      const [kind, times] = k.split("*");
      return Array.from({ length: Number(times ?? 1) }, () => kind!);
    })
    .sort();

const PARSE: { [C in Column]: (s: string) => Cells[C] } = {
  list: yesNo,
  search: yesNo,
  get: status,
  allowed: list,
  edit: one("text", "fields", "no", "-"),
  history: (s) => (s === "all" || s === "own" ? s : status(s)),
  tasks: (s) => (s === "all" || s === "tI" ? s : status(s)),
  readTI: status,
  readTOP: status,
  page: (s) => (s === "doc" || s === "nodoc" || s === "login" ? s : status(s)),
  work: (s) =>
    s === "401"
      ? 401
      : list(s)
          .map(one("tI", "tU", "tIP", "tOP"))
          .sort(),
  event: status,
  commentTI: status,
  commentTOP: status,
  newTask: status,
  moveTI: status,
  acceptTOP: status,
  doc: one("write", "read", "not_found", "refused"),
  catchUp: one("all", "own", "none", "refused"),
  notified: kinds,
  listed: (s) => (s === "401" ? 401 : kinds(s)),
  digest: (s) => (s === "-" ? "-" : Number(one(...Array.from({ length: 10 }, (_, i) => String(i)))(s))),
  live: (s) => (s === "all" || s === "none" || s === "refused" ? s : list(s)),
};

export const COLUMNS = Object.keys(PARSE) as Column[];
export const HTTP_COLUMNS: Column[] = [
  "list",
  "search",
  "get",
  "allowed",
  "edit",
  "history",
  "tasks",
  "readTI",
  "readTOP",
  "page",
  "work",
  "event",
  "commentTI",
  "commentTOP",
  "newTask",
  "moveTI",
  "acceptTOP",
];
export const LIVE_COLUMNS: Column[] = ["doc", "catchUp", "notified", "listed", "digest", "live"];

function parseGrid(name: string, grid: string): Record<Kind, Cells> {
  const [header, ...lines] = grid
    .trim()
    .split("\n")
    .map((l) => l.split(/\s+/).filter((t) => t !== "|"));
  const columns = header!.slice(1);
  if (header![0] !== "kind" || columns.join() !== COLUMNS.join())
    throw new Error(`${name}: the header must be kind ${COLUMNS.join(" ")}`);
  const rows = {} as Record<Kind, Cells>;
  for (const [kind, ...tokens] of lines) {
    if (!KINDS.includes(kind as Kind) || kind! in rows)
      throw new Error(`${name}: unknown or repeated row ${kind}`);
    if (tokens.length !== columns.length)
      throw new Error(`${name}/${kind}: ${tokens.length} cells for ${columns.length} columns`);
    const cells = {} as Record<Column, unknown>;
    columns.forEach((column, i) => {
      try {
        cells[column as Column] = PARSE[column as Column](tokens[i]!);
      } catch (error) {
        throw new Error(`${name}/${kind}/${column}: ${(error as Error).message}`);
      }
    });
    rows[kind as Kind] = cells as unknown as Cells;
  }
  const missing = KINDS.filter((k) => !(k in rows));
  if (missing.length) throw new Error(`${name}: no row for ${missing.join(", ")}`);
  return rows;
}

/** MATRIX[situation][kind][column]: the expected outcome. */
export const MATRIX = Object.fromEntries(
  SITUATION_NAMES.map((name) => [name, parseGrid(name, GRIDS[name])]),
) as Record<SituationName, Record<Kind, Cells>>;

/** Size of the table: rows x columns x situations. */
export const MATRIX_SIZE = {
  rows: KINDS.length,
  columns: COLUMNS.length,
  situations: SITUATION_NAMES.length,
  cells: KINDS.length * COLUMNS.length * SITUATION_NAMES.length,
};
