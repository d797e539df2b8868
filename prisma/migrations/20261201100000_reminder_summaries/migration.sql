-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "about" JSONB;

-- CreateTable
CREATE TABLE "Reminder" (
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "taskId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("userId","key")
);

-- CreateTable
CREATE TABLE "ReminderPending" (
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "cases" INTEGER NOT NULL,
    "tasks" INTEGER NOT NULL,
    "first" JSONB NOT NULL,

    CONSTRAINT "ReminderPending_pkey" PRIMARY KEY ("userId","kind")
);

