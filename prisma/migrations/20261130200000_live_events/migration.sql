-- Live events: the history's ids become commit-ordered and gapless, so that they can serve as the
-- ordered ids of the live feed (docs/realtime.md). A sequence would not do: with concurrent
-- transactions, id 11 can commit before id 10, and a client that saw 11 would never ask for 10.
-- The trigger takes the next id from a one-row counter; the row stays locked until the inserting
-- transaction commits, so ids are handed out in commit order.

-- AlterTable
ALTER TABLE "CaseEvent" ADD COLUMN     "caseVersion" INTEGER;

-- CreateTable
CREATE TABLE "ScheduledJob" (
    "name" TEXT NOT NULL,
    "lastRunAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScheduledJob_pkey" PRIMARY KEY ("name")
);

-- The event counter (not a Prisma model: only the trigger uses it).
CREATE TABLE "EventCounter" (
    "id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),
    "last" BIGINT NOT NULL
);
INSERT INTO "EventCounter" ("id", "last") SELECT 1, COALESCE(MAX("id"), 0) FROM "CaseEvent";

CREATE FUNCTION "CaseEvent_next_id"() RETURNS trigger AS $$
BEGIN
  UPDATE "EventCounter" SET "last" = "last" + 1 WHERE "id" = 1 RETURNING "last" INTO NEW."id";
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "CaseEvent_ordered_id" BEFORE INSERT ON "CaseEvent"
  FOR EACH ROW EXECUTE FUNCTION "CaseEvent_next_id"();
