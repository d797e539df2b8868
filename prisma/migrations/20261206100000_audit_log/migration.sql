-- The audit log: who did what, when, from where, in which request. Like the case history
-- (migrations 20261130200000_live_events and 20261204100000_history_chain) its ids are gapless and
-- in commit order (a one-row counter whose row lock is held until commit), each entry is sealed
-- with the SHA-256 of the previous entry's hash and its own canonical form, and the database
-- refuses to change or delete entries. app/domain/hash-chains.server.ts (npm run audit:verify)
-- checks the chain.

CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "caseId" TEXT,
    "details" JSONB,
    "address" TEXT,
    "requestId" TEXT,
    "hash" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "AuditEntry_action_id_idx" ON "AuditEntry"("action", "id");
CREATE INDEX "AuditEntry_actorId_id_idx" ON "AuditEntry"("actorId", "id");
CREATE INDEX "AuditEntry_caseId_id_idx" ON "AuditEntry"("caseId", "id");
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

CREATE TABLE "AuditCounter" (
    "id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),
    "last" BIGINT NOT NULL
);
INSERT INTO "AuditCounter" ("id", "last") VALUES (1, 0);

CREATE FUNCTION "AuditEntry_canonical"(e "AuditEntry") RETURNS TEXT AS $$
  SELECT jsonb_build_array(
    e."id"::text, to_char(e."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS'), e."actorId", e."actorEmail",
    e."action", e."subjectType", e."subjectId", e."caseId", e."details", e."address", e."requestId"
  )::text
$$ LANGUAGE sql IMMUTABLE;

-- The id from the counter, then the seal (one trigger: the seal needs the id).
CREATE FUNCTION "AuditEntry_seal"() RETURNS trigger AS $$
DECLARE
  previous TEXT;
BEGIN
  UPDATE "AuditCounter" SET "last" = "last" + 1 WHERE "id" = 1 RETURNING "last" INTO NEW."id";
  SELECT "hash" INTO previous FROM "AuditEntry" WHERE "id" = NEW."id" - 1;
  NEW."hash" := encode(sha256(convert_to(COALESCE(previous, '') || "AuditEntry_canonical"(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEntry_sealed" BEFORE INSERT ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "AuditEntry_seal"();

CREATE FUNCTION "AuditEntry_refuse_change"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The audit log is append-only: % refused', TG_OP USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEntry_append_only" BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "AuditEntry_refuse_change"();
CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "AuditEntry_refuse_change"();
