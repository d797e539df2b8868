// A large data set for benchmarks and demos (`npm run seed:large -- --cases 100000 --states 60`):
// States with their government, a ministry, a focal point and a visit each; five partner
// organisations with two officers each; cases spread over the States and thematic areas in a
// realistic mix of states, priorities and due dates (a year overdue to a year ahead), owned by the
// database's CTED experts; a task for one case in four; and each case's history as the workflow
// would have written it (created, agreed, started, submitted, verified), hash-chained by the
// database's own trigger. Everything is made by a few set-based statements, so 100,000 cases take
// seconds, not the hours one request per case would.
import type { SqlRunner } from "~/db/client.server.ts";
import { RECOMMENDATION_WORKFLOW_VERSION } from "~workflows/recommendation.ts";
import { TASK_WORKFLOW_VERSION } from "~workflows/task.ts";

export interface LargeSeedOptions {
  cases: number;
  states: number;
  /** The password hash every account made here signs in with. */
  passwordHash: string;
}

export interface LargeSeedResult {
  /** Country codes of the States made here, in order: XAA, XAB, ... */
  countryCodes: string[];
  cases: number;
  tasks: number;
  events: number;
}

/** The partner organisations' short names. */
export const LARGE_PARTNERS = ["UNODC-L", "INTERPOL-L", "IOM-L", "UNDP-L", "OSCE-L"];

// Top-level and full states, weighted as a follow-up cycle a few years in looks.
const STATE_MIX = [
  ...Array<string>(3).fill("drafted"),
  ...Array<string>(2).fill("agreed"),
  ...Array<string>(3).fill("in_progress.implementing"),
  "in_progress.under_review",
  ...Array<string>(3).fill("verified"),
];

// What recommendations are about: free-text search finds each topic in about one case in 24.
const TOPICS = [
  "airport screening of passengers",
  "advance passenger information",
  "terrorist financing investigations",
  "freezing of terrorist assets",
  "border management at land crossings",
  "maritime port security",
  "mutual legal assistance requests",
  "extradition procedures",
  "countering incitement online",
  "prison radicalisation programmes",
  "rehabilitation and reintegration",
  "protection of critical infrastructure",
  "small arms and light weapons controls",
  "biometric data sharing",
  "human rights safeguards in investigations",
  "victims of terrorism support",
  "non-profit sector oversight",
  "cash couriers declarations",
  "special investigative techniques",
  "interagency coordination",
  "watch lists and alerts",
  "returning foreign terrorist fighters",
  "judicial training on terrorism cases",
  "community engagement strategies",
];

/** The i-th country code: XAA, XAB, ... (user-assigned ISO codes, never a real State's). */
export const largeCountryCode = (i: number) =>
  `X${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`;

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const array = (items: string[]) => `ARRAY[${items.map(quote).join(",")}]`;

