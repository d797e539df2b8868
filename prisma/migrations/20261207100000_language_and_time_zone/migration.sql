-- The interface language and time zone a person chose (null: their browser's).
ALTER TABLE "User" ADD COLUMN "locale" TEXT,
ADD COLUMN "timeZone" TEXT;
