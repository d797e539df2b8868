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

-- A task's rows, +1 or -1, under its State and '*'.
CREATE FUNCTION follow_up_tally_task_rows(country text, t "Task", n integer, w "TallyWindow") RETURNS void
LANGUAGE sql SET search_path = public AS $$
  INSERT INTO "TaskTally"
    SELECT c, t."state", coalesce(t."assigneeUserId", ''), t."assigneeOrgId",
      follow_up_tally_due(t."dueAt", w."starts", w."ends"), n
    FROM unnest(ARRAY[country, '*']) AS c
$$;

-- SECURITY DEFINER: the app's role changes cases and tasks but may not touch the tallies. The
-- window is read FOR SHARE, so a rebuild (FOR UPDATE) waits for the transactions that appended
-- under the old window, and one that appends after waits for the rebuild and sees the new window.
CREATE FUNCTION follow_up_tally_case() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  w "TallyWindow";
  t "Task";
BEGIN
  SELECT * INTO w FROM "TallyWindow" FOR SHARE;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "CaseTally"
      SELECT c, OLD."area", OLD."state", OLD."ownerId", follow_up_tally_due(OLD."dueAt", w."starts", w."ends"), -1
      FROM unnest(ARRAY[OLD."countryCode", '*']) AS c;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO "CaseTally"
      SELECT c, NEW."area", NEW."state", NEW."ownerId", follow_up_tally_due(NEW."dueAt", w."starts", w."ends"), 1
      FROM unnest(ARRAY[NEW."countryCode", '*']) AS c;
  END IF;
  -- A deleted case's tasks go with it (BEFORE, while they are there; their own trigger then finds
  -- no case and adds nothing), and a case moved to another State takes its tasks along.
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD."countryCode" <> NEW."countryCode") THEN
    FOR t IN SELECT * FROM "Task" WHERE "caseId" = OLD."id" LOOP
      PERFORM follow_up_tally_task_rows(OLD."countryCode", t, -1, w);
      IF TG_OP = 'UPDATE' THEN PERFORM follow_up_tally_task_rows(NEW."countryCode", t, 1, w); END IF;
    END LOOP;
  END IF;
  RETURN OLD;
END
$$;

CREATE FUNCTION follow_up_tally_task() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  w "TallyWindow";
  country text;
BEGIN
  SELECT * INTO w FROM "TallyWindow" FOR SHARE;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT "countryCode" INTO country FROM "Case" WHERE "id" = OLD."caseId";
    IF country IS NOT NULL THEN PERFORM follow_up_tally_task_rows(country, OLD, -1, w); END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    SELECT "countryCode" INTO country FROM "Case" WHERE "id" = NEW."caseId";
    PERFORM follow_up_tally_task_rows(country, NEW, 1, w);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Case_tally_insert" AFTER INSERT ON "Case"
  FOR EACH ROW EXECUTE FUNCTION follow_up_tally_case();
CREATE TRIGGER "Case_tally_delete" BEFORE DELETE ON "Case"
  FOR EACH ROW EXECUTE FUNCTION follow_up_tally_case();
-- Most updates (a text edit, a substate's change) leave the counted columns alone.
CREATE TRIGGER "Case_tally_update" AFTER UPDATE ON "Case" FOR EACH ROW
  WHEN ((OLD."countryCode", OLD."area", OLD."state", OLD."ownerId", OLD."dueAt")
    IS DISTINCT FROM (NEW."countryCode", NEW."area", NEW."state", NEW."ownerId", NEW."dueAt"))
  EXECUTE FUNCTION follow_up_tally_case();
CREATE TRIGGER "Task_tally_insert_delete" AFTER INSERT OR DELETE ON "Task"
  FOR EACH ROW EXECUTE FUNCTION follow_up_tally_task();
CREATE TRIGGER "Task_tally_update" AFTER UPDATE ON "Task" FOR EACH ROW
  WHEN ((OLD."caseId", OLD."state", OLD."assigneeUserId", OLD."assigneeOrgId", OLD."dueAt")
    IS DISTINCT FROM (NEW."caseId", NEW."state", NEW."assigneeUserId", NEW."assigneeOrgId", NEW."dueAt"))
  EXECUTE FUNCTION follow_up_tally_task();

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
