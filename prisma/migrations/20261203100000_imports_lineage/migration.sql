-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "followsCaseId" TEXT,
ADD COLUMN     "importId" TEXT;

-- CreateTable
CREATE TABLE "RecommendationImport" (
    "id" TEXT NOT NULL,
    "assessmentId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "rows" JSONB NOT NULL,
    "warnings" JSONB NOT NULL,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "RecommendationImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecommendationImport_assessmentId_createdAt_idx" ON "RecommendationImport"("assessmentId", "createdAt");

-- CreateIndex
CREATE INDEX "Case_followsCaseId_idx" ON "Case"("followsCaseId");

-- CreateIndex
CREATE INDEX "Case_assessmentId_idx" ON "Case"("assessmentId");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_followsCaseId_fkey" FOREIGN KEY ("followsCaseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_importId_fkey" FOREIGN KEY ("importId") REFERENCES "RecommendationImport"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationImport" ADD CONSTRAINT "RecommendationImport_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationImport" ADD CONSTRAINT "RecommendationImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

