-- AlterTable
ALTER TABLE "CaseEvent" ADD COLUMN     "responseText" TEXT;

-- CreateTable
CREATE TABLE "CaseDocument" (
    "name" TEXT NOT NULL,
    "state" BYTEA NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseDocument_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "CaseDocumentUpdate" (
    "id" BIGSERIAL NOT NULL,
    "docName" TEXT NOT NULL,
    "update" BYTEA NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseDocumentUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseDocumentUpdate_docName_id_idx" ON "CaseDocumentUpdate"("docName", "id");

