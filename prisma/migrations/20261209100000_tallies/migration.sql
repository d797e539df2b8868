-- The dashboard's counts of cases and tasks, kept as they change instead of counted on every load
-- (counting 100,000 cases took 80 ms on PGlite, their 19,000 tasks 20 ms). Triggers on "Case" and
-- "Task" append rows to "CaseTally" and "TaskTally": +1 for the row as it now is, -1 for the row
-- as it was, keyed by what the dashboard groups and filters on, once under the case's State and
-- once under '*' (every State), so that CTED's dashboard reads the few rows of all States
-- together. Appending never waits on another transaction's row, so concurrent transitions neither
-- queue nor deadlock on a hot counter; the maintenance job folds the rows
-- (app/models/tallies.server.ts). Read and written as the tables' owner only.
--
-- "Overdue" and "due soon" move with the calendar, not with writes, so the due day is kept exactly
-- only inside a window of three weeks from the day it was set ("TallyWindow"); before it, every
-- due day is one bucket (-infinity: overdue whatever today is), and after it, or with no due
-- date, another (infinity: neither overdue nor due soon). The window holds while today and the
-- fortnight after it lie inside; the maintenance job sets it again about weekly, counting every
-- case and task again, before it stops holding; a read outside it counts the cases instead.

CREATE TABLE "TallyWindow" (
  "only" boolean PRIMARY KEY DEFAULT true CHECK ("only"),
  "starts" date NOT NULL,
  "ends" date NOT NULL
);

CREATE TABLE "CaseTally" (
  "countryCode" text NOT NULL,
  "area" text NOT NULL,
  "state" text NOT NULL,
  "ownerId" text NOT NULL,
  "due" date NOT NULL,
  "n" integer NOT NULL
);
CREATE INDEX "CaseTally_countryCode_idx" ON "CaseTally" ("countryCode");

-- A task's State is its case's. A task assigned to an organisation has '' as its person.
CREATE TABLE "TaskTally" (
  "countryCode" text NOT NULL,
  "state" text NOT NULL,
  "assigneeUserId" text NOT NULL,
  "assigneeOrgId" text NOT NULL,
  "due" date NOT NULL,
  "n" integer NOT NULL
);
CREATE INDEX "TaskTally_countryCode_idx" ON "TaskTally" ("countryCode");

-- Counts of every State's work: nobody but the owner reads them, and not through the app's role.
REVOKE ALL ON "CaseTally", "TaskTally", "TallyWindow" FROM follow_up_app;
ALTER TABLE "CaseTally" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TaskTally" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TallyWindow" ENABLE ROW LEVEL SECURITY;

-- The bucket a due date (a UTC timestamp; its date is the due day) falls in, for this window.
CREATE FUNCTION follow_up_tally_due(due timestamp, starts date, ends date) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN due IS NULL OR due::date >= ends THEN 'infinity'::date
    WHEN due::date < starts THEN '-infinity'::date
    ELSE due::date
  END
$$;

-- A task's rows (+1 or -1 each) under its case's State and '*'.
CREATE FUNCTION follow_up_tally_task_rows(r "Task", sign integer, w "TallyWindow") RETURNS TABLE (
  "countryCode" text, "state" text, "assigneeUserId" text, "assigneeOrgId" text, "due" date, "n" integer
) LANGUAGE sql STABLE SET search_path = public AS $$
  SELECT s.country, r."state", coalesce(r."assigneeUserId", ''), r."assigneeOrgId",
    follow_up_tally_due(r."dueAt", w."starts", w."ends"), sign
  FROM "Case" k CROSS JOIN unnest(ARRAY[k."countryCode", '*']) AS s(country)
  WHERE k."id" = r."caseId"
$$;

-- The triggers are SECURITY DEFINER: the app's role changes cases and tasks but may not touch the
-- tallies. They run once per statement, over the statement's rows (transition tables), so a bulk
-- insert (an import, the large seed) appends one row per group, not per case. Each reads the
-- window FOR SHARE, so a rebuild (FOR UPDATE) waits for the transactions that appended under the
-- old window, and one that appends after waits for the rebuild and sees the new window.
CREATE FUNCTION follow_up_tally_cases() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  w "TallyWindow";
BEGIN
  SELECT * INTO w FROM "TallyWindow" FOR SHARE;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "CaseTally"
      SELECT s.country, r."area", r."state", r."ownerId", follow_up_tally_due(r."dueAt", w."starts", w."ends"), count(*)::int
      FROM new_rows r CROSS JOIN unnest(ARRAY[r."countryCode", '*']) AS s(country)
      GROUP BY 1, 2, 3, 4, 5;
    RETURN NULL;
  END IF;
  -- An update: the rows whose counted columns changed (most updates, a text edit or a substate's
  -- change, change none), -1 as they were and +1 as they are.
  INSERT INTO "CaseTally"
    SELECT s.country, r."area", r."state", r."ownerId", follow_up_tally_due(r."dueAt", w."starts", w."ends"), sum(r.n)::int
    FROM (
      SELECT side.*
      FROM old_rows o JOIN new_rows c USING ("id")
      CROSS JOIN LATERAL (VALUES
        (o."countryCode", o."area", o."state", o."ownerId", o."dueAt", -1),
        (c."countryCode", c."area", c."state", c."ownerId", c."dueAt", 1)
      ) AS side("countryCode", "area", "state", "ownerId", "dueAt", n)
      WHERE (o."countryCode", o."area", o."state", o."ownerId", o."dueAt")
        IS DISTINCT FROM (c."countryCode", c."area", c."state", c."ownerId", c."dueAt")
    ) r CROSS JOIN unnest(ARRAY[r."countryCode", '*']) AS s(country)
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(r.n) <> 0;
  -- A case moved to another State takes its tasks along.
  INSERT INTO "TaskTally"
    SELECT m.country, t."state", coalesce(t."assigneeUserId", ''), t."assigneeOrgId",
      follow_up_tally_due(t."dueAt", w."starts", w."ends"), m.n
    FROM old_rows o JOIN new_rows c USING ("id")
    JOIN "Task" t ON t."caseId" = c."id"
    CROSS JOIN LATERAL (VALUES (o."countryCode", -1), (c."countryCode", 1)) AS m(country, n)
    WHERE o."countryCode" <> c."countryCode";
  RETURN NULL;
