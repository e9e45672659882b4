-- DropIndex
DROP INDEX "Call_provider_providerCallId_key";

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "test" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "Call_tenantId_provider_providerCallId_key" ON "Call"("tenantId", "provider", "providerCallId");


