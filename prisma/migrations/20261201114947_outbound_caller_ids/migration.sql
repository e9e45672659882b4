-- AlterTable
ALTER TABLE "OutboundPolicy" ADD COLUMN     "callerIdNumbers" TEXT[] DEFAULT ARRAY[]::TEXT[];