END
$$;

-- A deleted case, and its tasks with it: counted off before the deletion, while the tasks are
-- there (the tasks' own trigger then finds no case for them and adds nothing). Row by row: no
-- screen deletes cases in bulk.
CREATE FUNCTION follow_up_tally_case_deleted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  w "TallyWindow";
BEGIN
  SELECT * INTO w FROM "TallyWindow" FOR SHARE;
  INSERT INTO "CaseTally"
    SELECT s.country, OLD."area", OLD."state", OLD."ownerId", follow_up_tally_due(OLD."dueAt", w."starts", w."ends"), -1
    FROM unnest(ARRAY[OLD."countryCode", '*']) AS s(country);
  INSERT INTO "TaskTally"
    SELECT x.* FROM "Task" t CROSS JOIN LATERAL follow_up_tally_task_rows(t, -1, w) x
    WHERE t."caseId" = OLD."id";
  RETURN OLD;
END
$$;

-- For an update, every row as it was (-1) and as it is (+1): the unchanged ones cancel out.
CREATE FUNCTION follow_up_tally_tasks() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  w "TallyWindow";
BEGIN
  SELECT * INTO w FROM "TallyWindow" FOR SHARE;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "TaskTally"
      SELECT x."countryCode", x."state", x."assigneeUserId", x."assigneeOrgId", x."due", sum(x.n)::int
      FROM new_rows r CROSS JOIN LATERAL follow_up_tally_task_rows(r, 1, w) x
      GROUP BY 1, 2, 3, 4, 5;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "TaskTally"
      SELECT x."countryCode", x."state", x."assigneeUserId", x."assigneeOrgId", x."due", sum(x.n)::int
      FROM old_rows r CROSS JOIN LATERAL follow_up_tally_task_rows(r, -1, w) x
      GROUP BY 1, 2, 3, 4, 5;
  ELSE
    INSERT INTO "TaskTally"
      SELECT x."countryCode", x."state", x."assigneeUserId", x."assigneeOrgId", x."due", sum(x.n)::int
      FROM (
        SELECT x.* FROM new_rows r CROSS JOIN LATERAL follow_up_tally_task_rows(r, 1, w) x
        UNION ALL
        SELECT x.* FROM old_rows r CROSS JOIN LATERAL follow_up_tally_task_rows(r, -1, w) x
      ) x
      GROUP BY 1, 2, 3, 4, 5 HAVING sum(x.n) <> 0;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Case_tally_insert" AFTER INSERT ON "Case"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_tally_cases();
CREATE TRIGGER "Case_tally_update" AFTER UPDATE ON "Case"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_tally_cases();
CREATE TRIGGER "Case_tally_delete" BEFORE DELETE ON "Case"
  FOR EACH ROW EXECUTE FUNCTION follow_up_tally_case_deleted();
CREATE TRIGGER "Task_tally_insert" AFTER INSERT ON "Task"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_tally_tasks();
CREATE TRIGGER "Task_tally_update" AFTER UPDATE ON "Task"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_tally_tasks();
CREATE TRIGGER "Task_tally_delete" AFTER DELETE ON "Task"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_tally_tasks();

-- Sets the window and counts every case and task again. Run as the owner (maintenance, this migration).
CREATE FUNCTION follow_up_tally_rebuild(starts date, ends date) RETURNS void
LANGUAGE plpgsql SET search_path = public AS $$
BEGIN
  PERFORM 1 FROM "TallyWindow" FOR UPDATE;
  INSERT INTO "TallyWindow" ("starts", "ends") VALUES (starts, ends)
    ON CONFLICT ("only") DO UPDATE SET "starts" = excluded."starts", "ends" = excluded."ends";
  DELETE FROM "CaseTally";
  DELETE FROM "TaskTally";
  INSERT INTO "CaseTally"
    SELECT coalesce(c."countryCode", '*'), c."area", c."state", c."ownerId", c.due, count(*)::int
    FROM (SELECT *, follow_up_tally_due("dueAt", starts, ends) AS due FROM "Case") c
    GROUP BY GROUPING SETS ((c."countryCode", c."area", c."state", c."ownerId", c.due),
                            (c."area", c."state", c."ownerId", c.due));
  INSERT INTO "TaskTally"
    SELECT coalesce(t."countryCode", '*'), t."state", t."assigneeUserId", t."assigneeOrgId", t.due, count(*)::int
    FROM (SELECT c."countryCode", t."state", coalesce(t."assigneeUserId", '') AS "assigneeUserId", t."assigneeOrgId",
            follow_up_tally_due(t."dueAt", starts, ends) AS due
          FROM "Task" t JOIN "Case" c ON c."id" = t."caseId") t
    GROUP BY GROUPING SETS ((t."countryCode", t."state", t."assigneeUserId", t."assigneeOrgId", t.due),
                            (t."state", t."assigneeUserId", t."assigneeOrgId", t.due));
END
$$;

SELECT follow_up_tally_rebuild((now() AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date + 22);
