-- Row-level security: defence in depth beside the access module (app/access/scopes.server.ts).
-- Whatever a signed-in person's request asks of the database runs, one transaction at a time, as
-- the non-superuser role "follow_up_app" with the person's scope as settings
-- (app/db/row-security.server.ts):
--   follow_up.scope         all | country | organization (anything else: no row at all)
--   follow_up.country       the State a government's focal point acts for
--   follow_up.organization  a partner's organisation
--   follow_up.task_states   the task states in which a partner sees its tasks (comma-separated)
-- and these policies then hide, even from a query that forgets the app's filter, every case, task,
-- evidence item and history entry outside that scope. Jobs, migrations and scripts run as the
-- tables' owner, which row security does not restrict (it is not FORCEd). The app refuses to start
-- if the role could bypass the policies (app/db/row-security.server.ts assertRowSecurity).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'follow_up_app') THEN
    CREATE ROLE follow_up_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
-- The app's own login (the owner of the tables) may switch to it.
GRANT follow_up_app TO CURRENT_USER;

GRANT USAGE ON SCHEMA public TO follow_up_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO follow_up_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO follow_up_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO follow_up_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO follow_up_app;

-- Whether the scope includes a case (its State and id). SECURITY DEFINER: it reads tasks as the
-- owner, or a policy on "Case" reading "Task", whose policy reads "Case", would recurse.
CREATE FUNCTION follow_up_sees_case(case_country TEXT, case_id TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT CASE current_setting('follow_up.scope', true)
    WHEN 'all' THEN true
    WHEN 'country' THEN case_country = current_setting('follow_up.country', true)
    WHEN 'organization' THEN EXISTS (
      SELECT 1 FROM "Task" t
      WHERE t."caseId" = case_id
        AND t."assigneeOrgId" = current_setting('follow_up.organization', true)
        AND t."state" = ANY (string_to_array(current_setting('follow_up.task_states', true), ','))
    )
    ELSE false
  END
$$;

CREATE FUNCTION follow_up_sees_case_id(case_id TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT COALESCE((SELECT follow_up_sees_case(c."countryCode", c."id") FROM "Case" c WHERE c."id" = case_id), false)
$$;

-- A partner sees a task of its own organisation in a partner-visible state; the other scopes see
-- every task of the cases they see.
CREATE FUNCTION follow_up_sees_task(task_id TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT current_setting('follow_up.scope', true) IN ('all', 'country') OR EXISTS (
    SELECT 1 FROM "Task" t
    WHERE t."id" = task_id
      AND t."assigneeOrgId" = current_setting('follow_up.organization', true)
      AND t."state" = ANY (string_to_array(current_setting('follow_up.task_states', true), ','))
  )
$$;

ALTER TABLE "Case" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Case_scope" ON "Case" TO follow_up_app
  USING (current_setting('follow_up.scope', true) = 'all' OR follow_up_sees_case("countryCode", "id"));

ALTER TABLE "Task" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Task_scope" ON "Task" TO follow_up_app
  USING (
    current_setting('follow_up.scope', true) = 'all'
    OR (follow_up_sees_case_id("caseId") AND (
      current_setting('follow_up.scope', true) = 'country'
      OR ("assigneeOrgId" = current_setting('follow_up.organization', true)
          AND "state" = ANY (string_to_array(current_setting('follow_up.task_states', true), ',')))
    ))
  );

ALTER TABLE "Evidence" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Evidence_scope" ON "Evidence" TO follow_up_app
  USING (
    current_setting('follow_up.scope', true) = 'all'
    OR (follow_up_sees_case_id("caseId") AND (
      current_setting('follow_up.scope', true) = 'country'
      OR ("taskId" IS NOT NULL AND follow_up_sees_task("taskId"))
    ))
  );

ALTER TABLE "CaseEvent" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "CaseEvent_scope" ON "CaseEvent" TO follow_up_app
  USING (
    current_setting('follow_up.scope', true) = 'all'
    OR (follow_up_sees_case_id("caseId") AND ("taskId" IS NULL OR follow_up_sees_task("taskId")))
  );

-- The history's seal reads the previous entry, which the person appending may not see: it runs
-- as the owner.
ALTER FUNCTION "CaseEvent_seal"() SECURITY DEFINER;
ALTER FUNCTION "CaseEvent_seal"() SET search_path = public;
