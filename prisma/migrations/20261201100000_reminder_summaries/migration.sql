-- CreateTable
CREATE TABLE "Reminder" (
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "taskId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notifiedAt" TIMESTAMP(3),

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("userId","key")
);

-- CreateIndex
CREATE INDEX "Reminder_notifiedAt_userId_idx" ON "Reminder"("notifiedAt", "userId");

