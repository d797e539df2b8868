-- A tamper-evident history: each CaseEvent holds the SHA-256 of the previous entry's hash and its
-- own canonical form, in the order of its id (gapless and in commit order: migration
-- 20261130200000_live_events), and the database refuses to change or delete entries. Editing an
-- entry, or deleting one, behind the app's back (with the triggers disabled) breaks the chain at
-- that entry: app/audit/history-chain.server.ts (npm run audit:verify) finds it.

ALTER TABLE "CaseEvent" ADD COLUMN "hash" TEXT;

-- The canonical form of an entry: every column but the hash, as one JSON array (jsonb's text form
-- is deterministic). app/audit/history-chain.server.ts writes the same expression to check it.
CREATE FUNCTION "CaseEvent_canonical"(e "CaseEvent") RETURNS TEXT AS $$
  SELECT jsonb_build_array(
    e."id"::text, e."caseId", e."actorId", e."type", e."fromState", e."toState", e."reason",
    e."responseText", e."caseVersion", e."package", e."taskId",
    to_char(e."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS')
  )::text
$$ LANGUAGE sql IMMUTABLE;

-- Existing entries, in order.
DO $$
DECLARE
  r "CaseEvent";
  previous TEXT := '';
BEGIN
  FOR r IN SELECT * FROM "CaseEvent" ORDER BY "id" LOOP
    previous := encode(sha256(convert_to(previous || "CaseEvent_canonical"(r), 'UTF8')), 'hex');
    UPDATE "CaseEvent" SET "hash" = previous WHERE "id" = r."id";
  END LOOP;
END $$;

-- Sealed on insert, after "CaseEvent_ordered_id" gave the id (triggers fire in name order). The
-- previous entry is committed or in this transaction: the counter's row lock orders the inserts.
CREATE FUNCTION "CaseEvent_seal"() RETURNS trigger AS $$
DECLARE
  previous TEXT;
BEGIN
  SELECT "hash" INTO previous FROM "CaseEvent" WHERE "id" = NEW."id" - 1;
  NEW."hash" := encode(sha256(convert_to(COALESCE(previous, '') || "CaseEvent_canonical"(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "CaseEvent_sealed" BEFORE INSERT ON "CaseEvent"
  FOR EACH ROW EXECUTE FUNCTION "CaseEvent_seal"();

-- Append-only: an UPDATE, DELETE or TRUNCATE of the history is refused.
CREATE FUNCTION "CaseEvent_refuse_change"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The case history is append-only: % refused', TG_OP USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "CaseEvent_append_only" BEFORE UPDATE OR DELETE ON "CaseEvent"
  FOR EACH ROW EXECUTE FUNCTION "CaseEvent_refuse_change"();
CREATE TRIGGER "CaseEvent_no_truncate" BEFORE TRUNCATE ON "CaseEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "CaseEvent_refuse_change"();
