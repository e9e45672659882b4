-- Nothing used retainUntil; it becomes the copy's deletion date, with its index.
ALTER TABLE "Recording" RENAME COLUMN "retainUntil" TO "deleteAfter";
ALTER INDEX "Recording_retainUntil_idx" RENAME TO "Recording_deleteAfter_idx";

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "legalHoldAt" TIMESTAMP(3),
ADD COLUMN     "legalHoldReason" TEXT;

-- AlterTable
ALTER TABLE "Flow" ADD COLUMN     "recordingRetentionDays" INTEGER;

-- AlterTable
ALTER TABLE "Recording" ADD COLUMN     "contentType" TEXT,
ADD COLUMN     "copiedAt" TIMESTAMP(3),
ADD COLUMN     "copyAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "copyError" TEXT,
ADD COLUMN     "copyFailedAt" TIMESTAMP(3),
ADD COLUMN     "dataKey" TEXT,
ADD COLUMN     "dataKeyId" TEXT,
ADD COLUMN     "providerDeletedAt" TIMESTAMP(3),
ADD COLUMN     "sha256" TEXT,
ADD COLUMN     "sizeBytes" INTEGER,
ADD COLUMN     "storageKey" TEXT;

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "deleteProviderRecordings" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "recordingRetentionDays" INTEGER NOT NULL DEFAULT 90,
ADD COLUMN     "retentionPurgesCallDetails" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "RecordingDeletion" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "recordingId" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "deleteAfter" TIMESTAMP(3),
    "sizeBytes" INTEGER,
    "sha256" TEXT,
    "callDetailsPurged" BOOLEAN NOT NULL DEFAULT false,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecordingDeletion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecordingDeletion_tenantId_deletedAt_idx" ON "RecordingDeletion"("tenantId", "deletedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "RecordingDeletion_recordingId_reason_key" ON "RecordingDeletion"("recordingId", "reason");

-- CreateIndex
CREATE INDEX "Recording_tenantId_copyFailedAt_idx" ON "Recording"("tenantId", "copyFailedAt");

-- CreateIndex
CREATE INDEX "Recording_dataKeyId_idx" ON "Recording"("dataKeyId");

-- AddForeignKey
ALTER TABLE "RecordingDeletion" ADD CONSTRAINT "RecordingDeletion_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;


