-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "externalRefs" JSONB,
ADD COLUMN     "notes" TEXT,
ADD COLUMN     "placedByUserId" UUID,
ADD COLUMN     "wrapUpAnswers" JSONB,
ADD COLUMN     "wrappedUpAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ProviderAccount" ADD COLUMN     "twimlAppSid" TEXT,
ADD COLUMN     "twimlAppVoiceUrl" TEXT,
ADD COLUMN     "voiceTokenTtlSeconds" INTEGER NOT NULL DEFAULT 3600;

-- CreateTable
CREATE TABLE "Contact" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "company" TEXT NOT NULL DEFAULT '',
    "email" TEXT,
    "notes" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactNumber" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "e164" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "ContactNumber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundPolicy" (
    "tenantId" UUID NOT NULL,
    "maxConcurrentCalls" INTEGER NOT NULL DEFAULT 5,
    "maxCallsPerMinute" INTEGER NOT NULL DEFAULT 10,
    "allowedCountries" TEXT[] DEFAULT ARRAY['US', 'CA']::TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutboundPolicy_pkey" PRIMARY KEY ("tenantId")
);

-- CreateIndex
CREATE INDEX "Contact_tenantId_name_idx" ON "Contact"("tenantId", "name");

-- CreateIndex
CREATE INDEX "ContactNumber_contactId_idx" ON "ContactNumber"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "ContactNumber_tenantId_e164_key" ON "ContactNumber"("tenantId", "e164");

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactNumber" ADD CONSTRAINT "ContactNumber_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactNumber" ADD CONSTRAINT "ContactNumber_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboundPolicy" ADD CONSTRAINT "OutboundPolicy_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
