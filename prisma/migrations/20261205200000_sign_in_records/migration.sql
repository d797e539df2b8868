-- CreateTable
CREATE TABLE "SignInRecord" (
    "id" BIGSERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "address" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,

    CONSTRAINT "SignInRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SignInRecord_userId_at_idx" ON "SignInRecord"("userId", "at");

-- CreateIndex
CREATE INDEX "SignInRecord_at_idx" ON "SignInRecord"("at");

-- AddForeignKey
ALTER TABLE "SignInRecord" ADD CONSTRAINT "SignInRecord_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

