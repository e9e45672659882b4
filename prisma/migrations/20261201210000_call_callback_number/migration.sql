-- The number a caller confirmed to be called back on.
ALTER TABLE "Call" ADD COLUMN "callbackNumber" TEXT;
