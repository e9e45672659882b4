-- Outbound calls: the provider accounts asked to place the call, in order, and why one was passed over (failover).
ALTER TABLE "Call" ADD COLUMN     "placementAttempts" JSONB;