export async function seedLarge(sql: SqlRunner, options: LargeSeedOptions): Promise<LargeSeedResult> {
  const { cases, states, passwordHash } = options;
  if (states < 1 || states > 26 * 26) throw new Error("--states must be between 1 and 676");
  const codes = Array.from({ length: states }, (_, i) => largeCountryCode(i));
  const [{ count: existing } = { count: 0 }] = await sql.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM "Organization" WHERE "countryCode" = ANY($1)`,
    [codes],
  );
  if (existing > 0) throw new Error("This database already holds the large data set.");
  const experts = await sql.query<{ id: string }>(
    `SELECT id FROM "User" WHERE role = 'CTED_EXPERT' AND "disabledAt" IS NULL ORDER BY email`,
  );
  if (experts.length === 0) throw new Error("No CTED expert to own the cases: seed the demo data first.");
  const areas = await sql.query<{ slug: string; code: string }>(
    `SELECT slug, code FROM "ThematicArea" WHERE "retiredAt" IS NULL ORDER BY position`,
  );

  await sql.transaction(async (run) => {
    // States: a government, a ministry, a focal point, a visit with its report adopted.
    await run(
      `INSERT INTO "Organization" (id, name, "shortName", kind, "countryCode")
       SELECT 'lgov-' || code, 'Government of ' || code, code, 'GOVERNMENT', code FROM unnest($1::text[]) AS code`,
      [codes],
    );
    await run(
      `INSERT INTO "Organization" (id, name, "shortName", kind, "governmentId")
       SELECT 'lmin-' || code, 'Ministry of Interior of ' || code, code || '-MOI', 'MINISTRY', 'lgov-' || code
       FROM unnest($1::text[]) AS code`,
      [codes],
    );
    await run(
      `INSERT INTO "User" (id, email, name, role, "passwordHash", "organizationId")
       SELECT 'lfocal-' || code, 'focal@' || lower(code) || '.large.example', 'Focal point of ' || code,
              'GOVERNMENT_FOCAL_POINT', $2, 'lgov-' || code
       FROM unnest($1::text[]) AS code`,
      [codes, passwordHash],
    );
    await run(
      `INSERT INTO "Assessment" (id, "countryCode", "countryName", title, "visitStart", "visitEnd", resolutions, "reportSentAt", "reportAdoptedAt")
       SELECT 'lvisit-' || code, code, 'State ' || code, 'Follow-up visit to ' || code,
              DATE '2023-03-06' + (i % 300)::int, DATE '2023-03-10' + (i % 300)::int, ARRAY['1373 (2001)', '2178 (2014)'],
              DATE '2023-06-01' + (i % 300)::int, DATE '2023-09-01' + (i % 300)::int
       FROM unnest($1::text[]) WITH ORDINALITY AS s(code, i)`,
      [codes],
    );
    // Partners, two officers each.
    await run(
      `INSERT INTO "Organization" (id, name, "shortName", kind)
       SELECT 'lpartner-' || p, 'Partner ' || p, p, 'PARTNER' FROM unnest($1::text[]) AS p`,
      [LARGE_PARTNERS],
    );
    await run(
      `INSERT INTO "User" (id, email, name, role, "passwordHash", "organizationId")
       SELECT 'lofficer-' || p || '-' || k, 'officer' || k || '@' || lower(p) || '.large.example',
              'Officer ' || k || ' of ' || p, 'PARTNER_OFFICER', $2, 'lpartner-' || p
       FROM unnest($1::text[]) AS p, generate_series(1, 2) AS k`,
      [LARGE_PARTNERS, passwordHash],
    );

    // Cases, State by State (as they arrive: a visit's report at a time, so that a State's cases lie
    // together in the table), the areas in turn; a hash of n picks the state, the topic, the
    // priority and the due date, so that none of them follows the State or the area.
    await run(
      `INSERT INTO "Case" (id, ref, "assessmentId", "countryCode", area, title, text, priority, "ownerId",
                           "dueAt", state, "stateValue", snapshot, "workflowVersion", version, "createdAt", "updatedAt")
       SELECT 'lcase-' || n, c.code || '-2023-' || a.code || '-' || lpad(n::text, 6, '0'), 'lvisit-' || c.code, c.code,
              a.slug,
              initcap(split_part(t.topic, ' ', 1)) || substr(t.topic, length(split_part(t.topic, ' ', 1)) + 1) || ' (' || n || ')',
              'The State should strengthen ' || t.topic || ', in line with resolution 1373 (2001), and report on the measures taken by its authorities.',
              (ARRAY['HIGH','MEDIUM','MEDIUM','LOW']::"Priority"[])[1 + abs(hashint4(n + 3000017)) % 4],
              ($2::text[])[1 + n % cardinality($2::text[])],
              CASE WHEN n % 17 = 0 THEN NULL ELSE date_trunc('day', now()) + (abs(hashint4(n + 2000003)) % 730 - 365) * interval '1 day' END,
              split_part(s.v, '.', 1), s.v,
              jsonb_build_object(
                'value', CASE WHEN s.v LIKE '%.%' THEN jsonb_build_object(split_part(s.v, '.', 1), split_part(s.v, '.', 2)) ELSE to_jsonb(s.v) END,
                'context', jsonb_build_object('country', c.code, 'submittedBy', CASE WHEN s.v IN ('in_progress.under_review', 'verified') THEN 'lfocal-' || c.code END)),
              $3, s.steps + 1, now() - interval '600 days', now() - ((n % 500) * interval '1 day')
       FROM generate_series(1, $4::int) AS n
       CROSS JOIN LATERAL (SELECT ($1::text[])[1 + (n - 1) * $5 / $4] AS code) c
       CROSS JOIN LATERAL (SELECT (${array(areas.map((a) => a.slug))})[1 + n % ${areas.length}] AS slug,
                                  (${array(areas.map((a) => a.code))})[1 + n % ${areas.length}] AS code) a
       CROSS JOIN LATERAL (SELECT (${array(TOPICS)})[1 + abs(hashint4(n + 1000003)) % ${TOPICS.length}] AS topic) t
       CROSS JOIN LATERAL (SELECT v, array_position(${array(["drafted", "agreed", "in_progress.implementing", "in_progress.under_review", "verified"])}, v) - 1 AS steps
                           FROM (SELECT (${array(STATE_MIX)})[1 + abs(hashint4(n)) % ${STATE_MIX.length}] AS v) x) s`,
      [codes, experts.map((e) => e.id), RECOMMENDATION_WORKFLOW_VERSION, cases, states],
    );

    // One task for one case in four that is under way: three in four for a partner (an officer of
    // it for one in two), else the State's ministry.
    await run(
      `INSERT INTO "Task" (id, "caseId", title, description, "assigneeUserId", "assigneeOrgId", "dueAt", state, snapshot,
                           "workflowVersion", "createdById", "createdAt", "updatedAt")
       SELECT 'ltask-' || n, c.id, 'Support on ' || lower(split_part(c.title, ' (', 1)), 'Technical assistance requested by the State.',
              a.user_id, a.org_id, (c."createdAt" + ((n * 13) % 600) * interval '1 day')::date, ts.state,
              jsonb_build_object('value', ts.state, 'context', jsonb_build_object(
                'country', c."countryCode", 'assigneeUserId', a.user_id, 'assigneeOrgId', a.org_id, 'assigneeIsGovernment', a.government)),
              $1, c."ownerId", c."createdAt", c."updatedAt"
       FROM (SELECT n, 'lcase-' || n AS id FROM generate_series(1, $2::int) AS n WHERE n % 4 = 0) k
       JOIN "Case" c ON c.id = k.id AND c.state IN ('agreed', 'in_progress', 'verified')
       CROSS JOIN LATERAL (SELECT CASE WHEN c.state = 'verified' THEN 'done'
                                       ELSE (ARRAY['proposed','open','open','in_progress','in_progress','done'])[1 + (k.n / 4) % 6] END AS state) ts
       CROSS JOIN LATERAL (
         SELECT CASE WHEN k.n % 16 = 0 THEN NULL WHEN k.n % 8 = 0 THEN NULL
                     ELSE 'lofficer-' || p || '-' || (1 + k.n % 2) END AS user_id,
                CASE WHEN k.n % 16 = 0 THEN 'lmin-' || c."countryCode" ELSE 'lpartner-' || p END AS org_id,
                k.n % 16 = 0 AS government
         FROM (SELECT (${array(LARGE_PARTNERS)})[1 + (k.n / 4) % ${LARGE_PARTNERS.length}] AS p) x) a`,
      [TASK_WORKFLOW_VERSION, cases],
    );
  });

  // The history, in the order it happened: each step over every case that took it, in batches of
  // 5,000 cases, each batch its own transaction. One transaction for all would be slow: each entry
  // takes its id from one counter row (gapless ids), and a row updated N times in one transaction
  // leaves a chain of N versions that every next update walks.
  const steps: { type: string; from: string | null; to: string; reached: string[]; actor: string }[] = [
    {
      type: "CREATED",
      from: null,
      to: "drafted",
      reached: ["drafted", "agreed", "in_progress", "verified"],
      actor: `c."ownerId"`,
    },
    {
      type: "AGREE",
      from: "drafted",
      to: "agreed",
      reached: ["agreed", "in_progress", "verified"],
      actor: `'lfocal-' || c."countryCode"`,
    },
    {
      type: "START",
      from: "agreed",
      to: "in_progress.implementing",
      reached: ["in_progress", "verified"],
      actor: `'lfocal-' || c."countryCode"`,
    },
    {
      type: "SUBMIT_EVIDENCE",
      from: "in_progress.implementing",
      to: "in_progress.under_review",
      reached: ["in_progress.under_review", "verified"],
      actor: `'lfocal-' || c."countryCode"`,
    },
    {
      type: "VERIFY",
      from: "in_progress.under_review",
      to: "verified",
      reached: ["verified"],
      actor: `c."ownerId"`,
    },
  ];
  const BATCH = 5_000;
  for (const [i, step] of steps.entries())
    for (let first = 1; first <= cases; first += BATCH)
      await sql.transaction((run) =>
        run(
          `INSERT INTO "CaseEvent" ("caseId", "actorId", type, "fromState", "toState", "caseVersion", "at")
           SELECT c.id, ${step.actor}, $1, $2, $3, $4, c."createdAt" + ($4 * 40 + c.n % 30) * interval '1 day'
           FROM generate_series($6::int, $7::int) AS k(n)
           JOIN LATERAL (SELECT id, "ownerId", "countryCode", "createdAt", k.n AS n FROM "Case"
                         WHERE id = 'lcase-' || k.n AND (state = ANY($5) OR "stateValue" = ANY($5))) c ON true
           ORDER BY k.n`,
          [step.type, step.from, step.to, i + 1, step.reached, first, Math.min(cases, first + BATCH - 1)],
        ),
      );
  // The dashboard's tallies (migration 20261209100000_tallies) got rows for every case and task
  // inserted: counted again, one row per group, as the maintenance job would fold them.
  await sql.query(`SELECT follow_up_tally_rebuild(starts, ends) FROM "TallyWindow"`);
  // As a database in use for a while would be: statistics for the planner, and every row's
  // visibility settled (a freshly loaded row is checked against the commit log on its first reads).
  await sql.exec(`VACUUM ANALYZE`);
  const [counts] = await sql.query<{ cases: number; tasks: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM "Case" WHERE id LIKE 'lcase-%') AS cases,
            (SELECT count(*)::int FROM "Task" WHERE id LIKE 'ltask-%') AS tasks,
            (SELECT count(*)::int FROM "CaseEvent" WHERE "caseId" LIKE 'lcase-%') AS events`,
  );
  return { countryCodes: codes, ...counts! };
}
