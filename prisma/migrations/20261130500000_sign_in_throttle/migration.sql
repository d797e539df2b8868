-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "hits" TIMESTAMPTZ(3)[],
    "admitted" BOOLEAN NOT NULL,

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

-- Carry the failures still in the 15-minute window over, so that deploying this does not hand
-- every account and address a fresh allowance. "LoginFailure".at (timestamp without time zone)
-- was always filled by its default, CURRENT_TIMESTAMP in the session's time zone: read it back in
-- the same one.
INSERT INTO "SignInThrottle" ("key", "hits", "admitted")
SELECT k, array_agg(h ORDER BY h), true
FROM (
    SELECT 'account:' || "email" AS k, "at"::timestamptz AS h FROM "LoginFailure"
    UNION ALL
    SELECT 'address:' || "ip", "at"::timestamptz FROM "LoginFailure"
) f
WHERE h > now() - interval '15 minutes'
GROUP BY k;

-- DropTable
DROP TABLE "LoginFailure";
