-- SignalWire (LaML) and Telnyx (TeXML): TwiML dialects the runtime's Twilio adapter speaks.
ALTER TYPE "CallProvider" ADD VALUE 'SIGNALWIRE';
ALTER TYPE "CallProvider" ADD VALUE 'TELNYX';
ALTER TYPE "ProviderKind" ADD VALUE 'SIGNALWIRE';
ALTER TYPE "ProviderKind" ADD VALUE 'TELNYX';

-- The account outbound calls go out through when this one refuses them or is down.
ALTER TABLE "ProviderAccount" ADD COLUMN     "failoverAccountId" UUID;

ALTER TABLE "ProviderAccount" ADD CONSTRAINT "ProviderAccount_failoverAccountId_fkey" FOREIGN KEY ("failoverAccountId") REFERENCES "ProviderAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;
