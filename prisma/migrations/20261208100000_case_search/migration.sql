-- The case list's free-text search (app/models/cases.server.ts searchSql): a trigram index on the
-- one expression the search is written on, which serves ILIKE '%...%' on the reference, title and
-- text at once. Without it, every search read every case: 0.8 s at 100,000 cases on PGlite.
-- pg_trgm is a trusted extension (PostgreSQL 13 and later; PGlite loads it: app/db/client.server.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Case_search_idx" ON "Case" USING gin ((ref || ' ' || title || ' ' || text) gin_trgm_ops);

-- The same policy on cases, with a State's scope written out in the policy itself rather than in
-- a SECURITY DEFINER function called once per row (which the planner cannot see into): a State's
-- reads then cost what the same query costs without the policy. Partners keep the function.
DROP POLICY "Case_scope" ON "Case";
CREATE POLICY "Case_scope" ON "Case" TO follow_up_app
  USING (
    current_setting('follow_up.scope', true) = 'all'
    OR (current_setting('follow_up.scope', true) = 'country' AND "countryCode" = current_setting('follow_up.country', true))
    OR (current_setting('follow_up.scope', true) = 'organization' AND follow_up_sees_case("countryCode", "id"))
  );
